// Data the store suite writes: the fixture plan and units, users, and submissions built tersely.
import { createHash } from "node:crypto";
import { planOf, type Plan, type Unit } from "../../schema/index.ts";
import { DEFAULT_VOCABULARY } from "../../schema/statuses.ts";
import type {
  NewPeriod,
  PeriodRecord,
  Store,
  SubmissionInput,
  SubmittedRow,
  UserRecord,
} from "../../sync-server/store/store.ts";
import { fixtureDocument, fixtureUnits } from "../support/fixtures.ts";

export const T0 = "2022-06-01T08:00:00.000Z";
/** A time `minutes` after T0, as the use-cases give times (Date#toISOString). */
export const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

export const units = (): Unit[] => fixtureUnits();
export const fixturePlan = (): Plan => planOf(fixtureDocument());

export const LEAD = "市发展改革委";

export function period(id: string, extra: Partial<NewPeriod> = {}): NewPeriod {
  return { id, title: `${id} 重点工作进展情况统计表`, dueAt: "2022-07-10", previousPeriodId: null, ...extra };
}

/** Units of the fixture, the fixture plan published as `periodId`. */
export async function seeded(
  store: Store,
  periodId = "2022-H1",
  plan: Plan = fixturePlan(),
): Promise<PeriodRecord> {
  await store.replaceUnits(units());
  return store.publishPlan(plan, DEFAULT_VOCABULARY, period(periodId), T0);
}

/** A plan of `count` tasks, one section, all led by `unit`. */
export function bigPlan(count: number, unit = LEAD): Plan {
  return {
    title: "大批量测试计划",
    sections: [
      {
        no: "一",
        title: "批量任务",
        subsections: [
          {
            title: null,
            items: Array.from({ length: count }, (_, i) => ({
              seq: i + 1,
              task: `第${i + 1}项任务。`,
              units: [unit],
            })),
          },
        ],
      },
    ],
  };
}

let users = 0;
export async function user(
  store: Store,
  unit: string | null = LEAD,
  role: UserRecord["role"] = "reporter",
): Promise<UserRecord> {
  users++;
  return store.createUser({
    username: `user${users}`,
    name: `用户${users}`,
    unit,
    role,
    passwordHash: `scrypt$16384$8$1$salt${users}$hash`,
  });
}

export function row(seq: number, baseVersion: number, progress: string, status = "序时推进"): SubmittedRow {
  return { seq, status, progress, baseVersion };
}

export function submission(
  who: UserRecord,
  rows: SubmittedRow[],
  options: { periodId?: string; unit?: string; key?: string | null; hash?: string; at?: string } = {},
): SubmissionInput {
  return {
    periodId: options.periodId ?? "2022-H1",
    unit: options.unit ?? who.unit ?? LEAD,
    user: { id: who.id, username: who.username },
    rows,
    idempotencyKey: options.key ?? null,
    requestHash: options.hash ?? createHash("sha256").update(JSON.stringify(rows)).digest("hex"),
    at: options.at ?? at(1),
  };
}
