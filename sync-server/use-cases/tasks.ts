// The rows a client pulls: each task with one unit's report, version, last period's text and open returns.
import { distinctUnits, planTasks, type PlanTask } from "../../schema/index.ts";
import type { TaskRow, TasksAnswer } from "../../schema/api.ts";
import type { ReportRecord, StoredPlan } from "../store/store.ts";
import type { Actor, Deps } from "./context.ts";
import { loadPeriod, targetUnit } from "./periods.ts";

export async function listTasks(
  deps: Deps,
  actor: Actor,
  periodId: string,
  query: { scope: "mine" | "all"; unit?: string | undefined },
): Promise<TasksAnswer> {
  const { period, plan } = await loadPeriod(deps, periodId);
  // The read rule (docs/architecture.md): every signed-in account reads every unit's rows, as the
  // merged sheet shows them; writing stays with the unit. Returns (revision requests to a unit) are
  // shown to a reporter only for the reporter's own unit.
  let unit: string | null = null;
  if (query.unit !== undefined) unit = query.unit;
  else if (query.scope === "mine") unit = targetUnit(actor, undefined);

  const reports = await deps.store.listReports(periodId, unit ?? undefined);
  const previous = period.previousPeriodId ? await previousReports(deps, period.previousPeriodId, unit) : [];
  const returnsUnit = actor.role === "reporter" ? (actor.unit ?? "") : unit;
  const returns =
    actor.role === "reporter" && unit !== null && unit !== actor.unit
      ? []
      : await deps.store.listReturns(periodId, {
          openOnly: true,
          ...(returnsUnit ? { unit: returnsUnit } : {}),
        });
  const key = (seq: number, u: string) => `${seq}\u0000${u}`;
  const reportBy = new Map(reports.map((r) => [key(r.seq, r.unit), r]));
  const previousBy = new Map(previous.map((r) => [key(r.seq, r.unit), r]));

  const rows: TaskRow[] = [];
  for (const { task, section, subheading } of tasksWithHeadings(plan)) {
    for (const u of distinctUnits(task.units)) {
      if (unit !== null && u !== unit) continue;
      const report: ReportRecord | undefined = reportBy.get(key(task.seq, u));
      rows.push({
        seq: task.seq,
        task: task.task,
        units: task.units,
        unit: u,
        section,
        subheading,
        status: report?.status ?? "",
        progress: report?.progress ?? "",
        version: report?.version ?? 0,
        updatedBy: report?.updatedBy ?? null,
        updatedAt: report?.updatedAt ?? null,
        previousProgress: previousBy.get(key(task.seq, u))?.progress ?? null,
        returns: returns
          .filter((r) => r.seq === task.seq && r.unit === u)
          .map(({ id, comment, createdBy, createdAt }) => ({ id, comment, createdBy, createdAt })),
      });
    }
  }
  return {
    period: { id: period.id, title: period.title, locked: period.locked, dueAt: period.dueAt },
    vocabulary: plan.vocabulary,
    rows,
  };
}

export function tasksWithHeadings(plan: StoredPlan) {
  return plan.sections.flatMap((s) =>
    s.subsections.flatMap((ss) =>
      ss.items.map((task) => ({ task, section: `${s.no}、${s.title}`, subheading: ss.title })),
    ),
  );
}

const seqIndex = new WeakMap<StoredPlan, Map<number, PlanTask>>();

/** The plan's tasks by 序号 (computed once per cached plan). */
export function planSeqs(plan: StoredPlan): Map<number, PlanTask> {
  let index = seqIndex.get(plan);
  if (!index) seqIndex.set(plan, (index = new Map(planTasks(plan).map((t) => [t.seq, t]))));
  return index;
}

/**
 * Last period's rows of a unit. A past period keeps the names units had then; after a rename or merge
 * (单位名录) its rows are read under the name the unit has now, so each unit still starts from its text.
 */
async function previousReports(deps: Deps, periodId: string, unit: string | null): Promise<ReportRecord[]> {
  const retired = await deps.store.listRetiredUnits();
  if (retired.length === 0) return deps.store.listReports(periodId, unit ?? undefined);
  const successor = new Map(retired.map((r) => [r.name, r.retiredInto]));
  const current = (name: string) => {
    let n = name;
    for (let hops = 0; hops < 20 && successor.has(n); hops++) n = successor.get(n)!;
    return n;
  };
  return (await deps.store.listReports(periodId))
    .map((r) => ({ ...r, unit: current(r.unit) }))
    .filter((r) => unit === null || r.unit === unit);
}
