// Accounts, as the coordinator runs them (issue 11): a roster creates every account or none with
// random one-time passwords; list, reset a password, disable/enable, change role or unit; everyone
// changes their own password. Each administrative action appends an audit entry in its transaction.
import { checkPassword, describePasswordProblems } from "../../schema/passwords.ts";
import { parseRole, parseRoster, type ParsedRoster, type RosterIssue } from "../../schema/roster.ts";
import { buildDirectory, matchUnit } from "../../schema/units.ts";
import { AppError, conflict, notFound, unauthorized, unprocessable } from "../errors.ts";
import { generatePassword, hashPassword, verifyPassword } from "../security/passwords.ts";
import {
  LastCoordinatorError,
  UnknownUnitError,
  UsernameTakenError,
  type Role,
  type UserChange,
  type UserRecord,
} from "../store/store.ts";
import type { InitialPassword } from "../xlsx/initial-passwords.ts";
import { auditEntry, type AuditAction, type AuditActor } from "./audit.ts";
import type { Actor, Deps } from "./context.ts";

/** An account as lists show it: never the password hash. */
export interface AccountView {
  username: string;
  name: string;
  unit: string | null;
  role: Role;
  disabled: boolean;
  mustChangePassword: boolean;
  phone: string | null;
  email: string | null;
}

export function accountView(user: UserRecord): AccountView {
  return {
    username: user.username,
    name: user.name,
    unit: user.unit,
    role: user.role,
    disabled: user.disabled,
    mustChangePassword: user.mustChangePassword,
    phone: user.phone,
    email: user.email,
  };
}

export async function listAccounts(deps: Deps): Promise<AccountView[]> {
  return (await deps.store.listUsers()).map(accountView);
}

// ── the roster ──────────────────────────────────────────────────────────────────────────────────

/** Checks a roster against the directory and the accounts there are; creates nothing. */
export async function checkRoster(deps: Deps, grid: readonly (readonly unknown[])[]): Promise<ParsedRoster> {
  const [units, users] = await Promise.all([deps.store.listUnits(), deps.store.listUsers()]);
  return parseRoster(grid, {
    directory: buildDirectory(units),
    taken: new Set(users.map((u) => u.username)),
  });
}

/** The roster's problems as the API's issue list (422) and the command line print them. */
export function rosterIssues(issues: readonly RosterIssue[]) {
  return issues.map((i) => ({
    seq: null,
    row: i.row,
    cell: i.cell,
    field: i.field,
    code: i.code,
    message: `${i.message.zh} / ${i.message.en}`,
  }));
}

/**
 * Creates every account of the roster or none. Answers the initial passwords, to be written once to
 * the sheet handed out; they are never logged and never stored in plain.
 */
export async function importRoster(
  deps: Deps,
  actor: AuditActor,
  grid: readonly (readonly unknown[])[],
  source: string,
): Promise<InitialPassword[]> {
  const roster = await checkRoster(deps, grid);
  if (roster.issues.length > 0) {
    const first = roster.issues[0]!;
    throw unprocessable(
      "invalid-roster",
      `花名册有 ${roster.issues.length} 处问题,未创建任何账号:${first.message.zh} / the roster has ${roster.issues.length} problem(s); no account was created: ${first.message.en}`,
      { issues: rosterIssues(roster.issues) },
    );
  }
  const accounts = roster.rows.map((r) => ({ ...r, password: generatePassword() }));
  // scrypt runs on libuv's thread pool: the hashes are computed side by side.
  const hashes = await Promise.all(accounts.map((a) => hashPassword(a.password)));
  try {
    await deps.store.createUsers(
      accounts.map((a, i) => ({
        username: a.username,
        name: a.name,
        unit: a.unit,
        role: a.role,
        passwordHash: hashes[i]!,
        mustChangePassword: true,
        phone: a.phone,
        email: a.email,
      })),
      auditEntry(deps, actor, "users.import", source, {
        count: accounts.length,
        usernames: accounts.map((a) => a.username),
      }),
    );
  } catch (error) {
    // Taken or removed between the check and the transaction: nothing was created.
    if (error instanceof UsernameTakenError)
      throw conflict(
        "username-taken",
        `用户名“${error.message}”已被使用 / username "${error.message}" is taken`,
      );
    if (error instanceof UnknownUnitError)
      throw unprocessable(
        "unknown-unit",
        `单位“${error.unit}”不在单位名录中 / unit "${error.unit}" is not in the unit directory`,
      );
    throw error;
  }
  deps.logger.info({ count: accounts.length }, "roster imported");
  return accounts.map(({ username, name, unit, role, password }) => ({
    username,
    name,
    unit,
    role,
    password,
  }));
}

// ── one account ─────────────────────────────────────────────────────────────────────────────────

async function existing(deps: Deps, username: string): Promise<UserRecord> {
  const user = await deps.store.findUserByUsername(username);
  if (!user) throw notFound("no-user", `没有用户名为“${username}”的账号 / no account "${username}"`);
  return user;
}

