// Periods after the first, coordinator only: POST /periods (roll over from a period, optionally with a
// new sheet), GET /periods/summary (what each holds), POST /periods/{id}/remind (催报 webhook).
import { Router } from "express";
import { z } from "zod";
import { unprocessable } from "../../errors.ts";
import type { Deps } from "../../use-cases/context.ts";
import { PeriodIdSchema, UnitMappingSchema } from "../../use-cases/plans.ts";
import { sendReminder } from "../../use-cases/reminders.ts";
import { RolloverSchema, periodSummaries, rollOver } from "../../use-cases/rollover.ts";
import { actorOf, requireAuth, requireRole } from "../auth.ts";
import { langOf, parseRequest } from "../parse.ts";
import { multipartFile, uploadedGrid } from "../upload-body.ts";

const PeriodParams = z.strictObject({ id: PeriodIdSchema });

export function periodAdminRoutes(deps: Deps): Router {
  const router = Router();
  const guard = [requireAuth(deps), requireRole("coordinator")];
  const upload = multipartFile(deps.config.UPLOAD_LIMIT_BYTES, 20);

  router.get("/periods/summary", ...guard, async (_req, res) => {
    res.json({ periods: await periodSummaries(deps) });
  });

  // JSON { period, from, due?, title? }, or multipart with the same fields and a new plan sheet "file".
  router.post("/periods", ...guard, upload, async (req, res) => {
    const { unitMapping, addUnits, ...fields } = (req.body ?? {}) as Record<string, unknown>;
    req.body = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== ""));
    const input = parseRequest(req, "body", RolloverSchema);
    let newPlan: Parameters<typeof rollOver>[4];
    const sheet = await uploadedGrid(req);
    if (sheet) {
      const grid = sheet.grid;
      const map = typeof unitMapping === "string" && unitMapping !== "" ? safeJson(unitMapping) : unitMapping;
      const parsedMap = UnitMappingSchema.optional().safeParse(map);
      if (!parsedMap.success)
        throw unprocessable(
          "invalid-unit-mapping",
          'unitMapping：应为 { 未知名称: 单位名称 或 "+" } / unitMapping: expected { unknown name: unit or "+" }',
        );
      newPlan = {
        source: { kind: "grid", grid },
        units: {
          addUnits: addUnits === "true" || addUnits === true,
          ...(parsedMap.data ? { map: parsedMap.data } : {}),
        },
      };
    }
    const period = await rollOver(deps, actorOf(req), input, langOf(req), newPlan);
    res.status(201).location(`/api/v1/periods/${period.id}`).json(period);
  });

  router.post("/periods/:id/remind", ...guard, async (req, res) => {
    const { id } = parseRequest(req, "params", PeriodParams);
    res.json(await sendReminder(deps, actorOf(req), id));
  });
  return router;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
