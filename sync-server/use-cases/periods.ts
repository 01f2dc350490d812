// Periods: listing, loading with their plan, the deadline lock, and returns for revision.
import { z } from "zod";
import { distinctUnits, planTasks } from "../../schema/index.ts";
import { badRequest, forbidden, notFound } from "../errors.ts";
import type { PeriodRecord, ReturnRecord, Store, StoredPlan } from "../store/store.ts";
import { recordAudit, type AuditActor } from "./audit.ts";
import type { Actor, Deps } from "./context.ts";

export interface LoadedPeriod {
  period: PeriodRecord;
  plan: StoredPlan;
}

// A published plan never changes, so each store's plans are kept once read. Derived data only:
// losing it costs a read, and every process fills its own. Correct with several processes on one
// database (test/sync-server/use-cases/plan-cache.test.ts): a plan is cached only after it was read
// through a committed period, misses are not remembered, plans are never updated or deleted, and a
// plan id is never given to two committed plans (SQL Server IDENTITY skips ids of rolled-back
// publishes; SQLite hands a rolled-back id out again, but no process can have read the rolled-back
// plan). Another process publishing a period therefore never makes a cached plan wrong.
// The promise is kept, not the plan: the hundred requests that follow a restart at the deadline hour
// all wait for one read of the plan instead of each reading and indexing it (one bench run had them
// spend a third of a second's CPU that way).
const planCache = new WeakMap<Store, Map<number, Promise<StoredPlan>>>();
const PLAN_CACHE_SIZE = 50;

export async function loadPeriod(deps: Deps, id: string): Promise<LoadedPeriod> {
  const period = await deps.store.getPeriod(id);
  if (!period) throw notFound("unknown-period", `报送期 ${id} 不存在 / period ${id} does not exist`);
  return { period, plan: await loadPlan(deps.store, period) };
}

function loadPlan(store: Store, period: PeriodRecord): Promise<StoredPlan> {
  let cache = planCache.get(store);
  if (!cache) planCache.set(store, (cache = new Map()));
  const cached = cache.get(period.planId);
  if (cached) return cached;
  const loading = readPlan(store, period);
  if (cache.size >= PLAN_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(period.planId, loading);
  // A miss or a failed read is not remembered.
  loading.catch(() => {
    if (cache.get(period.planId) === loading) cache.delete(period.planId);
  });
  return loading;
}

async function readPlan(store: Store, period: PeriodRecord): Promise<StoredPlan> {
  const plan = await store.getPlan(period.planId);
  if (!plan)
    throw notFound(
      "unknown-plan",
      `期次 ${period.id} 的计划缺失 / the plan of period ${period.id} is missing`,
    );
  return plan;
}

export async function setLocked(
  deps: Deps,
  id: string,
  locked: boolean,
  actor: AuditActor = "cli",
): Promise<PeriodRecord> {
  await loadPeriod(deps, id);
  await deps.store.setPeriodLocked(id, locked);
  await recordAudit(deps, actor, locked ? "period.lock" : "period.unlock", id);
  deps.logger.info({ period: id, locked }, locked ? "period locked" : "period reopened");
  return (await deps.store.getPeriod(id))!;
}

export const NewReturnSchema = z.strictObject({
  seq: z.number().int().positive(),
  unit: z.string().trim().min(1).max(100),
  comment: z.string().trim().min(1).max(2000),
});

export async function returnRow(
  deps: Deps,
  actor: Actor,
  periodId: string,
  input: z.infer<typeof NewReturnSchema>,
): Promise<ReturnRecord> {
  const { plan } = await loadPeriod(deps, periodId);
  const task = planTasks(plan).find((t) => t.seq === input.seq);
  if (!task)
    throw notFound(
      "unknown-task",
      `序号 ${input.seq} 不在本期任务清单中 / task ${input.seq} is not in this period`,
    );
  if (!distinctUnits(task.units).includes(input.unit)) {
    throw badRequest(
      "unit-not-on-task",
      `${input.unit} 不承担序号 ${input.seq} / ${input.unit} has no part in task ${input.seq}`,
    );
  }
  const created = await deps.store.createReturn({
    ...input,
    periodId,
    createdBy: actor.username,
    at: deps.now().toISOString(),
  });
  await recordAudit(deps, actor, "return.create", `${periodId} #${input.seq} ${input.unit}`, {
    id: created.id,
    comment: input.comment,
  });
  return created;
}

/** The returns of a period as the actor may see them: a reporter only its own unit's, others all. */
export async function visibleReturns(deps: Deps, actor: Actor, periodId: string): Promise<ReturnRecord[]> {
  const unit = actor.role === "reporter" ? (actor.unit ?? "") : undefined;
  return deps.store.listReturns(periodId, unit === undefined ? {} : { unit });
}

/** The unit whose rows the caller reads or writes: a reporter only their own, others any they name. */
export function targetUnit(actor: Actor, requested: string | undefined): string {
  if (actor.role === "reporter") {
    if (actor.unit === null)
      throw forbidden("no-unit", "此账号不属于任何单位 / this account belongs to no unit");
    if (requested !== undefined && requested !== actor.unit) {
      throw forbidden(
        "other-unit",
        `只能查看和报送本单位(${actor.unit})的任务 / you may only act for ${actor.unit}`,
      );
    }
    return actor.unit;
  }
  if (requested === undefined) {
    if (actor.unit === null)
      throw badRequest("unit-required", "请指明代为填报的单位（unit） / name the unit (unit) to act for");
    return actor.unit;
  }
  return requested;
}
