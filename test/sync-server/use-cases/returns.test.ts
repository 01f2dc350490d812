// Who sees which returns (revision requests): the rule lives in use-cases/periods.ts, not in a route.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, expect, test } from "vitest";
import { DEFAULT_VOCABULARY } from "../../../schema/statuses.ts";
import { loadConfig } from "../../../sync-server/config.ts";
import { openSqliteStore } from "../../../sync-server/store/sqlite/index.ts";
import type { Actor, Deps } from "../../../sync-server/use-cases/context.ts";
import { returnRow, visibleReturns } from "../../../sync-server/use-cases/periods.ts";
import { fixturePlan, period, units } from "../../store/data.ts";

let dir: string;
let deps: Deps;

const actor = (role: Actor["role"], unit: string | null): Actor => ({
  id: 1,
  username: `${role}-${unit ?? "none"}`,
  name: "测试",
  unit,
  role,
});
const coordinator = actor("coordinator", null);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "keywork-returns-"));
  const store = openSqliteStore(join(dir, "keywork.db"));
  await store.migrate();
  deps = { store, config: loadConfig({}), logger: pino({ level: "silent" }), now: () => new Date() };
  await store.replaceUnits(units());
  await store.publishPlan(fixturePlan(), DEFAULT_VOCABULARY, period("2022-H1"), new Date().toISOString());
  await returnRow(deps, coordinator, "2022-H1", { seq: 9, unit: "市科技局", comment: "请补充数据。" });
});
afterEach(async () => {
  await deps.store.close();
  rmSync(dir, { recursive: true, force: true });
});

test("a reporter sees the returns sent to its own unit", async () => {
  const returns = await visibleReturns(deps, actor("reporter", "市科技局"), "2022-H1");
  expect(returns.map((r) => r.unit)).toEqual(["市科技局"]);
});

test("a reporter does not see the returns sent to another unit", async () => {
  expect(await visibleReturns(deps, actor("reporter", "市财政局"), "2022-H1")).toEqual([]);
});

test("a reporter of no unit sees no returns", async () => {
  expect(await visibleReturns(deps, actor("reporter", null), "2022-H1")).toEqual([]);
});

test("a viewer sees the returns of every unit", async () => {
  const returns = await visibleReturns(deps, actor("viewer", null), "2022-H1");
  expect(returns.map((r) => r.unit)).toEqual(["市科技局"]);
});
