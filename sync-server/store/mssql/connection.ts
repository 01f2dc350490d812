// DATABASE_URL for SQL Server → an mssql (tedious) configuration. A pure function: no I/O, so every
// option a DBA may write is unit-tested without a server. Errors name the part that is wrong and
// never repeat the password (nor, to be safe, any other value taken from the URL).
//
//   mssql://user:password@host:1433/database?encrypt=true&trustServerCertificate=false
//
// Options (names are case-insensitive, so `MultiSubnetFailover=True` from a .NET string works too):
//   encrypt                 true (default) | false | strict (TDS 8.0, SQL Server 2022 / Azure SQL)
//   trustServerCertificate  false (default) | true — true only for a test server with a self-signed certificate
//   instanceName            a named instance (SQLEXPRESS …), found through the SQL Server Browser; no port then
//   domain                  Windows domain: signs in with NTLM as DOMAIN\user instead of a SQL login
//   multiSubnetFailover     true for an availability-group listener spanning subnets (tries all its IPs at once)
//   applicationIntent       ReadWrite (default) | ReadOnly (routes to a readable secondary; not for `serve`)
//   connectTimeout          milliseconds to open a connection (default 15000)
//   requestTimeout          milliseconds per statement, 0 = none (default 30000)
//   poolMin, poolMax        connections kept / allowed per process (defaults 0 and 10)
//   poolIdleTimeout         milliseconds before an idle pooled connection closes (default 30000)
//   appName                 shown in sys.dm_exec_sessions.program_name (default keywork)
import type { config as MssqlConfig } from "mssql";
import { z } from "zod";

export class MssqlUrlError extends Error {
  override readonly name = "MssqlUrlError";
  constructor(problem: string) {
    super(
      `invalid SQL Server DATABASE_URL: ${problem} (expected mssql://user:password@host:1433/database?encrypt=true; percent-encode special characters in the user name and password)`,
    );
  }
}

const bool = z
  .string()
  .transform((v) => v.toLowerCase())
  .pipe(z.enum(["true", "false", "yes", "no", "1", "0"]))
  .transform((v) => v === "true" || v === "yes" || v === "1");

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/u, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const OptionsSchema = z.strictObject({
  encrypt: z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(["true", "false", "yes", "no", "1", "0", "strict"], "must be true, false or strict"))
    .transform((v): boolean | "strict" =>
      v === "strict" ? "strict" : v === "true" || v === "yes" || v === "1",
    )
    .optional(),
  trustServerCertificate: bool.optional(),
  // SQL Server instance names: up to 16 characters, a letter, _, & or # first (MSSQLSERVER is the default one).
  instanceName: z
    .string()
    .regex(
      /^[A-Za-z_&#][A-Za-z0-9_&#$]{0,15}$/u,
      "must be a SQL Server instance name (1–16 letters, digits, _ & # $)",
    )
    .optional(),
  domain: z
    .string()
    .regex(/^[^\\/:*?"<>|\s]{1,255}$/u, "must be a Windows domain name")
    .optional(),
  multiSubnetFailover: bool.optional(),
  applicationIntent: z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(["readwrite", "readonly"], "must be ReadWrite or ReadOnly"))
    .optional(),
  connectTimeout: int(1000, 600_000).optional(),
  requestTimeout: int(0, 3_600_000).optional(),
  poolMin: int(0, 1000).optional(),
  poolMax: int(1, 1000).optional(),
  poolIdleTimeout: int(1000, 86_400_000).optional(),
  appName: z
    .string()
    .regex(/^[\x20-\x7e]{1,128}$/u, "must be 1–128 printable ASCII characters")
    .optional(),
});

type OptionName = keyof typeof OptionsSchema.shape;
const OPTION_BY_LOWER = new Map<string, OptionName>(
  (Object.keys(OptionsSchema.shape) as OptionName[]).map((name) => [name.toLowerCase(), name]),
);

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new MssqlUrlError(`the ${what} is not valid percent-encoding`);
  }
}

