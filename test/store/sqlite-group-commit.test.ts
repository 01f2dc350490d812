// Group commit in the SQLite store: submissions that arrive together are written in one transaction,
// each in its own savepoint, so one that conflicts or fails changes nothing for the others.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../sync-server/store/sqlite/index.ts";
import type { SubmissionOutcome } from "../../sync-server/store/store.ts";
import { LEAD, at, row, seeded, submission, user } from "./data.ts";

const dir = mkdtempSync(join(tmpdir(), "keywork-group-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** A migrated, seeded store that records the size of each committed group. */
async function groupedStore() {
  const groups: number[] = [];
  const file = join(dir, `group-${++files}.db`);
  const store = openSqliteStore(file, { onCommit: (n) => groups.push(n) });
  await store.migrate();
  await seeded(store);
  const u = await user(store, LEAD);
  groups.length = 0;
  return { store, u, groups, file };
}

const kinds = (outcomes: PromiseSettledResult<SubmissionOutcome>[]) =>
  outcomes.map((o) => (o.status === "fulfilled" ? o.value.kind : "error"));

describe("SQLite group commit", () => {
  it("writes submissions made in the same tick in one transaction", async () => {
    const { store, u, groups } = await groupedStore();
    const outcomes = await Promise.all([
      store.applySubmission(submission(u, [row(1, 0, "一")])),
      store.applySubmission(submission(u, [row(2, 0, "二")])),
      store.applySubmission(submission(u, [row(3, 0, "三")])),
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(["applied", "applied", "applied"]);
    expect(groups).toEqual([3]);
    await store.close();
  });

  it("one conflicting submission in a group leaves the others applied and its own rows untouched", async () => {
    const { store, u, groups } = await groupedStore();
    await store.applySubmission(submission(u, [row(2, 0, "二·原")], { at: at(1) }));
    groups.length = 0;
    const outcomes = await Promise.allSettled([
      store.applySubmission(submission(u, [row(1, 0, "一")], { key: "group-key-0001", hash: "g1" })),
      // Row 2 is at version 1: this batch (rows 3 and 2) is refused whole.
      store.applySubmission(
        submission(u, [row(3, 0, "三·冲突批"), row(2, 0, "二·过期")], { key: "group-key-0002", hash: "g2" }),
      ),
      store.applySubmission(submission(u, [row(4, 0, "四")], { key: "group-key-0003", hash: "g3" })),
    ]);
    expect(kinds(outcomes)).toEqual(["applied", "conflict", "applied"]);
    expect(groups).toEqual([3]);
    expect((await store.listReports("2022-H1")).map((r) => [r.seq, r.progress, r.version])).toEqual([
      [1, "一", 1],
      [2, "二·原", 1],
      [4, "四", 1],
    ]);
    expect(await store.history("2022-H1", 3)).toEqual([]);
    // The conflict stored no answer: its key with a corrected base applies.
    const retried = await store.applySubmission(
      submission(u, [row(3, 0, "三·冲突批"), row(2, 1, "二·过期")], { key: "group-key-0002", hash: "g2b" }),
    );
    expect(retried.kind).toBe("applied");
    await store.close();
  });

  it("an error thrown in one submission of a group (a unit not in the directory) fails only that one", async () => {
    const { store, u, groups } = await groupedStore();
    const outcomes = await Promise.allSettled([
      store.applySubmission(submission(u, [row(1, 0, "一")], { key: "group-err-0001", hash: "e1" })),
      store.applySubmission(
        submission(u, [row(2, 0, "二"), row(3, 0, "三")], {
          unit: "市不存在局",
          key: "group-err-0002",
          hash: "e2",
        }),
      ),
      store.applySubmission(submission(u, [row(4, 0, "四")], { key: "group-err-0003", hash: "e3" })),
    ]);
    expect(kinds(outcomes)).toEqual(["applied", "error", "applied"]);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/u);
    expect(groups).toEqual([3]);
    expect((await store.listReports("2022-H1")).map((r) => [r.seq, r.unit])).toEqual([
      [1, LEAD],
      [4, LEAD],
    ]);
    // Neither its rows, nor its history, nor its idempotency answer were kept.
    expect(await store.history("2022-H1", 2)).toEqual([]);
    const retry = await store.applySubmission(
      submission(u, [row(2, 0, "二"), row(3, 0, "三")], { key: "group-err-0002", hash: "e2" }),
    );
    expect(retry.kind).toBe("applied");
    await store.close();
  });

  it("applies the same key twice in one group once: the second is answered from the first", async () => {
    const { store, u, groups } = await groupedStore();
    const same = submission(u, [row(1, 0, "一")], { key: "group-same-0001", hash: "s1" });
    const [first, second] = await Promise.all([store.applySubmission(same), store.applySubmission(same)]);
    expect(groups).toEqual([1 + 1]);
    expect(first!.kind).toBe("applied");
    expect(second).toEqual({ kind: "replayed", response: first!.kind === "applied" ? first.response : null });
    expect(await store.history("2022-H1", 1)).toHaveLength(1);
    await store.close();
  });

  it("has every submission durable on the file when its promise resolves", async () => {
    const { store, u, file } = await groupedStore();
    const outcome = await store.applySubmission(submission(u, [row(1, 0, "一")]));
    expect(outcome.kind).toBe("applied");
    // Another connection sees it: the transaction is committed, not pending.
    const other = new Database(file, { readonly: true });
    try {
      expect(other.prepare("SELECT COUNT(*) AS n FROM report_rows").get()).toEqual({ n: 1 });
    } finally {
      other.close();
    }
    await store.close();
  });

  it("splits a long queue into bounded groups, in the order the submissions came", async () => {
    const { store, u, groups } = await groupedStore();
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        store.applySubmission(submission(u, [row(1, i === 0 ? 0 : i, `第${i}版`)])),
      ),
    );
    // Each one was sent with the version the one before it made: in order, every one applies.
    expect(outcomes.every((o) => o.kind === "applied")).toBe(true);
    expect(groups.reduce((a, b) => a + b, 0)).toBe(100);
    expect(Math.max(...groups)).toBeLessThanOrEqual(64);
    expect(groups.length).toBeGreaterThan(1);
    expect((await store.listReports("2022-H1"))[0]).toMatchObject({ version: 100, progress: "第99版" });
    await store.close();
  });

  it("writes what was queued before closing", async () => {
    const { store, u, file } = await groupedStore();
    const pending = store.applySubmission(submission(u, [row(1, 0, "一")]));
    await store.close();
    expect((await pending).kind).toBe("applied");
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT COUNT(*) AS n FROM report_rows").get()).toEqual({ n: 1 });
    db.close();
  });
});
