// Accounts, created by the administrator on the command line.
import { z } from "zod";
import { AppError, badRequest } from "../errors.ts";
import { generatePassword, hashPassword } from "../security/passwords.ts";
import { hashToken, newToken } from "../security/tokens.ts";
import { ROLES, UnknownUnitError, UsernameTakenError } from "../store/store.ts";
import { recordAudit, type AuditActor } from "./audit.ts";
import type { Deps } from "./context.ts";
import { fieldIssues } from "./issues.ts";

export const NewUserSchema = z.strictObject({
  username: z
    .string()
    .regex(/^[A-Za-z0-9._-]{2,64}$/u, "2–64 个字母、数字或 . _ - / 2–64 letters, digits, . _ -"),
  name: z.string().trim().min(1).max(100),
  unit: z.string().trim().min(1).max(100).nullable(),
  role: z.enum(ROLES as [string, ...string[]]).transform((r) => r as (typeof ROLES)[number]),
  password: z.string().min(10, "至少 10 个字符 / at least 10 characters").max(200).optional(),
});
export type NewUserInput = z.input<typeof NewUserSchema>;

export interface NewUserAnswer {
  username: string;
  password: string;
  /** A personal API token for scripts, shown once. */
  token: string;
}

/**
 * One account. A generated password is a one-time password (changed at first sign-in); one given with
 * --password (scripts, the demo) is not.
 */
export async function addUser(
  deps: Deps,
  input: NewUserInput,
  actor: AuditActor = "cli",
): Promise<NewUserAnswer> {
  const parsed = NewUserSchema.safeParse(input);
  if (!parsed.success) {
    throw badRequest(
      "invalid-user",
      fieldIssues(parsed.error)
        .map((i) => `${i.field}: ${i.message}`)
        .join("; "),
    );
  }
  const user = parsed.data;
  if (user.role === "reporter" && user.unit === null)
    throw badRequest("unit-required", "填报人须属于一个单位（--unit） / a reporter needs a unit (--unit)");
  const password = user.password ?? generatePassword();
  try {
    const created = await deps.store.createUser({
      username: user.username,
      name: user.name,
      unit: user.unit,
      role: user.role,
      passwordHash: await hashPassword(password),
      mustChangePassword: user.password === undefined,
    });
    await recordAudit(deps, actor, "user.create", created.username, {
      name: created.name,
      unit: created.unit,
      role: created.role,
    });
    const token = newToken("api");
    await deps.store.createToken({
      hash: hashToken(token),
      userId: created.id,
      kind: "api",
      createdAt: deps.now().toISOString(),
      expiresAt: null,
    });
    return { username: created.username, password, token };
  } catch (error) {
    if (error instanceof UsernameTakenError)
      throw new AppError(
        409,
        "username-taken",
        `用户名“${user.username}”已被占用 / username "${user.username}" is taken`,
      );
    if (error instanceof UnknownUnitError)
      throw badRequest(
        "unknown-unit",
        `单位“${user.unit}”不在单位名录中 / unit "${user.unit}" is not in the unit directory`,
      );
    throw error;
  }
}
