// Demo data: the fixture city's units, its 2022 plan as two periods (2021-H2 locked, holding the
// published progress texts as "last period", and 2022-H1 open), and one account per role.
import { readFileSync } from "node:fs";
import { planOf, planTasks, type SheetDocument } from "../../schema/index.ts";
import { DEFAULT_VOCABULARY } from "../../schema/statuses.ts";
import type { Role } from "../store/store.ts";
import type { Deps } from "../use-cases/context.ts";
import { addUser } from "../use-cases/users.ts";
import { DEMO_UNITS } from "./units.ts";

export interface DemoAccount {
  username: string;
  password: string;
  name: string;
  unit: string | null;
  role: Role;
}

// Demo passwords are fixed so the README can name them; `keywork demo` refuses a database with users.
export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    username: "coordinator",
    password: "Demo-coordinator-2022",
    name: "督查室 王主任",
    unit: "市政府办公室",
    role: "coordinator",
  },
  { username: "viewer", password: "Demo-viewer-2022", name: "市领导 李秘书", unit: null, role: "viewer" },
  {
    username: "fgw",
    password: "Demo-fgw-2022",
    name: "发改委 张填报",
    unit: "市发展改革委",
    role: "reporter",
  },
  { username: "kjj", password: "Demo-kjj-2022", name: "科技局 刘填报", unit: "市科技局", role: "reporter" },
  { username: "czj", password: "Demo-czj-2022", name: "财政局 陈填报", unit: "市财政局", role: "reporter" },
  { username: "swj", password: "Demo-swj-2022", name: "商务局 赵填报", unit: "市商务局", role: "reporter" },
];

export function demoDocument(): SheetDocument {
  return JSON.parse(
    readFileSync(new URL("./progress-2022h1.json", import.meta.url), "utf8"),
  ) as SheetDocument;
}

export async function seedDemo(deps: Deps): Promise<DemoAccount[]> {
  const { store } = deps;
  if ((await store.countUsers()) > 0)
    throw new Error("the database already has users; the demo seeds only an empty database");
  await store.replaceUnits(DEMO_UNITS);
  const doc = demoDocument();
  const plan = planOf(doc);
  const at = deps.now().toISOString();
  await store.publishPlan(
    plan,
    DEFAULT_VOCABULARY,
    { id: "2021-H2", title: "2021下半年重点工作进展情况统计表", dueAt: "2021-12-31", previousPeriodId: null },
    at,
  );
  await store.publishPlan(
    plan,
    DEFAULT_VOCABULARY,
    { id: "2022-H1", title: doc.title, dueAt: "2022-07-10", previousPeriodId: "2021-H2" },
    at,
  );
  for (const account of DEMO_ACCOUNTS) {
    const { password: _password, ...rest } = account;
    await addUser(deps, { ...rest, password: account.password });
  }
  // Last period's texts, reported by each task's units, so the demo shows "上期进展" to start from.
  const system = (await store.findUserByUsername("coordinator"))!;
  const byUnit = new Map<string, { seq: number; status: string; progress: string; baseVersion: number }[]>();
  for (const task of planTasks(doc)) {
    for (const unit of new Set(task.units)) {
      const rows = byUnit.get(unit) ?? [];
      rows.push({ seq: task.seq, status: task.status, progress: task.progress, baseVersion: 0 });
      byUnit.set(unit, rows);
    }
  }
  for (const [unit, rows] of byUnit) {
    await store.applySubmission({
      periodId: "2021-H2",
      unit,
      user: { id: system.id, username: system.username },
      rows,
      idempotencyKey: null,
      requestHash: "",
      at,
    });
  }
  await store.setPeriodLocked("2021-H2", true);
  return DEMO_ACCOUNTS;
}
