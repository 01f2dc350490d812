// The merged city-wide sheet as a layout: pure functions over the merged answer, shared by the
// server's .xlsx export and the add-in's merged sheet, so both show exactly the same cells.
import { render, type RenderedSheet } from "./layout.ts";
import type { ReportFields, StatusVocabulary } from "./model.ts";

/** The status shown for a task, or a unit, that has not reported. */
export const MISSING = "未报送";

export type UnitReport =
  | {
      unit: string;
      missing: false;
      status: string;
      progress: string;
      version: number;
      updatedBy: string;
      updatedAt: string;
    }
  | { unit: string; missing: true };

export interface MergedTask {
  seq: number;
  task: string;
  units: string[];
  /** The least advanced status among the units that reported; null when none has. */
  combinedStatus: string | null;
  complete: boolean;
  reports: UnitReport[];
}

export interface MergedSection {
  no: string;
  title: string;
  subsections: { title: string | null; tasks: MergedTask[] }[];
}

/** What the layout needs of the merged answer (GET /periods/{id}/merged). */
export interface MergedView {
  period: { id: string; title: string };
  vocabulary: Pick<StatusVocabulary, "values">;
  sections: MergedSection[];
  summary: {
    /** Per section, how many tasks carry each combined status (未报送 for none reported). */
    bySection: { section: string; counts: Record<string, number> }[];
    byUnit: { unit: string; assigned: number; reported: number }[];
  };
}

/** The name of the summary sheet next to the merged sheet. */
export const SUMMARY_SHEET = "汇总";

/** One report cell per task for the official layout: each unit's text under its name when shared. */
export function mergedCells(task: MergedTask): ReportFields {
  const status = task.combinedStatus ?? MISSING;
  if (task.reports.length === 1) {
    const only = task.reports[0]!;
    return { status, progress: only.missing ? `【${only.unit}】${MISSING}` : only.progress };
  }
  const progress = task.reports
    .map((r) => (r.missing ? `【${r.unit}】${MISSING}` : `【${r.unit}】${r.progress}`))
    .join("\n");
  return { status, progress };
}

/** The merged sheet in the official layout: the plan with each task's combined status and text. */
export function mergedRendered(answer: MergedView): RenderedSheet {
  const reports = new Map<number, ReportFields>();
  for (const task of answer.sections.flatMap((s) => s.subsections.flatMap((ss) => ss.tasks))) {
    reports.set(task.seq, mergedCells(task));
  }
  const plan = {
    title: answer.period.title,
    sections: answer.sections.map((s) => ({
      no: s.no,
      title: s.title,
      subsections: s.subsections.map((ss) => ({
        title: ss.title,
        items: ss.tasks.map((t) => ({ seq: t.seq, task: t.task, units: t.units })),
      })),
    })),
  };
  return render(plan, reports);
}

/** The summary as rows: status by section, then coverage by unit. Shared by the .xlsx and the add-in. */
export function summaryGrid(answer: MergedView): (string | number)[][] {
  const statuses = [...answer.vocabulary.values, MISSING];
  const rows: (string | number)[][] = [[`${answer.period.title} 汇总`], [], ["板块", ...statuses, "合计"]];
  for (const s of answer.summary.bySection) {
    const counts = statuses.map((st) => s.counts[st] ?? 0);
    rows.push([s.section, ...counts, counts.reduce((a, b) => a + b, 0)]);
  }
  rows.push([], ["单位", "承担任务数", "已报送", "未报送", "报送率"]);
  for (const u of answer.summary.byUnit) {
    rows.push([
      u.unit,
      u.assigned,
      u.reported,
      u.assigned - u.reported,
      u.assigned ? Math.round((u.reported / u.assigned) * 1000) / 10 : 0,
    ]);
  }
  return rows;
}
