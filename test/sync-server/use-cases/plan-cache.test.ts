// The per-store plan cache (use-cases/periods.ts) across processes: two store handles on one SQLite
// file each keep their own cache, as two server processes do.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, expect, test } from "vitest";
import { DEFAULT_VOCABULARY } from "../../../schema/statuses.ts";
import type { Plan } from "../../../schema/index.ts";
import { loadConfig } from "../../../sync-server/config.ts";
import { openSqliteStore } from "../../../sync-server/store/sqlite/index.ts";
import { UnknownUnitError, type Store } from "../../../sync-server/store/store.ts";
import type { Deps } from "../../../sync-server/use-cases/context.ts";
import { loadPeriod } from "../../../sync-server/use-cases/periods.ts";
import { fixturePlan, period, units } from "../../store/data.ts";

let dir: string;
let stores: Store[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "keywork-plan-cache-"));
  stores = [];
});
afterEach(async () => {
  await Promise.all(stores.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function processOn(): Promise<Deps> {
  const store = openSqliteStore(join(dir, "keywork.db"));
  stores.push(store);
  await store.migrate();
  return { store, config: loadConfig({}), logger: pino({ level: "silent" }), now: () => new Date() };
}

const planTitled = (title: string, unit: string): Plan => ({
  title,
  sections: [
    {
      no: "一",
      title: "测试",
      subsections: [{ title: null, items: [{ seq: 1, task: `${title}的任务。`, units: [unit] }] }],
    },
  ],
});

test("a process that cached plans reads the right plan of a period another process published after a failed publish", async () => {
  const a = await processOn();
  const b = await processOn();
  await a.store.replaceUnits(units());
  await a.store.publishPlan(fixturePlan(), DEFAULT_VOCABULARY, period("2022-H1"), new Date().toISOString());
  const first = await loadPeriod(a, "2022-H1");
  // A looks for a period that does not exist yet: nothing is remembered of the miss.
  await expect(loadPeriod(a, "2022-07")).rejects.toThrow(/does not exist/u);
  // B's first attempt fails inside its transaction (an unknown unit): the plan row is rolled back and
  // its id is handed out again to the next publish.
  await expect(
    b.store.publishPlan(
      planTitled("失败的计划", "不存在的单位"),
      DEFAULT_VOCABULARY,
      period("2022-07"),
      new Date().toISOString(),
    ),
  ).rejects.toThrow(UnknownUnitError);
  await b.store.publishPlan(
    planTitled("七月计划", "市科技局"),
    DEFAULT_VOCABULARY,
    period("2022-07"),
    new Date().toISOString(),
  );

  const july = await loadPeriod(a, "2022-07");
  expect(july.plan.title).toBe("七月计划");
  expect(july.plan.id).not.toBe(first.plan.id);
  expect(july.plan.sections[0]!.subsections[0]!.items[0]!.units).toEqual(["市科技局"]);
  // And A's cached plan of the first period is still that period's plan.
  expect((await loadPeriod(a, "2022-H1")).plan.title).toBe(first.plan.title);
  expect((await loadPeriod(b, "2022-H1")).plan).toEqual(first.plan);
});

test("requests that load the same period at once read its plan from the store once, and all get it", async () => {
  const a = await processOn();
  await a.store.replaceUnits(units());
  await a.store.publishPlan(fixturePlan(), DEFAULT_VOCABULARY, period("2022-H1"), new Date().toISOString());
  let reads = 0;
  const counting: Deps = {
    ...a,
    store: new Proxy(a.store, {
      get(target, property, receiver) {
        if (property === "getPlan") reads++;
        return Reflect.get(target, property, receiver) as unknown;
      },
    }),
  };
  const loaded = await Promise.all(Array.from({ length: 20 }, () => loadPeriod(counting, "2022-H1")));
  expect(reads).toBe(1);
  expect(new Set(loaded.map((l) => l.plan)).size).toBe(1);
  expect(loaded[0]!.plan.title).toBe(fixturePlan().title);
});
