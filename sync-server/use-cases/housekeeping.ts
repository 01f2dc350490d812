// Housekeeping: expired tokens, old idempotency answers, forgotten sign-in counters and ended rate
// windows are deleted, so no table only grows. One process at a time (a lease in the store): several
// processes on one database start together and tick hourly, and only the lease holder purges.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { RATE_WINDOW_MS } from "./rate-limits.ts";
import type { Deps } from "./context.ts";

/** How long a submission's answer is kept for retries: far longer than any client retries. */
export const ANSWER_DAYS = 7;
/** How often each process offers to do it. */
export const HOUSEKEEPING_INTERVAL_MS = 3600_000;
/** The lease outlives one run and ends before the next tick, so within an hour one process purges. */
export const HOUSEKEEPING_LEASE_MS = 50 * 60_000;
export const HOUSEKEEPING_LEASE = "housekeeping";

/** This process, as a lease holder: host, pid and a random part (pids repeat across restarts). */
export const processHolder = () => `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;

export async function purgeExpired(deps: Deps): Promise<{ tokens: number; answers: number }> {
  const now = deps.now();
  const answersBefore = new Date(now.getTime() - ANSWER_DAYS * 86_400_000).toISOString();
  const purged = await deps.store.purgeExpired(now.toISOString(), answersBefore);
  if (purged.tokens + purged.answers > 0) deps.logger.info(purged, "expired tokens and old answers purged");
  return purged;
}

export interface HousekeepingRun {
  tokens: number;
  answers: number;
  signins: number;
  rateLimits: number;
}

/** Purges everything when this process gets the lease; null when another process holds it. */
export async function runHousekeeping(deps: Deps, holder: string): Promise<HousekeepingRun | null> {
  const now = deps.now();
  const leased = await deps.store.acquireLease(
    HOUSEKEEPING_LEASE,
    holder,
    now.toISOString(),
    new Date(now.getTime() + HOUSEKEEPING_LEASE_MS).toISOString(),
  );
  if (!leased) {
    deps.logger.debug("housekeeping skipped: another process holds the lease");
    return null;
  }
  const purged = await purgeExpired(deps);
  const limits = await deps.store.purgeLimits(
    now.toISOString(),
    new Date(now.getTime() - RATE_WINDOW_MS).toISOString(),
  );
  if (limits.signins + limits.rateLimits > 0)
    deps.logger.info(limits, "forgotten sign-in counters and ended rate windows purged");
  return { ...purged, ...limits };
}
