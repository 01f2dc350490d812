// Who writes the SQLite store's submissions (store/sqlite/submission-writer.ts): a thread of its own for
// a database file, the store's own connection for `:memory:`. Both group what arrives together and
// answer only after the commit; the thread carries SQLite's error codes back and never keeps a
// finished process alive.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../sync-server/store/sqlite/index.ts";
import type { SubmissionOutcome } from "../../sync-server/store/store.ts";
import { LEAD, row, seeded, submission, user } from "./data.ts";

const dir = mkdtempSync(join(tmpdir(), "keywork-writer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const WRITERS = [
  { name: "the writer thread (a database file)", file: () => join(dir, `writer-${++files}.db`) },
  { name: "the store's own connection (:memory:)", file: () => ":memory:" },
];

const kinds = (outcomes: PromiseSettledResult<SubmissionOutcome>[]) =>
  outcomes.map((o) => (o.status === "fulfilled" ? o.value.kind : "error"));

describe.each(WRITERS)("$name", ({ file }) => {
  async function opened() {
    const groups: number[] = [];
    const store = openSqliteStore(file(), { onCommit: (n) => groups.push(n) });
    await store.migrate();
    await seeded(store);
    const u = await user(store, LEAD);
    groups.length = 0;
    return { store, u, groups };
  }

  it("writes a tick's submissions in one group where a conflict leaves the others applied", async () => {
    const { store, u, groups } = await opened();
    await store.applySubmission(submission(u, [row(2, 0, "二·原")]));
    groups.length = 0;
    const outcomes = await Promise.allSettled([
      store.applySubmission(submission(u, [row(1, 0, "一")])),
      store.applySubmission(submission(u, [row(2, 0, "二·过期")])),
      store.applySubmission(submission(u, [row(3, 0, "三")])),
    ]);
    expect(kinds(outcomes)).toEqual(["applied", "conflict", "applied"]);
    expect(groups).toEqual([3]);
    expect((await store.listReports("2022-H1")).map((r) => [r.seq, r.progress])).toEqual([
      [1, "一"],
      [2, "二·原"],
      [3, "三"],
    ]);
    await store.close();
  });

  it("fails a submission that breaks a constraint with SQLite's own error code", async () => {
    const { store, u } = await opened();
    const failed = await store.applySubmission(submission(u, [row(1, 0, "一")], { unit: "市不存在局" })).then(
      () => null,
      (error: unknown) => error as { code?: unknown; message?: unknown },
    );
    expect(failed?.code).toBe("SQLITE_CONSTRAINT_FOREIGNKEY");
    expect(String(failed?.message)).toMatch(/FOREIGN KEY/u);
    await store.close();
  });
});

describe("the writer thread", () => {
  it("does not keep a process alive once its submissions are answered", () => {
    // A CLI command that submits and never closes the store must still end by itself.
    const store = fileURLToPath(new URL("../../sync-server/store/sqlite/index.ts", import.meta.url));
    const data = fileURLToPath(new URL("./data.ts", import.meta.url));
    const script = `
      import { openSqliteStore } from ${JSON.stringify(store)};
      import { LEAD, row, seeded, submission, user } from ${JSON.stringify(data)};
      const store = openSqliteStore(${JSON.stringify(join(dir, "alive.db"))});
      await store.migrate();
      await seeded(store);
      const u = await user(store, LEAD);
      const outcome = await store.applySubmission(submission(u, [row(1, 0, "一")]));
      console.log(outcome.kind);
    `;
    const file = join(dir, "submit-and-leave.mjs");
    writeFileSync(file, script);
    const child = spawnSync(process.execPath, ["--import", "tsx", file], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(child.signal).toBeNull();
    expect(child.stdout.trim()).toBe("applied");
    expect(child.status).toBe(0);
  }, 90_000);
});
