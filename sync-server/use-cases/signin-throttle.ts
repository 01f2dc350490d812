// Failed sign-ins slow down guessing without letting a stranger lock anyone out (issue 10, items 6 and 8).
//
// Every attempt is counted in the store before the password is checked, atomically, against two keys:
// the name as typed with the caller's address (`n:<name>|a:<address>`), and the address alone
// (`a:<address>`). A successful sign-in clears the first. From SIGNIN_SLOW_AFTER failures on, the next
// attempt of that name from that address must come a growing while after the previous one (1 s, 2 s,
// 4 s …); from SIGNIN_MAX_FAILURES on, SIGNIN_LOCK_MINUTES. The address alone gets the same doubling
// after SIGNIN_ADDRESS_SLOW_AFTER failures over all names (one address spraying many names). An
// attempt that comes too early is refused without being believed, even with the right password, and
// it counts too, so hammering only keeps the caller waiting. Nothing is keyed on the account alone: a
// stranger's guesses slow the stranger's own address, never the coordinator signing in from another.
// Counters are keyed on the name as typed, existing or not, so they tell nothing about who exists;
// they are forgotten SIGNIN_LOCK_MINUTES after the last attempt (housekeeping deletes them).
import type { Config } from "../config.ts";
import type { Deps } from "./context.ts";

export interface SigninGate {
  /** The key cleared by a successful sign-in. */
  nameKey: string;
  /** True when the attempt came too early: it is refused whatever the password. */
  throttled: boolean;
  failures: number;
}

type Limits = Pick<
  Config,
  "SIGNIN_SLOW_AFTER" | "SIGNIN_MAX_FAILURES" | "SIGNIN_LOCK_MINUTES" | "SIGNIN_ADDRESS_SLOW_AFTER"
>;

/** How long after the previous attempt the next one may come, given the failures before it. */
export function waitAfter(failures: number, slowAfter: number, maxFailures: number, lockMs: number): number {
  if (failures >= maxFailures) return lockMs;
  if (failures < slowAfter) return 0;
  return Math.min(1000 * 2 ** (failures - slowAfter), lockMs);
}

/** Counts the attempt and tells whether it may be believed. One store call, before the password check. */
export async function signinGate(deps: Deps, username: string, address: string): Promise<SigninGate> {
  const limits: Limits = deps.config;
  const now = deps.now();
  const lockMs = limits.SIGNIN_LOCK_MINUTES * 60_000;
  const nameKey = `n:${username}|a:${address}`;
  const [name, addr] = await deps.store.countSigninAttempt(
    [nameKey, `a:${address}`],
    now.toISOString(),
    new Date(now.getTime() + lockMs).toISOString(),
  );
  const tooEarly = (previousAt: string | null, wait: number) =>
    previousAt !== null && wait > 0 && now.getTime() < Date.parse(previousAt) + wait;
  const throttled =
    tooEarly(
      name!.previousAt,
      waitAfter(name!.failures - 1, limits.SIGNIN_SLOW_AFTER, limits.SIGNIN_MAX_FAILURES, lockMs),
    ) ||
    tooEarly(
      addr!.previousAt,
      waitAfter(addr!.failures - 1, limits.SIGNIN_ADDRESS_SLOW_AFTER, Number.POSITIVE_INFINITY, lockMs),
    );
  return { nameKey, throttled, failures: name!.failures };
}

/** A believed, correct sign-in: the name's count from this address starts again. */
export async function signinSucceeded(deps: Deps, gate: SigninGate): Promise<void> {
  await deps.store.clearSigninAttempts(gate.nameKey);
}
