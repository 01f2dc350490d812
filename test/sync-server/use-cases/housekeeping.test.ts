// Housekeeping runs in one process at a time: a lease in the store, tested with two handles on one file.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, expect, test } from "vitest";
import { loadConfig } from "../../../sync-server/config.ts";
import { openSqliteStore } from "../../../sync-server/store/sqlite/index.ts";
import type { Store } from "../../../sync-server/store/store.ts";
import type { Deps } from "../../../sync-server/use-cases/context.ts";
import {
  HOUSEKEEPING_LEASE_MS,
  processHolder,
  runHousekeeping,
} from "../../../sync-server/use-cases/housekeeping.ts";

let dir: string;
let stores: Store[];
let clock: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "keywork-housekeeping-"));
  stores = [];
  clock = Date.parse("2026-06-30T08:00:00.000Z");
});
afterEach(async () => {
  await Promise.all(stores.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function processOn(): Promise<Deps> {
  const store = openSqliteStore(join(dir, "keywork.db"));
  stores.push(store);
  await store.migrate();
  return { store, config: loadConfig({}), logger: pino({ level: "silent" }), now: () => new Date(clock) };
}

test("two processes starting together: one purges, the other skips", async () => {
  const [a, b] = [await processOn(), await processOn()];
  // Something to purge: a sign-in counter long expired, a rate window long ended.
  await a.store.countSigninAttempt(["a:10.0.0.1"], "2026-06-29T08:00:00.000Z", "2026-06-29T08:15:00.000Z");
  await a.store.hitRateLimit("a:10.0.0.1", "2026-06-29T08:00:00.000Z", "2026-06-29T07:59:00.000Z");
  const runs = await Promise.all([runHousekeeping(a, processHolder()), runHousekeeping(b, processHolder())]);
  expect(runs.filter((r) => r === null)).toHaveLength(1);
  expect(runs.find((r) => r !== null)).toEqual({ tokens: 0, answers: 0, signins: 1, rateLimits: 1 });
});

test("the holder runs again at its next tick; another process takes over once the lease expired", async () => {
  const [a, b] = [await processOn(), await processOn()];
  const [holderA, holderB] = [processHolder(), processHolder()];
  expect(await runHousekeeping(a, holderA)).not.toBeNull();
  clock += 10 * 60_000;
  expect(await runHousekeeping(b, holderB)).toBeNull();
  expect(await runHousekeeping(a, holderA)).not.toBeNull();
  // Process A died: its lease runs out and B's next tick does the work.
  clock += HOUSEKEEPING_LEASE_MS;
  expect(await runHousekeeping(b, holderB)).not.toBeNull();
  expect(await runHousekeeping(a, holderA)).toBeNull();
});
