// POST /plans/import: an official-layout .xlsx (multipart or raw) or a JSON plan, plus the period fields.
import { Router, type Request } from "express";
import { z } from "zod";
import { badRequest, unprocessable } from "../../errors.ts";
import type { Deps } from "../../use-cases/context.ts";
import { PeriodFieldsSchema, importPlan, type PlanSource } from "../../use-cases/plans.ts";
import { readFirstSheetGrid } from "../../xlsx/grid.ts";
import { ZIP_MAGIC } from "../../xlsx/zip.ts";
import { requireAuth, requireRole } from "../auth.ts";
import { langOf, parseRequest } from "../parse.ts";
import { XLSX_TYPE, workbookProblem, xlsxBody } from "../upload-body.ts";

export { XLSX_TYPE };

export function planRoutes(deps: Deps): Router {
  const router = Router();
  const body = xlsxBody(deps.config.UPLOAD_LIMIT_BYTES, 20);

  router.post("/plans/import", requireAuth(deps), requireRole("coordinator"), ...body, async (req, res) => {
    const source = await planSource(req);
    const fieldsFrom = Buffer.isBuffer(req.body) ? req.query : { ...req.body, plan: undefined };
    const fields = PeriodFieldsSchema.safeParse(stripUndefined(fieldsFrom));
    if (!fields.success) {
      const issues = fields.error.issues.map((i) => ({
        seq: null,
        field: i.path.join("."),
        code: i.code,
        message: i.message,
      }));
      throw unprocessable("invalid-period-fields", `${issues[0]?.field}: ${issues[0]?.message}`, {
        issues,
      });
    }
    const period = await importPlan(deps, source, fields.data, langOf(req));
    res.status(201).location(`/api/v1/periods/${period.id}`).json(period);
  });
  return router;
}

async function planSource(req: Request): Promise<PlanSource> {
  const file = req.file?.buffer ?? (Buffer.isBuffer(req.body) ? req.body : null);
  if (file) {
    // Judged by content, not by name: an .xlsx is a zip archive.
    if (file.length < 4 || !file.subarray(0, 4).equals(ZIP_MAGIC)) {
      throw unprocessable("not-xlsx", "上传的文件不是 .xlsx 工作簿 / the upload is not an .xlsx workbook");
    }
    try {
      const { grid } = await readFirstSheetGrid(file);
      return { kind: "grid", grid };
    } catch (error) {
      // Over a limit: 413/422 naming it; unreadable: 422.
      throw workbookProblem(error) ?? error;
    }
  }
  if (req.is("application/json")) {
    const body = parseRequest(req, "body", PlanBodySchema);
    return { kind: "json", plan: body.plan };
  }
  throw badRequest("no-plan", 'send an .xlsx file (multipart field "file") or JSON { plan, period, … }');
}

const PlanBodySchema = z.object({ plan: z.unknown() });

function stripUndefined(value: unknown): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries((value ?? {}) as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== ""),
  );
}
