// Who has reported and who has not, with a reminder the coordinator can paste into a message.
import type { CoverageAnswer, UnitCoverage } from "../../schema/api.ts";
import { distinctUnits } from "../../schema/index.ts";
import type { ReportRecord } from "../store/store.ts";

export type { CoverageAnswer, UnitCoverage };
import type { Deps } from "./context.ts";
import { loadPeriod, type LoadedPeriod } from "./periods.ts";
import { tasksWithHeadings } from "./tasks.ts";

export async function coverage(deps: Deps, periodId: string): Promise<CoverageAnswer> {
  const loaded = await loadPeriod(deps, periodId);
  return coverageOf(loaded, await deps.store.listReports(periodId), deps.now());
}

export function coverageOf(
  { period, plan }: LoadedPeriod,
  reports: readonly ReportRecord[],
  now: Date,
): CoverageAnswer {
  const byUnit = new Map<string, UnitCoverage>();
  const reported = new Map(reports.map((r) => [`${r.seq}\u0000${r.unit}`, r]));
  for (const { task } of tasksWithHeadings(plan)) {
    for (const unit of distinctUnits(task.units)) {
      const entry = byUnit.get(unit) ?? { unit, assigned: 0, reported: 0, missingSeqs: [], lastAt: null };
      entry.assigned++;
      const report = reported.get(`${task.seq}\u0000${unit}`);
      if (report) {
        entry.reported++;
        if (entry.lastAt === null || report.updatedAt > entry.lastAt) entry.lastAt = report.updatedAt;
      } else entry.missingSeqs.push(task.seq);
      byUnit.set(unit, entry);
    }
  }
  const units = [...byUnit.values()];
  const missing = units.filter((u) => u.missingSeqs.length > 0);
  return {
    period: { id: period.id, title: period.title, dueAt: period.dueAt, locked: period.locked },
    units,
    missing: missing.map((u) => u.unit),
    reminder: reminderText(period.title, period.dueAt, missing, now),
  };
}

function reminderText(
  title: string,
  dueAt: string | null,
  missing: UnitCoverage[],
  now: Date,
): { zh: string; en: string } {
  const day = (iso: string) => iso.slice(0, 10);
  if (missing.length === 0) {
    return { zh: `${title}:各单位均已报送。`, en: `${title}: every unit has reported.` };
  }
  const zhLines = missing.map((u, i) => `${i + 1}. ${u.unit}(尚缺序号 ${u.missingSeqs.join("、")})`);
  const enLines = missing.map((u, i) => `${i + 1}. ${u.unit} (tasks ${u.missingSeqs.join(", ")} missing)`);
  const zhDue = dueAt ? `报送截止时间为${day(dueAt)}。` : "";
  const enDue = dueAt ? ` The deadline is ${day(dueAt)}.` : "";
  return {
    zh: `各有关单位:${title}${zhDue}截至${day(now.toISOString())},以下单位尚未完成报送,请抓紧报送:\n${zhLines.join("\n")}`,
    en: `${title}:${enDue} As of ${day(now.toISOString())}, these units have not finished reporting:\n${enLines.join("\n")}`,
  };
}
