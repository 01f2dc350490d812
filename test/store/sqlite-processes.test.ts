// The SQLite store across connections that really run at the same time (worker threads, each with its
// own connection, released together from a barrier): BEGIN IMMEDIATE must serialise them. In-process
// store instances (the conformance suite) run one transaction at a time on the JavaScript thread, so
// only this file makes two writers meet on the file lock.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { readMigrations } from "../../sync-server/store/migrations.ts";
import { openSqliteStore } from "../../sync-server/store/sqlite/index.ts";
import type { SubmissionInput } from "../../sync-server/store/store.ts";
import { row, seeded, submission, user } from "./data.ts";

const dir = mkdtempSync(join(tmpdir(), "keywork-sqlite-workers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Task = { kind: "migrate" } | { kind: "submit"; inputs: SubmissionInput[] };

/** Runs one task per worker, all released at once; resolves with each worker's answer. */
async function together(file: string, tasks: Task[]): Promise<unknown[]> {
  const barrier = new SharedArrayBuffer(8);
  const gate = new Int32Array(barrier);
  const answers = tasks.map(
    (task) =>
      new Promise<unknown>((resolve, reject) => {
        const worker = new Worker(new URL("./sqlite-worker.mjs", import.meta.url), {
          workerData: { file, barrier, task },
        });
        worker.once("message", (m: { ok: boolean; result?: unknown; error?: string }) =>
          m.ok ? resolve(m.result) : reject(new Error(m.error)),
        );
        worker.once("error", reject);
      }),
  );
  // Every worker has opened its connection and waits at the barrier: release them together.
  while (Atomics.load(gate, 1) < tasks.length) await new Promise((r) => setTimeout(r, 5));
  Atomics.store(gate, 0, 1);
  Atomics.notify(gate, 0);
  return Promise.all(answers);
}

describe("SQLite store, several connections at once", () => {
  it("migrates a new file from several processes at once: each migration applied exactly once", async () => {
    const file = join(dir, "migrate.db");
    const answers = (await together(
      file,
      Array.from({ length: 6 }, () => ({ kind: "migrate" as const })),
    )) as string[][];
    const all = readMigrations(new URL("../../sync-server/store/sqlite/migrations/", import.meta.url));
    expect(answers.flat().sort()).toEqual(all.map((m) => m.name));
  });

  it("applies exactly one of 50 submissions from the same stale base sent by 5 processes", async () => {
    const file = join(dir, "race.db");
    const store = openSqliteStore(file);
    await store.migrate();
    await seeded(store);
    const u = await user(store);
    await store.applySubmission(submission(u, [row(1, 0, "起点")]));
    const inputs = Array.from({ length: 50 }, (_, i) =>
      submission(u, [row(1, 1, `并发第${i}份`)], { key: `key-worker-${i}-xxxx`, hash: `w${i}` }),
    );
    const answers = (await together(
      file,
      Array.from({ length: 5 }, (_, w) => ({
        kind: "submit" as const,
        inputs: inputs.filter((_, i) => i % 5 === w),
      })),
    )) as string[][];
    const kinds = answers.flat();
    expect(kinds.filter((k) => k === "applied")).toHaveLength(1);
    expect(kinds.filter((k) => k === "conflict")).toHaveLength(49);
    expect((await store.history("2022-H1", 1)).map((e) => e.version)).toEqual([1, 2]);
    await store.close();
  }, 60_000);
});