async function change(
  deps: Deps,
  actor: AuditActor,
  username: string,
  changes: UserChange,
  action: AuditAction,
  detail: Record<string, unknown>,
): Promise<AccountView> {
  try {
    const updated = await deps.store.updateUser(
      username,
      changes,
      auditEntry(deps, actor, action, username, detail),
    );
    if (!updated) throw notFound("no-user", `没有用户名为“${username}”的账号 / no account "${username}"`);
    return accountView(updated);
  } catch (error) {
    if (error instanceof LastCoordinatorError)
      throw conflict(
        "last-coordinator",
        `“${username}”是最后一个在用的督查室账号,不能停用或改为其他角色 / "${username}" is the last active coordinator account; it cannot be disabled or given another role`,
      );
    if (error instanceof UnknownUnitError)
      throw unprocessable(
        "unknown-unit",
        `单位“${error.unit}”不在单位名录中 / unit "${error.unit}" is not in the unit directory`,
      );
    throw error;
  }
}

export async function setDisabled(
  deps: Deps,
  actor: AuditActor,
  username: string,
  disabled: boolean,
): Promise<AccountView> {
  await existing(deps, username);
  return change(deps, actor, username, { disabled }, disabled ? "user.disable" : "user.enable", {});
}

/** The role as the API names it or as the screens do (督查室 · 填报人 · 查阅). */
export async function setRole(
  deps: Deps,
  actor: AuditActor,
  username: string,
  roleText: string,
): Promise<AccountView> {
  const role = parseRole(roleText);
  if (!role)
    throw unprocessable(
      "bad-role",
      `角色“${roleText}”无效,应为 督查室 · 填报人 · 查阅 / role "${roleText}" is not one of coordinator, reporter, viewer`,
    );
  const user = await existing(deps, username);
  if (role === "reporter" && user.unit === null)
    throw unprocessable(
      "unit-required",
      `“${username}”没有单位,先设置单位再改为填报人 / "${username}" has no unit; set one before making them a reporter`,
    );
  return change(deps, actor, username, { role }, "user.set-role", { from: user.role, to: role });
}

/** The unit by any name or alias the directory knows; null (or empty) for none, except for a reporter. */
export async function setUnit(
  deps: Deps,
  actor: AuditActor,
  username: string,
  unitText: string | null,
): Promise<AccountView> {
  const user = await existing(deps, username);
  let unit: string | null = null;
  if (unitText !== null && unitText.trim() !== "") {
    const match = matchUnit(unitText, buildDirectory(await deps.store.listUnits()));
    if (match.kind === "unknown") {
      const near = match.suggestions;
      throw unprocessable(
        "unknown-unit",
        `单位“${unitText.trim()}”不在单位名录中${near.length ? `,是否为:${near.join("、")}` : ""} / unit "${unitText.trim()}" is not in the unit directory${near.length ? `; did you mean: ${near.join(", ")}` : ""}`,
        { suggestions: near },
      );
    }
    unit = match.canonical;
  } else if (user.role === "reporter") {
    throw unprocessable("unit-required", "填报人必须有单位 / a reporter needs a unit");
  }
  return change(deps, actor, username, { unit }, "user.set-unit", { from: user.unit, to: unit });
}

/**
 * A new random one-time password, answered once (the caller shows it, never logs it). The account's
 * sessions end, and the password must be changed at the next sign-in.
 */
export async function resetPassword(
  deps: Deps,
  actor: AuditActor,
  username: string,
): Promise<{ username: string; password: string }> {
  const user = await existing(deps, username);
  const password = generatePassword();
  await deps.store.replacePassword(
    user.id,
    { passwordHash: await hashPassword(password), mustChangePassword: true, keepToken: null },
    auditEntry(deps, actor, "user.reset-password", username, {}),
  );
  return { username, password };
}

/**
 * Everyone's own change: the current password, then a new one that keeps the rules
 * (schema/passwords.ts). The session it is made from stays; the account's other sessions end.
 */
export async function changeOwnPassword(
  deps: Deps,
  actor: Actor,
  tokenHash: string | null,
  current: string,
  next: string,
): Promise<void> {
  const user = await deps.store.findUserById(actor.id);
  if (!user) throw unauthorized();
  if (!(await verifyPassword(current, user.passwordHash)))
    throw new AppError(403, "wrong-current-password", "当前密码不正确 / the current password is wrong", {
      issues: [
        {
          seq: null,
          field: "current",
          code: "wrong-current-password",
          message: "当前密码不正确 / the current password is wrong",
        },
      ],
    });
  const problems = checkPassword(next, { username: user.username, current });
  if (problems.length > 0)
    throw unprocessable("weak-password", describePasswordProblems(problems), {
      issues: problems.map((code) => ({
        seq: null,
        field: "next",
        code,
        message: describePasswordProblems([code]),
      })),
    });
  await deps.store.replacePassword(
    user.id,
    { passwordHash: await hashPassword(next), mustChangePassword: false, keepToken: tokenHash },
    auditEntry(deps, actor, "user.change-password", user.username, {}),
  );
}
