// The merged city-wide sheet: every task with each unit's report, a combined status, coverage and a summary.
import { createHash } from "node:crypto";
import { distinctUnits } from "../../schema/index.ts";
import { MISSING, mergedCells, type MergedTask, type UnitReport } from "../../schema/merged-layout.ts";
import type { MergedAnswer as WireMergedAnswer } from "../../schema/api.ts";
import type { ReportRecord } from "../store/store.ts";
import type { Deps } from "./context.ts";
import { coverageOf } from "./coverage.ts";
import { loadPeriod } from "./periods.ts";

export { MISSING, mergedCells };
export type { MergedTask, UnitReport };

/** The wire answer plus the ETag the route sends as a header. */
export interface MergedAnswer extends WireMergedAnswer {
  etag: string;
}

// Least advanced first: a task is only as far along as its slowest unit.
const SEVERITY = ["进度滞后", "未启动", "序时推进", "已完成"];

export function combineStatuses(statuses: readonly string[]): string | null {
  if (statuses.length === 0) return null;
  const rank = (s: string) => {
    const i = SEVERITY.indexOf(s);
    return i === -1 ? 1.5 : i;
  };
  return [...statuses].sort((a, b) => rank(a) - rank(b))[0]!;
}

export async function merged(deps: Deps, periodId: string): Promise<MergedAnswer> {
  const loaded = await loadPeriod(deps, periodId);
  const { period, plan } = loaded;
  const reports = await deps.store.listReports(periodId);
  const byKey = new Map(reports.map((r) => [`${r.seq}\u0000${r.unit}`, r]));
  const coverage = coverageOf(loaded, reports, deps.now());

  const sections = plan.sections.map((s) => ({
    no: s.no,
    title: s.title,
    subsections: s.subsections.map((ss) => ({
      title: ss.title,
      tasks: ss.items.map((task): MergedTask => {
        const unitReports = distinctUnits(task.units).map((unit): UnitReport => {
          const r: ReportRecord | undefined = byKey.get(`${task.seq}\u0000${unit}`);
          return r
            ? {
                unit,
                missing: false,
                status: r.status,
                progress: r.progress,
                version: r.version,
                updatedBy: r.updatedBy,
                updatedAt: r.updatedAt,
              }
            : { unit, missing: true };
        });
        const statuses = unitReports.flatMap((r) => (r.missing ? [] : [r.status]));
        return {
          seq: task.seq,
          task: task.task,
          units: task.units,
          combinedStatus: combineStatuses(statuses),
          complete: statuses.length === unitReports.length,
          reports: unitReports,
        };
      }),
    })),
  }));

  const bySection = sections.map((s) => {
    const counts: Record<string, number> = Object.fromEntries(
      [...plan.vocabulary.values, MISSING].map((v) => [v, 0]),
    );
    for (const t of s.subsections.flatMap((ss) => ss.tasks)) {
      const key = t.combinedStatus ?? MISSING;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return { section: `${s.no}、${s.title}`, counts };
  });
  const body = {
    period: { id: period.id, title: period.title, dueAt: period.dueAt, locked: period.locked },
    title: plan.title,
    vocabulary: plan.vocabulary,
    sections,
    coverage,
    summary: {
      bySection,
      byUnit: coverage.units.map(({ unit, assigned, reported }) => ({ unit, assigned, reported })),
    },
  };
  // The reminder carries today's date; the ETag follows the data, not the clock.
  const etag = `"${createHash("sha256")
    .update(JSON.stringify([period, reports]))
    .digest("base64url")
    .slice(0, 27)}"`;
  return { ...body, etag };
}
