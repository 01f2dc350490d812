// A per-caller request budget in one-minute windows (each caller's starts at its first request), counted in the store so every server process
// on the database shares it (issue 12). The caller is the signed-in user when the bearer token is
// verified, else the client address (clientAddress: IPv6 by /64): an attacker can rotate junk bearer
// values for free, but not its address or a real account. One small UPSERT per request; each caller
// keeps one row, and housekeeping deletes windows that ended (there is no global reset).
import type { RequestHandler } from "express";
import type { Logger } from "pino";
import { tooMany } from "../errors.ts";
import type { Store } from "../store/store.ts";
import type { Deps } from "../use-cases/context.ts";
import { countRequest } from "../use-cases/rate-limits.ts";
import { authenticate } from "../use-cases/sessions.ts";
import { clientAddress } from "./client-address.ts";

export function rateLimit(deps: Deps): RequestHandler {
  return async (req, _res, next) => {
    const key = await callerKey(deps, req);
    let counted: { retryAfter: number | null };
    try {
      counted = await countRequest(deps, key);
    } catch (error) {
      // The store cannot count (it is gone or read-only; readiness says so and writes answer 503):
      // the limiter lets the request through rather than turning every read into an error.
      warnOnce(deps.logger, deps.store, error);
      return next();
    }
    if (counted.retryAfter !== null)
      return next(
        tooMany("请求过于频繁,请稍后再试 / too many requests; try again shortly", counted.retryAfter),
      );
    next();
  };
}

/**
 * `u:<id>` for a verified bearer token (kept on the request, so requireAuth does not look it up
 * again), `a:<address>` for everything else, invalid tokens included.
 */
async function callerKey(deps: Deps, req: Parameters<RequestHandler>[0]): Promise<string> {
  const match = /^Bearer\s+(\S+)$/u.exec(req.headers.authorization ?? "");
  if (match) {
    try {
      req.actor = await authenticate(deps, match[1]!);
      req.token = match[1]!;
      return `u:${req.actor.id}`;
    } catch {
      // Not a valid token: counted against the address; requireAuth answers 401 where it matters.
    }
  }
  return `a:${clientAddress(req)}`;
}

const warned = new WeakSet<Store>();
function warnOnce(logger: Logger, store: Store, error: unknown): void {
  if (warned.has(store)) return;
  warned.add(store);
  logger.warn({ err: error }, "rate limiter could not count in the store; requests pass uncounted");
}
