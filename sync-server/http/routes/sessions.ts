// POST /sessions (sign in), DELETE /sessions/current (sign out), GET /me.
import { Router } from "express";
import { z } from "zod";
import type { Deps } from "../../use-cases/context.ts";
import { signIn, signOut } from "../../use-cases/sessions.ts";
import { actorOf, requireAuth } from "../auth.ts";
import { clientAddress } from "../client-address.ts";
import { parseRequest } from "../parse.ts";

export const SignInSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
});

export function sessionRoutes(deps: Deps): Router {
  const router = Router();
  router.post("/sessions", async (req, res) => {
    const { username, password } = parseRequest(req, "body", SignInSchema);
    const session = await signIn(deps, username, password, clientAddress(req));
    res.status(201).json(session);
  });
  router.delete("/sessions/current", requireAuth(deps, { beforePasswordChange: true }), async (req, res) => {
    await signOut(deps, req.token!);
    res.status(204).end();
  });
  router.get("/me", requireAuth(deps, { beforePasswordChange: true }), (req, res) => {
    const { username, name, unit, role, mustChangePassword } = actorOf(req);
    // The flag only when set, so the usual answer stays { username, name, unit, role }.
    res.json({ username, name, unit, role, ...(mustChangePassword ? { mustChangePassword: true } : {}) });
  });
  return router;
}
