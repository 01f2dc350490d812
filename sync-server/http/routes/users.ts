// 账号管理 (coordinator only): list, roster check and import, reset password, disable/enable, role,
// unit. And everyone's own password change (POST /me/password), allowed before the first change.
import { Router, type Request } from "express";
import { z } from "zod";
import { badRequest } from "../../errors.ts";
import { hashToken } from "../../security/tokens.ts";
import {
  changeOwnPassword,
  checkRoster,
  importRoster,
  listAccounts,
  resetPassword,
  rosterIssues,
  setDisabled,
  setRole,
  setUnit,
} from "../../use-cases/accounts.ts";
import type { Deps } from "../../use-cases/context.ts";
import { initialPasswordsWorkbook } from "../../xlsx/initial-passwords.ts";
import { actorOf, requireAuth, requireRole } from "../auth.ts";
import { parseRequest } from "../parse.ts";
import { uploadedGrid, xlsxBody } from "../upload-body.ts";
import { XLSX_TYPE } from "./plans.ts";

const UsernameParams = z.strictObject({ username: z.string().regex(/^[A-Za-z0-9._-]{2,64}$/u) });
export const RoleBody = z.strictObject({ role: z.string().trim().min(1).max(40) });
export const UnitBody = z.strictObject({ unit: z.string().trim().max(100).nullable() });
export const PasswordBody = z.strictObject({
  current: z.string().min(1).max(200),
  next: z.string().min(1).max(400),
});

export function userRoutes(deps: Deps): Router {
  const router = Router();
  const coordinator = [requireAuth(deps), requireRole("coordinator")];
  const body = xlsxBody(deps.config.UPLOAD_LIMIT_BYTES, 5);

  router.get("/users", ...coordinator, async (_req, res) => {
    res.json({ users: await listAccounts(deps) });
  });

  // The roster checked, nothing created: the rows as they would be created, or every problem.
  router.post("/users/import/check", ...coordinator, ...body, async (req, res) => {
    const { grid } = await rosterGrid(req);
    const roster = await checkRoster(deps, grid);
    res.json({ rows: roster.rows, issues: rosterIssues(roster.issues) });
  });

  // Every account or none; the answer IS the initial-password sheet, so the server keeps no copy.
  router.post("/users/import", ...coordinator, ...body, async (req, res) => {
    const { grid, name } = await rosterGrid(req);
    const accounts = await importRoster(deps, actorOf(req), grid, name);
    const stamp = deps.now().toISOString().slice(0, 10);
    res
      .status(201)
      .type(XLSX_TYPE)
      .setHeader("Cache-Control", "no-store")
      .setHeader("X-Accounts-Created", String(accounts.length))
      .attachment(`initial-passwords-${stamp}.xlsx`)
      .send(await initialPasswordsWorkbook(accounts));
  });

  router.post("/users/:username/reset-password", ...coordinator, async (req, res) => {
    const { username } = parseRequest(req, "params", UsernameParams);
    res.setHeader("Cache-Control", "no-store");
    res.json(await resetPassword(deps, actorOf(req), username));
  });
  router.post("/users/:username/disable", ...coordinator, async (req, res) => {
    const { username } = parseRequest(req, "params", UsernameParams);
    res.json(await setDisabled(deps, actorOf(req), username, true));
  });
  router.post("/users/:username/enable", ...coordinator, async (req, res) => {
    const { username } = parseRequest(req, "params", UsernameParams);
    res.json(await setDisabled(deps, actorOf(req), username, false));
  });
  router.post("/users/:username/role", ...coordinator, async (req, res) => {
    const { username } = parseRequest(req, "params", UsernameParams);
    const { role } = parseRequest(req, "body", RoleBody);
    res.json(await setRole(deps, actorOf(req), username, role));
  });
  router.post("/users/:username/unit", ...coordinator, async (req, res) => {
    const { username } = parseRequest(req, "params", UsernameParams);
    const { unit } = parseRequest(req, "body", UnitBody);
    res.json(await setUnit(deps, actorOf(req), username, unit));
  });

  router.post("/me/password", requireAuth(deps, { beforePasswordChange: true }), async (req, res) => {
    const { current, next } = parseRequest(req, "body", PasswordBody);
    await changeOwnPassword(deps, actorOf(req), hashToken(req.token!), current, next);
    res.status(204).end();
  });
  return router;
}

/** The roster's first sheet, from a multipart field "file" or a raw .xlsx body. */
async function rosterGrid(req: Request): Promise<{ grid: unknown[][]; name: string }> {
  const sheet = await uploadedGrid(req);
  if (!sheet)
    throw badRequest("no-file", '请上传花名册 .xlsx / send the roster .xlsx (multipart field "file")');
  return { grid: sheet.grid, name: sheet.fileName ?? "roster.xlsx" };
}
