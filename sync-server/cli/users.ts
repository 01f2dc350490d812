// `keywork users …`: the accounts of the city from the command line (issue 11). The audit log names
// the actor "cli:<os user>". Passwords are written to the --out sheet or printed once, never logged.
import { open, readFile, rm } from "node:fs/promises";
import { basename } from "node:path";
import { ROLE_NAMES } from "../../schema/roster.ts";
import {
  importRoster,
  listAccounts,
  resetPassword,
  setDisabled,
  setRole,
  setUnit,
} from "../use-cases/accounts.ts";
import type { Deps } from "../use-cases/context.ts";
import { readFirstSheetGrid, UnreadableWorkbookError } from "../xlsx/grid.ts";
import { initialPasswordsWorkbook } from "../xlsx/initial-passwords.ts";
import { commandDeps, guarded, options, UsageError } from "./args.ts";

export const USERS_USAGE = `usage:
  keywork users import ROSTER.xlsx --out initial-passwords.xlsx
  keywork users list [--json]
  keywork users reset-password USERNAME
  keywork users disable USERNAME | enable USERNAME
  keywork users set-role USERNAME coordinator|reporter|viewer (or 督查室|填报人|查阅)
  keywork users set-unit USERNAME UNIT   ("" for none; not for a reporter)`;

async function withDeps(body: (deps: Deps) => Promise<number>): Promise<number> {
  return guarded(async () => {
    const deps = await commandDeps();
    try {
      return await body(deps);
    } finally {
      await deps.store.close();
    }
  });
}

const SUBCOMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  import: importCommand,
  list: listCommand,
  "reset-password": (args) =>
    oneUser(args, "reset-password", async (deps, username) => {
      const answer = await resetPassword(deps, "cli", username);
      process.stdout.write(
        `password of ${answer.username} reset; one-time password (shown once, to be changed at sign-in):\n${answer.password}\n`,
      );
    }),
  disable: (args) =>
    oneUser(args, "disable", async (deps, username) => {
      await setDisabled(deps, "cli", username, true);
      process.stdout.write(`${username} disabled; its sessions and API tokens no longer work\n`);
    }),
  enable: (args) =>
    oneUser(args, "enable", async (deps, username) => {
      await setDisabled(deps, "cli", username, false);
      process.stdout.write(`${username} enabled\n`);
    }),
  "set-role": (args) =>
    oneUser(
      args,
      "set-role",
      async (deps, username, role) => {
        const user = await setRole(deps, "cli", username, role!);
        process.stdout.write(`${username} is now ${user.role} (${ROLE_NAMES[user.role].zh})\n`);
      },
      1,
    ),
  "set-unit": (args) =>
    oneUser(
      args,
      "set-unit",
      async (deps, username, unit) => {
        const user = await setUnit(deps, "cli", username, unit === "" ? null : unit!);
        process.stdout.write(`${username}'s unit is now ${user.unit ?? "(none)"}\n`);
      },
      1,
    ),
};

export async function usersCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const run = sub === undefined ? undefined : SUBCOMMANDS[sub];
  if (!run) {
    process.stderr.write(
      `keywork users: ${sub === undefined ? "a subcommand is needed" : `unknown subcommand "${sub}"`}\n${USERS_USAGE}\n`,
    );
    return 2;
  }
  return run(rest);
}

function oneUser(
  args: string[],
  name: string,
  body: (deps: Deps, username: string, value?: string) => Promise<void>,
  values = 0,
): Promise<number> {
  return withDeps(async (deps) => {
    const { positionals } = options(args, {}, 1 + values);
    if (positionals.length !== 1 + values) throw new UsageError(`用法 / users ${name}: ${USERS_USAGE}`);
    await body(deps, positionals[0]!, positionals[1]);
    return 0;
  });
}

function listCommand(args: string[]): Promise<number> {
  return withDeps(async (deps) => {
    const { values } = options(args, { json: { type: "boolean" } });
    const users = await listAccounts(deps);
    if (values.json) {
      const list = users.map(({ username, name, unit, role, disabled }) => ({
        username,
        name,
        unit,
        role,
        disabled,
      }));
      process.stdout.write(`${JSON.stringify(list)}\n`);
      return 0;
    }
    for (const u of users)
      process.stdout.write(
        `${u.username}\t${u.name}\t${u.unit ?? "-"}\t${u.role}\t${u.disabled ? "disabled" : "active"}${u.mustChangePassword ? "\tmust change password" : ""}\n`,
      );
    process.stdout.write(`${users.length} account(s)\n`);
    return 0;
  });
}

function importCommand(args: string[]): Promise<number> {
  return withDeps(async (deps) => {
    const { values, positionals } = options(args, { out: { type: "string" } }, 1);
    const file = positionals[0];
    if (!file || !values.out)
      throw new UsageError("用法 / usage: keywork users import ROSTER.xlsx --out initial-passwords.xlsx");
    const data = await readFile(file).catch(() => {
      throw new UsageError(`无法读取 ${file} / cannot read ${file}`);
    });
    let grid: unknown[][];
    try {
      ({ grid } = await readFirstSheetGrid(data));
    } catch (error) {
      if (error instanceof UnreadableWorkbookError) throw new UsageError(`${file}: ${error.message}`);
      throw error;
    }
    // The output is claimed before any account exists: a password sheet that cannot be written
    // would leave accounts nobody can sign in to. An existing file is never overwritten.
    const out = await open(values.out, "wx", 0o600).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EEXIST")
        throw new UsageError(
          `${values.out} 已存在，不会覆盖（请换一个 --out） / ${values.out} exists; it is never overwritten (choose another --out)`,
        );
      throw new UsageError(`无法创建 ${values.out} / cannot create ${values.out}: ${error.message}`);
    });
    let written = false;
    try {
      const accounts = await importRoster(deps, "cli", grid, basename(file));
      await out.writeFile(await initialPasswordsWorkbook(accounts));
      written = true;
      process.stdout.write(
        `${accounts.length} account(s) created; their one-time passwords are in ${values.out} (hand it out, then keep it safe)\n`,
      );
      return 0;
    } finally {
      await out.close();
      if (!written) await rm(values.out, { force: true });
    }
  });
}
