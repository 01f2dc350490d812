// The web page's upload check as a use-case (no HTTP): read the workbook, trust its hidden sheet only as
// far as the actor may, run the table's rules. The route only parses the request and answers.
import { parse, validate, type DecodedMetadata, type Lang, type SheetMetadata } from "../../schema/index.ts";
import { AppError, forbidden, unprocessable } from "../errors.ts";
import type { StoredPlan } from "../store/store.ts";
import { UnreadableWorkbookError } from "../xlsx/read-errors.ts";
import { ReaderBusyError } from "../xlsx/read-in-worker.ts";
import { readUploadedWorkbook } from "../xlsx/upload.ts";
import type { Actor, Deps } from "./context.ts";
import { toApiIssues } from "./issues.ts";
import { loadPeriod, targetUnit } from "./periods.ts";
import { ruleContext, seqsNotOfUnit } from "./unit-rows.ts";

/** A workbook the reader refused, as the problem to answer; anything else is left alone (null). */
export function workbookProblem(error: unknown): AppError | null {
  if (error instanceof ReaderBusyError) return new AppError(503, error.code, error.message);
  if (error instanceof UnreadableWorkbookError) {
    return new AppError(error.status, error.code, error.message, {
      issues: [{ seq: null, field: "file", code: error.code, message: error.message }],
    });
  }
  return null;
}

/**
 * A filled workbook checked as the web page will submit it: read (413/422 over the reader's limits),
 * its hidden sheet trusted only for what it may say (the period; a reporter's own unit and tasks), then
 * the table's rules with the same context a submission gets. Nothing is stored.
 */
export async function checkUpload(
  deps: Deps,
  actor: Actor,
  periodId: string,
  file: Buffer,
  requested: string | undefined,
  lang: Lang,
) {
  const { period, plan } = await loadPeriod(deps, periodId);
  let workbook;
  try {
    workbook = await readUploadedWorkbook(file);
  } catch (error) {
    throw workbookProblem(error) ?? error;
  }

  const { metadata, notices } = trustedMetadata(workbook.metadata, periodId);
  const unit = await uploadUnit(deps, actor, plan, metadata, requested);

  // The table's own rules, with the same context a submission gets (and the page uses for its own run).
  const {
    directory,
    previousReports,
    previous: previousMap,
  } = await ruleContext(deps, period.previousPeriodId, unit);
  const previous = Object.fromEntries(previousReports.map((r) => [r.seq, r.progress]));
  const origin = { row: 0, column: 0 };
  const parsed = parse(workbook.grid, { directory, origin });
  const issues = validate(parsed, {
    directory,
    vocabulary: plan.vocabulary,
    plan,
    unit,
    previous: previousMap,
  });
  return {
    period: { id: period.id, title: period.title, locked: period.locked, dueAt: period.dueAt },
    unit,
    sheetName: workbook.sheetName,
    origin,
    grid: workbook.grid,
    metadata,
    notices,
    issues: toApiIssues(issues, lang, { withCells: true }),
    context: {
      plan: { title: plan.title, sections: plan.sections },
      vocabulary: plan.vocabulary,
      previous,
    },
  };
}

type Notice = { code: string; field: string; messages: { zh: string; en: string } };

/** The hidden sheet, if any, when it is whole, of my tasks and of this period; its absence is a notice. */
function trustedMetadata(
  read: DecodedMetadata | null,
  periodId: string,
): { metadata: SheetMetadata | null; notices: Notice[] } {
  const notices: Notice[] = [];
  let metadata: SheetMetadata | null = null;
  if (read === null) {
    notices.push({
      code: "metadata-missing",
      field: "_keywork",
      messages: {
        zh: "文件中没有 Keywork 隐藏表(_keywork),无法确定下载时的版本;提交前将与服务器当前内容比较。建议重新下载“我的任务”后再填写。",
        en: "The file has no Keywork hidden sheet (_keywork), so the versions at download are unknown; changes are compared with the server's current content. Downloading my tasks afresh is safer.",
      },
    });
  } else if (!read.ok) {
    throw metadataProblem(
      "metadata-damaged",
      `隐藏表 _keywork 已损坏(${read.reason}),请重新下载“我的任务” / the hidden sheet _keywork is damaged (${read.reason}); download my tasks afresh`,
    );
  } else {
    metadata = read.metadata;
    if (metadata.kind !== "my-tasks") {
      throw metadataProblem(
        "not-my-tasks",
        "这是全市汇总表,不是“我的任务”文件 / this is the merged city-wide sheet, not a my-tasks file",
      );
    }
    if (metadata.period !== periodId) {
      throw metadataProblem(
        "wrong-period",
        `文件属于报送期 ${metadata.period},不是 ${periodId} / the file belongs to period ${metadata.period}, not ${periodId}`,
        "_keywork.period",
      );
    }
  }
  return { metadata, notices };
}

/** Whose rows these are: the file says so; a reporter's file must be their own unit's, and its tasks. */
async function uploadUnit(
  deps: Deps,
  actor: Actor,
  plan: StoredPlan,
  metadata: SheetMetadata | null,
  requested: string | undefined,
): Promise<string> {
  const claimed = metadata?.unit ?? requested;
  if (actor.role === "reporter" && claimed !== undefined && claimed !== actor.unit) {
    throw forbidden(
      "other-unit",
      `文件隐藏表 _keywork 中的单位为“${claimed}”,与您的单位“${actor.unit ?? ""}”不符,已拒绝,未保存任何内容 / the file's hidden sheet _keywork names unit “${claimed}”, not yours (${actor.unit ?? "none"}); refused, nothing stored`,
      {
        issues: [
          {
            seq: null,
            field: "_keywork.unit",
            code: "other-unit",
            message: `单位 ${claimed} 不是您的单位 / unit ${claimed} is not yours`,
          },
        ],
      },
    );
  }
  const unit = targetUnit(actor, claimed);
  const units = await deps.store.listUnits();
  if (!units.some((u) => u.name === unit)) {
    throw metadataProblem(
      "unknown-unit",
      `单位“${unit}”不在单位名录中 / unit “${unit}” is not in the directory`,
      "_keywork.unit",
    );
  }
  if (metadata) {
    const foreign = seqsNotOfUnit(
      plan,
      metadata.rows.map((r) => r.seq),
      unit,
    );
    if (foreign.length > 0) {
      throw forbidden(
        "other-unit-task",
        `隐藏表 _keywork 列出的序号 ${foreign.join("、")} 不是${unit}承担的任务,已拒绝 / the hidden sheet lists tasks ${foreign.join(", ")}, which are not tasks of ${unit}; refused`,
        {
          issues: foreign.map((seq) => ({
            seq,
            field: "_keywork.seq",
            code: "other-unit-task",
            message: `序号 ${seq} 不是 ${unit} 的任务 / task ${seq} is not a task of ${unit}`,
          })),
        },
      );
    }
  }
  return unit;
}

function metadataProblem(code: string, message: string, field = "_keywork") {
  return unprocessable(code, message, { issues: [{ seq: null, field, code, message }] });
}
