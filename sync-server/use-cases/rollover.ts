// Periods after the first: the next one opened from the last (same plan unless a new sheet is given,
// linked as the previous period so each unit starts from last period's text), and the list of
// periods with what they hold.
import { z } from "zod";
import { distinctUnits, planTasks, type Lang } from "../../schema/index.ts";
import { conflict } from "../errors.ts";
import { PeriodExistsError, type PeriodRecord } from "../store/store.ts";
import { auditEntry, type AuditActor } from "./audit.ts";
import type { Deps } from "./context.ts";
import { loadPeriod } from "./periods.ts";
import { PeriodIdSchema, importPlan, type PlanSource, type UnitResolution } from "./plans.ts";

export const RolloverSchema = z.strictObject({
  period: PeriodIdSchema,
  from: PeriodIdSchema,
  due: z.iso.date().or(z.iso.datetime()).optional(),
  title: z.string().trim().min(1).max(200).optional(),
});
export type Rollover = z.infer<typeof RolloverSchema>;

/** 2022-H1 → 2022上半年, 2022-Q3 → 2022年第三季度, 2022-07 → 2022年7月. */
export function periodLabel(id: string): string {
  const [year, part = ""] = id.split("-");
  if (part === "H1") return `${year}上半年`;
  if (part === "H2") return `${year}下半年`;
  if (part.startsWith("Q")) return `${year}年第${"一二三四"[Number(part.slice(1)) - 1]}季度`;
  return `${year}年${Number(part)}月`;
}

/** The previous title with its period named anew (2022上半年… → 2022下半年…), or the label prepended. */
export function rolledTitle(previousTitle: string, from: string, to: string): string {
  const old = periodLabel(from);
  if (previousTitle.includes(old)) return previousTitle.replace(old, periodLabel(to));
  if (previousTitle.includes(from)) return previousTitle.replace(from, to);
  return `${periodLabel(to)}${previousTitle.replace(/^\d{4}(年)?(上半年|下半年|第.季度|\d{1,2}月)?/u, "")}`;
}

export async function rollOver(
  deps: Deps,
  actor: AuditActor,
  input: Rollover,
  lang: Lang,
  newPlan?: { source: PlanSource; units?: UnitResolution },
): Promise<PeriodRecord> {
  const { period: from, plan } = await loadPeriod(deps, input.from);
  const title = input.title ?? rolledTitle(from.title, from.id, input.period);
  if (newPlan) {
    return importPlan(
      deps,
      newPlan.source,
      {
        period: input.period,
        title,
        previousPeriod: from.id,
        vocabulary: plan.vocabulary,
        ...(input.due ? { due: input.due } : {}),
      },
      lang,
      { actor, action: "period.new", ...(newPlan.units ? { units: newPlan.units } : {}) },
    );
  }
  try {
    return await deps.store.openPeriod(
      { id: input.period, title, dueAt: input.due ?? null, previousPeriodId: from.id },
      from.planId,
      deps.now().toISOString(),
      auditEntry(deps, actor, "period.new", input.period, { from: from.id, planId: from.planId, title }),
    );
  } catch (error) {
    if (error instanceof PeriodExistsError)
      throw conflict(
        "period-exists",
        `报送期 ${input.period} 已存在 / period ${input.period} already exists`,
      );
    throw error;
  }
}

export interface PeriodSummary {
  id: string;
  title: string;
  dueAt: string | null;
  locked: boolean;
  previousPeriodId: string | null;
  createdAt: string;
  tasks: number;
  /** Units with a part in the plan. */
  units: number;
  /** Units that have reported at least one row. */
  reportedUnits: number;
}

export async function periodSummaries(deps: Deps): Promise<PeriodSummary[]> {
  const out: PeriodSummary[] = [];
  for (const period of await deps.store.listPeriods()) {
    const { plan } = await loadPeriod(deps, period.id);
    const tasks = planTasks(plan);
    const reports = await deps.store.listReports(period.id);
    out.push({
      id: period.id,
      title: period.title,
      dueAt: period.dueAt,
      locked: period.locked,
      previousPeriodId: period.previousPeriodId,
      createdAt: period.createdAt,
      tasks: tasks.length,
      units: distinctUnits(tasks.flatMap((t) => t.units)).length,
      reportedUnits: new Set(reports.map((r) => r.unit)).size,
    });
  }
  return out;
}
