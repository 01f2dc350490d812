// Bearer authentication and role checks.
import type { Request, RequestHandler } from "express";
import { forbidden, unauthorized } from "../errors.ts";
import type { Role } from "../store/store.ts";
import type { Actor, Deps } from "../use-cases/context.ts";
import { authenticate } from "../use-cases/sessions.ts";

declare module "express-serve-static-core" {
  interface Request {
    actor?: Actor;
    token?: string;
  }
}

export interface AuthOptions {
  /** The few calls allowed before an initial or reset password is changed: /me, sign-out, the change. */
  beforePasswordChange?: boolean;
}

export function requireAuth(deps: Deps, options: AuthOptions = {}): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)$/u.exec(header);
    if (!match) throw unauthorized();
    // Already verified by the rate limiter for this very token (rate-limit.ts); the checks below still run.
    if (!req.actor || req.token !== match[1]) {
      req.actor = await authenticate(deps, match[1]!);
      req.token = match[1]!;
    }
    if (req.actor.mustChangePassword && !options.beforePasswordChange) throw passwordChangeRequired();
    next();
  };
}

export const passwordChangeRequired = () =>
  forbidden(
    "password-change-required",
    "请先修改初始密码 / change your initial password first (POST /api/v1/me/password)",
  );

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const actor = actorOf(req);
    if (!roles.includes(actor.role)) {
      throw forbidden(
        "role",
        `此操作需要以下角色之一:${roles.join(", ")} / this needs one of the roles: ${roles.join(", ")}`,
      );
    }
    next();
  };
}

export function actorOf(req: Request): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}
