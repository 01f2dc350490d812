// The per-caller request budget, counted in the store (http/rate-limit.ts picks the caller's key).
import type { Deps } from "./context.ts";

/** One window per caller, starting at its first request after the previous one ended. */
export const RATE_WINDOW_MS = 60_000;

/** Counts one request of `key`; when over RATE_LIMIT_PER_MINUTE, the seconds until its window ends. */
export async function countRequest(deps: Deps, key: string): Promise<{ retryAfter: number | null }> {
  const t = deps.now().getTime();
  const window = await deps.store.hitRateLimit(
    key,
    new Date(t).toISOString(),
    new Date(t - RATE_WINDOW_MS).toISOString(),
  );
  if (window.hits <= deps.config.RATE_LIMIT_PER_MINUTE) return { retryAfter: null };
  const ends = Date.parse(window.windowStart) + RATE_WINDOW_MS;
  return { retryAfter: Math.max(1, Math.ceil((ends - t) / 1000)) };
}
