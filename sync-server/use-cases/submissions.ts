// One-click submit: re-validated with the table's own rules, all rows or none, conflicts refused,
// retries answered from the first answer.
import { createHash } from "node:crypto";
import { z } from "zod";
import { ReportRowSchema, canonicalStatus, sheetFromRows, validate, type Lang } from "../../schema/index.ts";
import { AppError, conflict, forbidden, locked, notFound, unprocessable } from "../errors.ts";
import type { StoredPlan, SubmissionOutcome, SubmissionResponse, SubmittedRow } from "../store/store.ts";
import type { Actor, Deps } from "./context.ts";
import { toApiIssues } from "./issues.ts";
import { loadPeriod, targetUnit } from "./periods.ts";
import { planSeqs } from "./tasks.ts";
import { ruleContext, seqsNotOfUnit } from "./unit-rows.ts";

export const MAX_ROWS_PER_SUBMISSION = 5000;

export const SubmissionSchema = z.strictObject({
  /** The unit reported for; a reporter's own unit when omitted. */
  unit: z.string().trim().min(1).max(100).optional(),
  rows: z
    .array(ReportRowSchema.extend({ baseVersion: z.number().int().min(0) }))
    .min(1)
    .max(MAX_ROWS_PER_SUBMISSION),
});
export type SubmissionBody = z.infer<typeof SubmissionSchema>;

export const IdempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{8,200}$/u, "应为 8–200 个可打印 ASCII 字符 / 8–200 printable ASCII characters");

export async function submit(
  deps: Deps,
  actor: Actor,
  periodId: string,
  body: SubmissionBody,
  idempotencyKey: string | null,
  lang: Lang,
): Promise<{ response: SubmissionResponse; replayed: boolean }> {
  const { period, plan } = await loadPeriod(deps, periodId);
  const unit = targetUnit(actor, body.unit);

  checkSeqs(plan, unit, body);

  // A locked period skips validation: the store answers a retry of an earlier submission, or 423.
  if (!period.locked) await checkRows(deps, plan, period.previousPeriodId, unit, body, lang);

  // A recognised variant (完成, 滞后 …) is stored as its canonical value.
  const rows: SubmittedRow[] = body.rows.map((r) => ({
    ...r,
    status: canonicalStatus(r.status, plan.vocabulary),
  }));
  const outcome = await deps.store.applySubmission({
    periodId,
    unit,
    user: { id: actor.id, username: actor.username },
    rows,
    idempotencyKey,
    requestHash: requestHash(periodId, unit, body),
    at: deps.now().toISOString(),
  });
  if (outcome.kind === "applied")
    deps.logger.info(
      { period: periodId, unit, user: actor.username, rows: rows.length },
      "submission applied",
    );
  return answerOf(outcome, periodId);
}

/** Every row a task of this period, of the unit reported for, and once. */
function checkSeqs(plan: StoredPlan, unit: string, body: SubmissionBody): void {
  const tasks = planSeqs(plan);
  const unknown = body.rows.filter((r) => !tasks.has(r.seq)).map((r) => r.seq);
  if (unknown.length > 0) {
    throw notFound(
      "unknown-task",
      `序号 ${unknown.join("、")} 不在本期任务清单中 / tasks ${unknown.join(", ")} are not in this period`,
    );
  }
  const others = seqsNotOfUnit(
    plan,
    body.rows.map((r) => r.seq),
    unit,
  );
  if (others.length > 0) {
    throw forbidden(
      "other-unit-task",
      `序号 ${others.join("、")} 不是${unit}承担的任务 / tasks ${others.join(", ")} are not tasks of ${unit}`,
      {
        seqs: others,
      },
    );
  }
  const seen = new Set<number>();
  const repeated = body.rows.filter((r) => seen.size === seen.add(r.seq).size).map((r) => r.seq);
  if (repeated.length > 0) {
    throw unprocessable("duplicate-seq", `序号 ${repeated.join("、")} 重复 / repeated rows`, {
      issues: repeated.map((seq) => ({
        seq,
        field: "seq",
        code: "seq.duplicate",
        message: `序号 ${seq} 重复 / row ${seq} is repeated`,
      })),
    });
  }
}

/** The store's outcome as the answer, or the problem it means. */
function answerOf(
  outcome: SubmissionOutcome,
  periodId: string,
): { response: SubmissionResponse; replayed: boolean } {
  switch (outcome.kind) {
    case "applied":
      return { response: outcome.response, replayed: false };
    case "replayed":
      return { response: outcome.response, replayed: true };
    case "key-reused":
      throw unprocessable(
        "idempotency-key-reused",
        "幂等键已用于另一请求 / this Idempotency-Key was used for a different request",
        {
          issues: [
            {
              seq: null,
              field: "Idempotency-Key",
              code: "idempotency-key-reused",
              message: "同一幂等键用于不同内容 / key reused with a different body",
            },
          ],
        },
      );
    case "locked":
      throw locked(`报送期 ${periodId} 已锁定,不能再修改 / period ${periodId} is locked`);
    case "conflict":
      throw conflict(
        "version-conflict",
        "他人已修改了这些行,未保存任何内容 / someone else changed these rows since you pulled them; nothing was saved",
        {
          conflicts: outcome.conflicts,
        },
      );
    default:
      throw new AppError(500, "internal", "意外的提交结果 / unexpected submission outcome");
  }
}

/** Never trust the client: the rules that ran in the sheet run here again. */
async function checkRows(
  deps: Deps,
  plan: StoredPlan,
  previousPeriodId: string | null,
  unit: string,
  body: SubmissionBody,
  lang: Lang,
): Promise<void> {
  const tasks = planSeqs(plan);
  const { directory, previous } = await ruleContext(deps, previousPeriodId, unit);
  const sheet = sheetFromRows(
    body.rows.map((r) => ({
      seq: r.seq,
      task: tasks.get(r.seq)!.task,
      units: tasks.get(r.seq)!.units,
      status: r.status,
      progress: r.progress,
    })),
  );
  const issues = validate(sheet, {
    directory,
    vocabulary: plan.vocabulary,
    previous,
  }).filter((i) => i.severity === "error");
  if (issues.length > 0) {
    throw unprocessable(
      "invalid-rows",
      `${issues.length} 处错误,未保存任何内容 / ${issues.length} errors; nothing was saved`,
      {
        issues: toApiIssues(issues, lang, { withCells: false }),
      },
    );
  }
}

function requestHash(periodId: string, unit: string, body: SubmissionBody): string {
  const canonical = JSON.stringify([
    periodId,
    unit,
    body.rows.map((r) => [r.seq, r.status, r.progress, r.baseVersion]),
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}
