// A per-caller request budget (fixed one-minute windows). In process memory: one process serves a
// city on SQLite; behind a load balancer each process enforces its own share (docs/sql-server.md).
import type { RequestHandler } from "express";
import { tooMany } from "../errors.ts";

export function rateLimit(perMinute: number, now: () => number = Date.now): RequestHandler {
  const windows = new Map<string, { start: number; count: number }>();
  return (req, _res, next) => {
    const auth = req.headers.authorization ?? "";
    // Keyed by token when there is one, else by address; the raw token never leaves this map's key space.
    const key = auth.startsWith("Bearer ") ? `t:${auth.slice(7, 27)}` : `a:${req.ip}`;
    const t = now();
    const window = windows.get(key);
    if (!window || t - window.start >= 60_000) {
      if (windows.size > 50_000) windows.clear();
      windows.set(key, { start: t, count: 1 });
      return next();
    }
    window.count++;
    if (window.count > perMinute) {
      return next(
        tooMany(
          "请求过于频繁,请稍后再试 / too many requests; try again shortly",
          Math.ceil((window.start + 60_000 - t) / 1000),
        ),
      );
    }
    next();
  };
}