/** Parses `mssql://…` into the configuration `new sql.ConnectionPool(config)` takes. */
export function parseMssqlUrl(url: string): MssqlConfig {
  if (!/^mssql:\/\//iu.test(url)) throw new MssqlUrlError("it must start with mssql://");
  // A # starts a fragment and cuts the URL short, wherever it is: write it as %23.
  if (url.includes("#")) throw new MssqlUrlError("it contains a '#': write # in a password as %23");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Node's error carries the input, password and all: it is not passed on, not even as the cause.
    throw new MssqlUrlError("it is not a well-formed URL");
  }

  const host = parsed.hostname.replace(/^\[(.*)\]$/u, "$1");
  if (host === "") throw new MssqlUrlError("the host is missing");
  if (!/^[A-Za-z0-9.\-_:%]+$/u.test(host))
    throw new MssqlUrlError("the host is not a valid host name or address");

  const user = decode(parsed.username, "user name");
  const password = decode(parsed.password, "password");
  if (user === "") throw new MssqlUrlError("the user name is missing");
  if (password === "") throw new MssqlUrlError("the password is missing");

  const segments = parsed.pathname.split("/").filter((s) => s !== "");
  if (segments.length !== 1)
    throw new MssqlUrlError("the path must be exactly one database name (/database)");
  const database = decode(segments[0]!, "database name");
  if (database.length > 128 || [...database].some((c) => c < " " || c === "]")) {
    throw new MssqlUrlError(
      "the database name must be at most 128 characters, without control characters or ]",
    );
  }

  const raw: Partial<Record<OptionName, string>> = {};
  for (const [key, value] of parsed.searchParams) {
    const name = OPTION_BY_LOWER.get(key.toLowerCase());
    // Only the option's name is echoed; a password pasted as `?password=…` is not.
    if (!name)
      throw new MssqlUrlError(
        `unknown option "${key.slice(0, 40)}" (known: ${[...OPTION_BY_LOWER.values()].join(", ")})`,
      );
    if (raw[name] !== undefined) throw new MssqlUrlError(`option "${name}" is given twice`);
    raw[name] = value;
  }
  const result = OptionsSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new MssqlUrlError(`option "${String(issue.path[0])}" ${issue.message}`);
  }
  const o = result.data;

  let port: number | undefined;
  if (parsed.port !== "") {
    port = Number(parsed.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new MssqlUrlError("the port must be 1–65535");
  }
  if (o.instanceName !== undefined && port !== undefined) {
    throw new MssqlUrlError(
      "give either a port or an instanceName, not both (a named instance is found through the SQL Server Browser)",
    );
  }
  const poolMin = o.poolMin ?? 0;
  const poolMax = o.poolMax ?? 10;
  if (poolMin > poolMax) throw new MssqlUrlError(`option "poolMin" must not exceed poolMax`);

  return {
    server: host,
    ...(o.instanceName === undefined ? { port: port ?? 1433 } : {}),
    database,
    user,
    password,
    // mssql signs in with NTLM when a domain is given, with a SQL login otherwise.
    ...(o.domain === undefined ? {} : { domain: o.domain }),
    connectionTimeout: o.connectTimeout ?? 15_000,
    requestTimeout: o.requestTimeout ?? 30_000,
    pool: { min: poolMin, max: poolMax, idleTimeoutMillis: o.poolIdleTimeout ?? 30_000 },
    options: {
      encrypt: o.encrypt ?? true,
      trustServerCertificate: o.trustServerCertificate ?? false,
      ...(o.instanceName === undefined ? {} : { instanceName: o.instanceName }),
      multiSubnetFailover: o.multiSubnetFailover ?? false,
      readOnlyIntent: o.applicationIntent === "readonly",
      appName: o.appName ?? "keywork",
      // Dates travel as UTC; a statement error rolls the whole transaction back (SET XACT_ABORT ON
      // for every connection of the pool, on top of the SET in each transactional batch).
      useUTC: true,
      abortTransactionOnError: true,
      enableArithAbort: true,
    },
  };
}

/** Where a configuration points, for messages and logs: never the password. */
export function describeMssqlTarget(config: MssqlConfig): string {
  const instance = config.options?.instanceName;
  const where = instance ? `${config.server}\\${instance}` : `${config.server}:${config.port ?? 1433}`;
  const who = config.domain ? `${config.domain}\\${config.user ?? ""}` : (config.user ?? "");
  return `${where}/${config.database ?? ""} as ${who}`;
}
