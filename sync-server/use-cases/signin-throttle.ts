// Failed sign-ins slow down guessing without letting a stranger lock anyone out (issue 10, items 6 and 8).
//
// Failures are counted in the store (atomically, so failures at the same instant in several processes
// all count) against two keys: the name as typed with the caller's address (`n:<name>|a:<address>`),
// and the address alone (`a:<address>`). A successful sign-in clears the first. From
// SIGNIN_SLOW_AFTER failures on, the next attempt of that name from that address must come a growing
// while after the last failure (1 s, 2 s, 4 s …); from SIGNIN_MAX_FAILURES on, SIGNIN_LOCK_MINUTES.
// The address alone gets the same doubling, capped at one minute, after SIGNIN_ADDRESS_SLOW_AFTER
// failures over all names (one address spraying many names). Only failures count, so a whole office
// behind one address signing in at 9:00 is never slowed by its own successes. While a key is slowed,
// each allowed attempt is claimed with a compare-and-set, so of many attempts sent at once one is
// checked and the rest refused. An attempt that comes too early is refused without being believed,
// even with the right password, and counts as a failure, so hammering only keeps the caller waiting.
// Nothing is keyed on the account alone: a stranger's guesses slow the stranger's own address, never
// the coordinator signing in from another. Counters are keyed on the name as typed, existing or not,
// so they tell nothing about who exists; they are forgotten SIGNIN_LOCK_MINUTES after the last
// failure (housekeeping deletes them).
import type { Config } from "../config.ts";
import type { Deps } from "./context.ts";

export interface SigninGate {
  nameKey: string;
  addressKey: string;
  /** True when the attempt came too early: it is refused whatever the password. */
  throttled: boolean;
  /** Failures of this name from this address before the attempt. */
  failures: number;
}

type Limits = Pick<
  Config,
  "SIGNIN_SLOW_AFTER" | "SIGNIN_MAX_FAILURES" | "SIGNIN_LOCK_MINUTES" | "SIGNIN_ADDRESS_SLOW_AFTER"
>;

/** The longest wait imposed on a whole address: an office behind one NAT is never shut out for long. */
export const ADDRESS_MAX_WAIT_MS = 60_000;

/** How long after the last failure the next attempt may come, given the failures so far. */
export function waitAfter(failures: number, slowAfter: number, maxFailures: number, lockMs: number): number {
  if (failures >= maxFailures) return lockMs;
  if (failures < slowAfter) return 0;
  return Math.min(1000 * 2 ** (failures - slowAfter), lockMs);
}

/** Tells whether the attempt may be believed; before the password check. */
export async function signinGate(deps: Deps, username: string, address: string): Promise<SigninGate> {
  const limits: Limits = deps.config;
  const now = deps.now();
  const lockMs = limits.SIGNIN_LOCK_MINUTES * 60_000;
  const nameKey = `n:${username}|a:${address}`;
  const addressKey = `a:${address}`;
  const found = await deps.store.peekSignin([nameKey, addressKey], now.toISOString());
  const name = found.find((k) => k.key === nameKey);
  const addr = found.find((k) => k.key === addressKey);
  const slowed = [
    {
      entry: name,
      wait: name ? waitAfter(name.failures, limits.SIGNIN_SLOW_AFTER, limits.SIGNIN_MAX_FAILURES, lockMs) : 0,
    },
    {
      entry: addr,
      wait: addr
        ? Math.min(
            waitAfter(addr.failures, limits.SIGNIN_ADDRESS_SLOW_AFTER, Number.POSITIVE_INFINITY, lockMs),
            ADDRESS_MAX_WAIT_MS,
          )
        : 0,
    },
  ];
  let throttled = false;
  for (const { entry, wait } of slowed) {
    if (throttled || !entry || wait === 0) continue;
    if (now.getTime() < Date.parse(entry.lastAt) + wait) throttled = true;
    // The wait is over: this attempt takes the slot, unless one sent at the same time took it first.
    else if (!(await deps.store.claimSignin(entry.key, entry.lastAt, now.toISOString()))) throttled = true;
  }
  return { nameKey, addressKey, throttled, failures: name?.failures ?? 0 };
}

/** A refused attempt (unknown name, wrong password, too early): counted against both keys. */
export async function signinFailed(deps: Deps, gate: SigninGate): Promise<void> {
  const now = deps.now();
  await deps.store.countSigninAttempt(
    [gate.nameKey, gate.addressKey],
    now.toISOString(),
    new Date(now.getTime() + deps.config.SIGNIN_LOCK_MINUTES * 60_000).toISOString(),
  );
}

/** A believed, correct sign-in: the name's count from this address starts again. */
export async function signinSucceeded(deps: Deps, gate: SigninGate): Promise<void> {
  await deps.store.clearSigninAttempts(gate.nameKey);
}
