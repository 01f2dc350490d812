// `keywork <command>`: dispatches to one module per command. Exit codes: 0 ok, 1 failed check, 2 usage.
export type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  validate: async () => (await import("./validate.ts")).validateCommand,
  serve: async () => (await import("./serve.ts")).serveCommand,
  start: async () => (await import("./serve.ts")).startCommand,
  migrate: async () => (await import("./admin.ts")).migrateCommand,
  demo: async () => (await import("./admin.ts")).demoCommand,
  "add-user": async () => (await import("./admin.ts")).addUserCommand,
  users: async () => (await import("./users.ts")).usersCommand,
  audit: async () => (await import("./audit.ts")).auditCommand,
  "import-plan": async () => (await import("./admin.ts")).importPlanCommand,
  lock: async () => (await import("./admin.ts")).lockCommand(true),
  unlock: async () => (await import("./admin.ts")).lockCommand(false),
  export: async () => (await import("./admin.ts")).exportCommand,
  units: async () => (await import("./units.ts")).unitsCommand,
  periods: async () => (await import("./periods.ts")).periodsCommand,
  remind: async () => (await import("./periods.ts")).remindCommand,
};

export const USAGE = `Usage: keywork <command> [options]

Commands:
  validate FILE.xlsx [--units units.json] [--lang zh|en] [--json]   check a sheet against the table's rules
  serve [--port N] [--host H] [--dev-certs] [--workers N|auto]
                                       migrate the database and serve the API, task pane and web page;
                                       --dev-certs: HTTPS with office-addin-dev-certs' localhost certificate;
                                       --workers: N processes on one port (auto: one per core; default 1),
                                       a dead worker restarted, SIGTERM drains them all
  start [same options]                 serve, seeding the demo into an empty database (npm start)
  migrate                              apply pending database migrations
  demo                                 seed demo units, periods and accounts into an empty database
  add-user --username U --name N --unit UNIT --role coordinator|reporter|viewer [--password P] [--json]
  users import ROSTER.xlsx --out FILE.xlsx | list [--json] | reset-password U | disable U | enable U
        | set-role U ROLE | set-unit U UNIT     accounts: a roster at once (one-time passwords to FILE.xlsx), …
  audit [--json] [--limit N] [--action A] [--actor WHO] [--before ID]   the audit log, newest first
  import-plan FILE.xlsx --period ID [--title T] [--due DATE] [--add-units] [--map mapping.json|.xlsx]
  lock PERIOD | unlock PERIOD          close a period at the deadline, or reopen it
  export PERIOD --out FILE.xlsx        write the merged city-wide sheet
  units import FILE.xlsx|.json | list [--json] | export FILE.xlsx | rename OLD NEW | merge A B --into C
  periods new ID --from PERIOD [--due DATE] [--title T] [--plan FILE.xlsx] | periods list [--json]
  remind PERIOD                        send the units not reported to the 催报 robot (REMINDER_WEBHOOK_*)

Configuration comes from the environment: PORT, HOST, DATABASE_URL (default sqlite:./data/keywork.db),
LOG_LEVEL, CORS_ORIGINS, TLS_CERT_FILE, TLS_KEY_FILE, OFFICE_JS (local|cdn), WORKERS (as --workers).
See README.md.
`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`keywork: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  return (await load())(args);
}
