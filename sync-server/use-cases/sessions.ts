// Signing in and out, and turning a bearer token back into its user.
import { forbidden, unauthorized } from "../errors.ts";
import { verifyPassword } from "../security/passwords.ts";
import { hashToken, looksLikeToken, newToken, sameHash } from "../security/tokens.ts";
import type { UserRecord } from "../store/store.ts";
import type { Actor, Deps } from "./context.ts";
import { signinFailed, signinGate, signinSucceeded } from "./signin-throttle.ts";

// Compared against when the username is unknown, so a wrong username costs as much as a wrong password.
const DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export interface SessionAnswer {
  token: string;
  expiresAt: string;
  user: Actor;
  /** An initial or reset password: the client shows the change form; other calls answer 403 until then. */
  mustChangePassword: boolean;
}

/**
 * The one answer to every refused sign-in (unknown name, wrong password, too early after failures), so
 * neither the status, the body nor the work done tells them apart.
 */
export const SIGNIN_REFUSED =
  "用户名或密码错误;连续失败后请稍候再试 / wrong username or password; after repeated failures, wait a little before trying again";

export async function signIn(
  deps: Deps,
  username: string,
  password: string,
  address: string,
): Promise<SessionAnswer> {
  const { store, config } = deps;
  const now = deps.now();
  // Failures are counted in the store, for every process; a slowed caller is refused (signin-throttle.ts).
  const gate = await signinGate(deps, username, address);
  const user = await store.findUserByUsername(username);
  // Always one scrypt, against the user's hash or a dummy one: the same work for every outcome.
  const correct = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !correct || gate.throttled) {
    await signinFailed(deps, gate);
    deps.logger.warn(
      { user: username, address, failures: gate.failures, throttled: gate.throttled, known: user !== null },
      "failed sign-in",
    );
    throw unauthorized(SIGNIN_REFUSED);
  }
  refuseDisabled(user);
  await signinSucceeded(deps, gate);
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
