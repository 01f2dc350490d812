// The append-only change history of one task's rows in a period.
import { planTasks } from "../../schema/index.ts";
import { notFound } from "../errors.ts";
import type { HistoryEntry } from "../store/store.ts";
import type { Deps } from "./context.ts";
import { loadPeriod } from "./periods.ts";

export async function taskHistory(deps: Deps, periodId: string, seq: number): Promise<HistoryEntry[]> {
  const { plan } = await loadPeriod(deps, periodId);
  if (!planTasks(plan).some((t) => t.seq === seq))
    throw notFound("unknown-task", `序号 ${seq} 不在本期任务清单中 / task ${seq} is not in this period`);
  return deps.store.history(periodId, seq);
}
