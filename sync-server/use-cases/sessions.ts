// Signing in and out, and turning a bearer token back into its user.
import { setTimeout as sleep } from "node:timers/promises";
import { AppError, forbidden, unauthorized } from "../errors.ts";
import { verifyPassword } from "../security/passwords.ts";
import { hashToken, looksLikeToken, newToken, sameHash } from "../security/tokens.ts";
import type { UserRecord } from "../store/store.ts";
import type { Actor, Deps } from "./context.ts";

// Compared against when the username is unknown, so a wrong username costs as much as a wrong password.
const DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export interface SessionAnswer {
  token: string;
  expiresAt: string;
  user: Actor;
  /** An initial or reset password: the client shows the change form; other calls answer 403 until then. */
  mustChangePassword: boolean;
}

export async function signIn(deps: Deps, username: string, password: string): Promise<SessionAnswer> {
  const { store, config } = deps;
  const now = deps.now();
  const user = await store.findUserByUsername(username);
  if (!user) {
    await verifyPassword(password, DUMMY_HASH);
    throw unauthorized("用户名或密码错误 / wrong username or password");
  }
  if (user.lockedUntil !== null && user.lockedUntil > now.toISOString()) {
    throw new AppError(
      429,
      "signin-locked",
      "登录失败次数过多,账户已暂时锁定 / too many failed sign-ins; the account is locked for a while",
      {
        lockedUntil: user.lockedUntil,
      },
    );
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    await recordFailure(deps, user, now);
    throw unauthorized("用户名或密码错误 / wrong username or password");
  }
  refuseDisabled(user);
  if (user.failedSignins > 0 || user.lockedUntil !== null) await store.setSigninState(user.id, 0, null);
  const token = newToken("session");
  const expiresAt = new Date(now.getTime() + config.SESSION_HOURS * 3600_000).toISOString();
  await store.createToken({
    hash: hashToken(token),
    userId: user.id,
    kind: "session",
    createdAt: now.toISOString(),
    expiresAt,
  });
  deps.logger.info({ user: user.username }, "signed in");
  return { token, expiresAt, user: actorOf(user), mustChangePassword: user.mustChangePassword };
}

/** Told only to whoever knows the password: the account exists but was disabled by a coordinator. */
function refuseDisabled(user: UserRecord): void {
  if (user.disabled)
    throw forbidden(
      "account-disabled",
      "账号已停用,请联系督查室 / this account is disabled; ask the coordinator",
    );
}

/** Each failure past the first few is answered more slowly; too many lock the account for a while. */
async function recordFailure(deps: Deps, user: UserRecord, now: Date): Promise<void> {
  const { config } = deps;
  const failures = user.failedSignins + 1;
  const lockedUntil =
    failures >= config.SIGNIN_MAX_FAILURES
      ? new Date(now.getTime() + config.SIGNIN_LOCK_MINUTES * 60_000).toISOString()
      : null;
  await deps.store.setSigninState(user.id, lockedUntil ? 0 : failures, lockedUntil);
  deps.logger.warn({ user: user.username, failures, locked: lockedUntil !== null }, "failed sign-in");
  if (failures > config.SIGNIN_SLOW_AFTER)
    await sleep(Math.min(2000, 100 * 2 ** (failures - config.SIGNIN_SLOW_AFTER)));
}

export async function signOut(deps: Deps, token: string): Promise<void> {
  await deps.store.deleteToken(hashToken(token));
}

export async function authenticate(deps: Deps, token: string): Promise<Actor> {
  if (!looksLikeToken(token)) throw unauthorized();
  const hash = hashToken(token);
  const found = await deps.store.findToken(hash, deps.now().toISOString());
  if (!found || !sameHash(found.token.hash, hash))
    throw unauthorized("登录已过期,请重新登录 / the session has expired; sign in again");
  return actorOf(found.user);
}

export function actorOf(user: UserRecord): Actor {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    unit: user.unit,
    role: user.role,
    ...(user.mustChangePassword ? { mustChangePassword: true } : {}),
  };
}
