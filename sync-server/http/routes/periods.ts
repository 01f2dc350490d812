// Everything under /periods: tasks, submissions, the merged sheet, coverage, history, lock and returns.
import { Router } from "express";
import { z } from "zod";
import { splitDetail } from "../../../schema/api.ts";
import { badRequest } from "../../errors.ts";
import type { Deps } from "../../use-cases/context.ts";
import { coverage } from "../../use-cases/coverage.ts";
import { taskHistory } from "../../use-cases/history.ts";
import { merged } from "../../use-cases/merged.ts";
import { PeriodIdSchema } from "../../use-cases/plans.ts";
import { NewReturnSchema, returnRow, setLocked, visibleReturns } from "../../use-cases/periods.ts";
import { IdempotencyKeySchema, SubmissionSchema, submit } from "../../use-cases/submissions.ts";
import { listTasks } from "../../use-cases/tasks.ts";
import { mergedWorkbook } from "../../xlsx/merged.ts";
import { actorOf, requireAuth, requireRole } from "../auth.ts";
import { langOf, parseRequest } from "../parse.ts";
import { XLSX_TYPE } from "./plans.ts";

const PeriodParams = z.strictObject({ id: PeriodIdSchema });
const TaskParams = z.strictObject({
  id: PeriodIdSchema,
  seq: z.coerce.number().int().positive().max(100_000),
});
const TasksQuery = z.strictObject({
  scope: z.enum(["mine", "all"]).default("mine"),
  unit: z.string().trim().min(1).max(100).optional(),
});

export function periodRoutes(deps: Deps): Router {
  const router = Router();
  const auth = requireAuth(deps);
  const coordinator = requireRole("coordinator");

  router.get("/periods", auth, async (_req, res) => {
    res.json({ periods: await deps.store.listPeriods() });
  });

  router.get("/periods/:id/tasks", auth, async (req, res) => {
    const { id } = parseRequest(req, "params", PeriodParams);
    const query = parseRequest(req, "query", TasksQuery);
    res.json(await listTasks(deps, actorOf(req), id, query));
  });

  router.post("/periods/:id/submissions", auth, requireRole("coordinator", "reporter"), async (req, res) => {
    const { id } = parseRequest(req, "params", PeriodParams);
    const key = idempotencyKey(req.headers["idempotency-key"]);
    const body = parseRequest(req, "body", SubmissionSchema);
    const { response, replayed } = await submit(deps, actorOf(req), id, body, key, langOf(req));
    if (replayed) res.setHeader("Idempotent-Replayed", "true");
    res.json(response);
  });

  router.get("/periods/:id/merged", auth, async (req, res) => {
    const { id } = parseRequest(req, "params", PeriodParams);
    const answer = await merged(deps, id);
    res.setHeader("ETag", answer.etag);
    res.setHeader("Cache-Control", "private, no-cache");
    if (req.headers["if-none-match"] === answer.etag) return void res.status(304).end();
    res.json(answer);
  });

  router.get("/periods/:id/merged.xlsx", auth, async (req, res) => {
    const { id } = parseRequest(req, "params", PeriodParams);
    const file = await mergedWorkbook(await merged(deps, id));
    res.type(XLSX_TYPE);
    res.setHeader("Content-Disposition", `attachment; filename="keywork-${id}-merged.xlsx"`);
    res.send(file);
  });

  // Every role reads coverage: the merged sheet, which every role reads, carries it too (the read rule).
  router.get("/periods/:id/coverage", auth, async (req, res) => {
    const { id } = parseRequest(req, "params", PeriodParams);
    res.json(await coverage(deps, id));
  });

  router.get("/periods/:id/tasks/:seq/history", auth, async (req, res) => {
    const { id, seq } = parseRequest(req, "params", TaskParams);
    res.json({ entries: await taskHistory(deps, id, seq) });
  });

  router.post("/periods/:id/lock", auth, coordinator, async (req, res) => {
    const { id } = parseRequest(req, "params", PeriodParams);
    res.json(await setLocked(deps, id, true, actorOf(req)));
  });

  router.post("/periods/:id/unlock", auth, coordinator, async (req, res) => {
    const { id } = parseRequest(req, "params", PeriodParams);
    res.json(await setLocked(deps, id, false, actorOf(req)));
  });

  router.post("/periods/:id/returns", auth, coordinator, async (req, res) => {
    const { id } = parseRequest(req, "params", PeriodParams);
    const body = parseRequest(req, "body", NewReturnSchema);
    res.status(201).json(await returnRow(deps, actorOf(req), id, body));
  });

  router.get("/periods/:id/returns", auth, async (req, res) => {
    const { id } = parseRequest(req, "params", PeriodParams);
    res.json({ returns: await visibleReturns(deps, actorOf(req), id) });
  });
  return router;
}

function idempotencyKey(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  const parsed = IdempotencyKeySchema.safeParse(Array.isArray(header) ? header[0] : header);
  if (!parsed.success) {
    // The schema's message is bilingual: each half gets the header's name, so neither reader loses it.
    const { zh, en } = splitDetail(parsed.error.issues[0]?.message ?? "");
    throw badRequest(
      "invalid-idempotency-key",
      `Idempotency-Key 无效：${zh} / invalid Idempotency-Key: ${en}`,
    );
  }
  return parsed.data;
}
