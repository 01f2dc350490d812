// The web page's two server routes (for bureaus without the add-in):
//   GET  /periods/{id}/tasks.xlsx  — "my tasks" as an official-layout workbook to fill in any program;
//   POST /periods/{id}/uploads     — a filled workbook parsed and checked on the server; nothing stored.
// Submitting stays POST /periods/{id}/submissions, so the page gets exactly the add-in's guarantees.
import { Router, type Request } from "express";
import { z } from "zod";
import { buildDirectory, parse, validate, type SheetMetadata } from "../../../schema/index.ts";
import { badRequest, forbidden, unprocessable } from "../../errors.ts";
import type { Actor, Deps } from "../../use-cases/context.ts";
import { toApiIssues } from "../../use-cases/issues.ts";
import { loadPeriod, targetUnit } from "../../use-cases/periods.ts";
import { PeriodIdSchema } from "../../use-cases/plans.ts";
import { listTasks, planSeqs } from "../../use-cases/tasks.ts";
import { myTasksWorkbook } from "../../xlsx/my-tasks.ts";
import { readUploadedWorkbook } from "../../xlsx/upload.ts";
import { actorOf, requireAuth, requireRole } from "../auth.ts";
import { langOf, parseRequest } from "../parse.ts";
import { XLSX_TYPE, workbookProblem, xlsxBody } from "../upload-body.ts";

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
        issues: [{ seq: null, field: "unit", code: "no-tasks", message: `${unit} has no tasks in ${id}` }],
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
      res.json(await checkUpload(deps, actorOf(req), id, file, requested, req));
    },
  );
  return router;
}

async function checkUpload(
  deps: Deps,
  actor: Actor,
  periodId: string,
  file: Buffer,
  requested: string | undefined,
  req: Request,
) {
  const lang = langOf(req);
  const { period, plan } = await loadPeriod(deps, periodId);
  let workbook;
  try {
    workbook = await readUploadedWorkbook(file);
  } catch (error) {
    throw workbookProblem(error) ?? error;
  }

  const notices: { code: string; field: string; messages: { zh: string; en: string } }[] = [];
  let metadata: SheetMetadata | null = null;
  if (workbook.metadata === null) {
    notices.push({
      code: "metadata-missing",
      field: "_keywork",
      messages: {
        zh: "文件中没有 Keywork 隐藏表(_keywork),无法确定下载时的版本;提交前将与服务器当前内容比较。建议重新下载“我的任务”后再填写。",
        en: "The file has no Keywork hidden sheet (_keywork), so the versions at download are unknown; changes are compared with the server's current content. Downloading my tasks afresh is safer.",
      },
    });
  } else if (!workbook.metadata.ok) {
    throw metadataProblem(
      "metadata-damaged",
      `隐藏表 _keywork 已损坏(${workbook.metadata.reason}),请重新下载“我的任务” / the hidden sheet _keywork is damaged (${workbook.metadata.reason}); download my tasks afresh`,
    );
  } else {
    metadata = workbook.metadata.metadata;
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

  // Whose rows these are: the file says so; a reporter's file must be their own unit's.
  const claimed = metadata?.unit ?? requested;
  if (actor.role === "reporter" && claimed !== undefined && claimed !== actor.unit) {
    throw forbidden(
      "other-unit",
      `文件隐藏表 _keywork 中的单位为“${claimed}”,与您的单位“${actor.unit ?? ""}”不符,已拒绝,未保存任何内容 / the file's hidden sheet _keywork names unit “${claimed}”, not yours (${actor.unit ?? "none"}); refused, nothing stored`,
      {
        issues: [
          { seq: null, field: "_keywork.unit", code: "other-unit", message: `unit ${claimed} is not yours` },
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
    const tasks = planSeqs(plan);
    const foreign = metadata.rows.filter((r) => !tasks.get(r.seq)?.units.includes(unit)).map((r) => r.seq);
    if (foreign.length > 0) {
      throw forbidden(
        "other-unit-task",
        `隐藏表 _keywork 列出的序号 ${foreign.join("、")} 不是${unit}承担的任务,已拒绝 / the hidden sheet lists tasks ${foreign.join(", ")}, which are not tasks of ${unit}; refused`,
        {
          issues: foreign.map((seq) => ({
            seq,
            field: "_keywork.seq",
            code: "other-unit-task",
            message: `task ${seq} is not a task of ${unit}`,
          })),
        },
      );
    }
  }

  // The table's own rules, with the same context the page uses for its own run.
  const directory = buildDirectory(units);
  const previousReports = period.previousPeriodId
    ? await deps.store.listReports(period.previousPeriodId, unit)
    : [];
  const previous = Object.fromEntries(previousReports.map((r) => [r.seq, r.progress]));
  const origin = { row: 0, column: 0 };
  const parsed = parse(workbook.grid, { directory, origin });
  const issues = validate(parsed, {
    directory,
    vocabulary: plan.vocabulary,
    plan,
    unit,
    previous: new Map(previousReports.map((r) => [r.seq, r.progress])),
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

function metadataProblem(code: string, message: string, field = "_keywork") {
  return unprocessable(code, message, { issues: [{ seq: null, field, code, message }] });
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266). */
function attachment(name: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
