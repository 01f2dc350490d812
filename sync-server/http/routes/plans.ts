// POST /plans/import: an official-layout .xlsx (multipart or raw) or a JSON plan, plus the period fields.
import { Router, type Request } from "express";
import { z } from "zod";
import { badRequest, unprocessable } from "../../errors.ts";
import type { Deps } from "../../use-cases/context.ts";
import {
  PeriodFieldsSchema,
  UnitMappingSchema,
  importPlan,
  type PlanSource,
  type UnitResolution,
} from "../../use-cases/plans.ts";
import { actorOf, requireAuth, requireRole } from "../auth.ts";
import { fieldIssues, firstIssueLine } from "../../use-cases/issues.ts";
import { langOf, parseRequest } from "../parse.ts";
import { XLSX_TYPE, uploadedGrid, xlsxBody } from "../upload-body.ts";

export { XLSX_TYPE };

export function planRoutes(deps: Deps): Router {
  const router = Router();
  const body = xlsxBody(deps.config.UPLOAD_LIMIT_BYTES, 20);

  router.post("/plans/import", requireAuth(deps), requireRole("coordinator"), ...body, async (req, res) => {
    const source = await planSource(req);
    const { unitMapping, addUnits, ...fieldsFrom } = (
      Buffer.isBuffer(req.body) ? req.query : { ...req.body, plan: undefined }
    ) as Record<string, unknown>;
    const units = unitResolution(unitMapping, addUnits);
    const fields = PeriodFieldsSchema.safeParse(stripUndefined(fieldsFrom));
    if (!fields.success) {
      const issues = fieldIssues(fields.error);
      throw unprocessable("invalid-period-fields", firstIssueLine(issues), { issues });
    }
    const period = await importPlan(deps, source, fields.data, langOf(req), {
      actor: actorOf(req),
      units,
    });
    res.status(201).location(`/api/v1/periods/${period.id}`).json(period);
  });
  return router;
}

async function planSource(req: Request): Promise<PlanSource> {
  const sheet = await uploadedGrid(req);
  if (sheet) return { kind: "grid", grid: sheet.grid };
  if (req.is("application/json")) {
    const body = parseRequest(req, "body", PlanBodySchema);
    return { kind: "json", plan: body.plan };
  }
  throw badRequest(
    "no-plan",
    '请发送 .xlsx 文件（multipart 字段 "file"）或 JSON / send an .xlsx file (multipart field "file") or JSON { plan, period, … }',
  );
}

const PlanBodySchema = z.object({ plan: z.unknown() });

/**
 * The unknown-unit mapping of a publish: `unitMapping` (an object, or its JSON text in a multipart
 * field) maps each unknown name to a unit or to "+" / "新增"; `addUnits` ("true") adds the rest.
 */
function unitResolution(mapping: unknown, addUnits: unknown): UnitResolution {
  let map: unknown = mapping;
  if (typeof mapping === "string" && mapping.trim() !== "") {
    try {
      map = JSON.parse(mapping);
    } catch {
      throw unprocessable("invalid-unit-mapping", "unitMapping 不是 JSON / unitMapping is not JSON");
    }
  }
  const parsed = UnitMappingSchema.optional().safeParse(map === "" ? undefined : map);
  if (!parsed.success)
    throw unprocessable(
      "invalid-unit-mapping",
      `unitMapping：应为 { 未知名称: 单位名称 或 "+" } / unitMapping: expected { unknown name: unit or "+" }`,
    );
  if (parsed.data && Object.keys(parsed.data).length > 500)
    throw unprocessable("invalid-unit-mapping", "unitMapping 过大 / unitMapping is too large");
  return {
    addUnits: addUnits === true || addUnits === "true" || addUnits === "1",
    ...(parsed.data ? { map: parsed.data } : {}),
  };
}

function stripUndefined(value: unknown): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries((value ?? {}) as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== ""),
  );
}
