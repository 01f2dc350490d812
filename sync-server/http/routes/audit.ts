// GET /audit (coordinator only): the audit log, newest first, paged backwards with `before`.
import { Router } from "express";
import { z } from "zod";
import { AUDIT_PAGE_MAX, listAudit } from "../../use-cases/audit.ts";
import type { Deps } from "../../use-cases/context.ts";
import { requireAuth, requireRole } from "../auth.ts";
import { parseRequest } from "../parse.ts";

const int = (max: number) =>
  z
    .string()
    .regex(/^[1-9]\d{0,9}$/u, "应为正整数 / a positive whole number")
    .transform(Number)
    .refine((n) => n <= max, `不能大于 ${max} / at most ${max}`);

export const AuditQuerySchema = z.strictObject({
  before: int(2_147_483_647).optional(),
  limit: int(AUDIT_PAGE_MAX).optional(),
  action: z
    .string()
    .regex(/^[a-z]+(\.[a-z-]+)?$/u, "应为操作名,如 user.disable / an action name like user.disable")
    .max(64)
    .optional(),
  actor: z.string().min(1).max(160).optional(),
});

export function auditRoutes(deps: Deps): Router {
  const router = Router();
  router.get("/audit", requireAuth(deps), requireRole("coordinator"), async (req, res) => {
    const query = parseRequest(req, "query", AuditQuerySchema);
    const limit = query.limit ?? 100;
    const entries = await listAudit(deps, { ...query, limit });
    // The id to ask `before` for the next (older) page; null at the beginning of the log.
    const nextBefore = entries.length === limit ? entries[entries.length - 1]!.id : null;
    res.json({ entries, nextBefore });
  });
  return router;
}
