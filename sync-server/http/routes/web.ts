// The web page's two server routes (for bureaus without the add-in):
//   GET  /periods/{id}/tasks.xlsx  — "my tasks" as an official-layout workbook to fill in any program;
//   POST /periods/{id}/uploads     — a filled workbook parsed and checked on the server; nothing stored.
// Submitting stays POST /periods/{id}/submissions, so the page gets exactly the add-in's guarantees.
import { Router } from "express";
import { z } from "zod";
import { badRequest, unprocessable } from "../../errors.ts";
import type { Deps } from "../../use-cases/context.ts";
import { loadPeriod, targetUnit } from "../../use-cases/periods.ts";
import { PeriodIdSchema } from "../../use-cases/plans.ts";
import { listTasks } from "../../use-cases/tasks.ts";
import { checkUpload } from "../../use-cases/uploads.ts";
import { myTasksWorkbook } from "../../xlsx/my-tasks.ts";
import { actorOf, requireAuth, requireRole } from "../auth.ts";
import { langOf, parseRequest } from "../parse.ts";
import { XLSX_TYPE, xlsxBody } from "../upload-body.ts";

const PeriodParams = z.strictObject({ id: PeriodIdSchema });
const UnitQuery = z.strictObject({ unit: z.string().trim().min(1).max(100).optional() });

export function webRoutes(deps: Deps): Router {
  const router = Router();
  const auth = requireAuth(deps);
  const body = xlsxBody(deps.config.UPLOAD_LIMIT_BYTES, 5);

  router.get("/periods/:id/tasks.xlsx", auth, async (req, res) => {
    const { id } = parseRequest(req, "params", PeriodParams);
    const { unit: requested } = parseRequest(req, "query", UnitQuery);
    const actor = actorOf(req);
    const { period, plan } = await loadPeriod(deps, id);
    const unit = targetUnit(actor, requested);
    const tasks = await listTasks(deps, actor, id, { scope: "mine", unit });
    if (tasks.rows.length === 0) {
      throw unprocessable("no-tasks", `${unit} 在 ${id} 没有承担的任务 / ${unit} has no tasks in ${id}`, {
        issues: [
          {
            seq: null,
            field: "unit",
            code: "no-tasks",
            message: `${unit} 在 ${id} 没有承担的任务 / ${unit} has no tasks in ${id}`,
          },
        ],
      });
    }
    const file = await myTasksWorkbook({
      period: { id: period.id, title: period.title },
      unit,
      plan,
      vocabulary: plan.vocabulary,
      rows: tasks.rows,
      server: `${req.protocol}://${req.get("host") ?? "localhost"}`,
      pulledAt: deps.now().toISOString(),
    });
    res.type(XLSX_TYPE);
    res.setHeader("Cache-Control", "private, no-store");
    res.setHeader(
      "Content-Disposition",
      attachment(`keywork-${id}-${unit}.xlsx`, `keywork-${id}-tasks.xlsx`),
    );
    res.send(file);
  });

  router.post(
    "/periods/:id/uploads",
    auth,
    requireRole("coordinator", "reporter"),
    ...body,
    async (req, res) => {
      const { id } = parseRequest(req, "params", PeriodParams);
      const { unit: requested } = parseRequest(req, "query", UnitQuery);
      const file = req.file?.buffer ?? (Buffer.isBuffer(req.body) ? req.body : null);
      if (!file)
        throw badRequest(
          "no-file",
          '请选择要上传的 .xlsx 文件(字段 file) / send the .xlsx as multipart field "file"',
        );
      res.json(await checkUpload(deps, actorOf(req), id, file, requested, langOf(req)));
    },
  );
  return router;
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266). */
function attachment(name: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
