// A server (one process, or a primary and its workers) killed with SIGKILL while submissions are in flight: acknowledged batches are whole,
// no batch is half-written, and retrying every batch with its key applies none twice.
import { execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { distinctUnits, planOf, planTasks } from "../../../schema/index.ts";
import { DEFAULT_VOCABULARY } from "../../../schema/statuses.ts";
import { openSqliteStore } from "../../../sync-server/store/sqlite/index.ts";
import { fixtureDocument, fixtureUnits } from "../../support/fixtures.ts";
import { startChildServer } from "../../support/child-server.ts";
import { API_STORE, api } from "../../support/server.ts";
import { hashPassword } from "../../../sync-server/security/passwords.ts";

const PERIODS = ["2022-01", "2022-02", "2022-03", "2022-04", "2022-05", "2022-06"];
let dir: string;
let dbFile: string;

interface Batch {
  key: string;
  period: string;
  unit: string;
  rows: { seq: number; status: string; progress: string; baseVersion: number }[];
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "keywork-crash-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A database of its own for each run: the periods, the units and a coordinator. */
async function prepare(name: string): Promise<void> {
  dbFile = join(dir, `${name}.db`);
  const store = openSqliteStore(dbFile);
  await store.migrate();
  await store.replaceUnits(fixtureUnits());
  for (const id of PERIODS) {
    await store.publishPlan(
      planOf(fixtureDocument()),
      DEFAULT_VOCABULARY,
      { id, title: id, dueAt: null, previousPeriodId: null },
      new Date().toISOString(),
    );
  }
  await store.createUser({
    username: "coord",
    name: "督查室",
    unit: "市政府办公室",
    role: "coordinator",
    passwordHash: await hashPassword("coord-password-1"),
  });
  await store.close();
}

const startChild = (workers: number) =>
  startChildServer(
    "serve",
    { DATABASE_URL: `sqlite:${dbFile}`, RATE_LIMIT_PER_MINUTE: "100000" },
    workers > 1 ? ["--workers", String(workers)] : [],
  );

/** SIGKILL to the server and, with --workers, to every worker at the same moment: a power cut. */
function killEverything(child: ChildProcess): void {
  let workers: number[] = [];
  try {
    workers = execFileSync("pgrep", ["-P", String(child.pid)], { encoding: "utf8" })
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map(Number);
  } catch {
    // pgrep exits 1 when the server has no children (one process).
  }
  child.kill("SIGKILL");
  for (const pid of workers) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

function batches(): Batch[] {
  const pairs = planTasks(fixtureDocument()).flatMap((t) =>
    distinctUnits(t.units).map((unit) => ({ seq: t.seq, unit })),
  );
  const out: Batch[] = [];
  for (const period of PERIODS) {
    const byUnit = new Map<string, number[]>();
    for (const p of pairs) byUnit.set(p.unit, [...(byUnit.get(p.unit) ?? []), p.seq]);
    for (const [unit, seqs] of byUnit) {
      for (let i = 0; i < seqs.length; i += 3) {
        out.push({
          key: `crash-${period}-${unit}-${i}`.replace(/[^\x21-\x7e]/gu, (c) =>
            c.codePointAt(0)!.toString(16),
          ),
          period,
          unit,
          rows: seqs.slice(i, i + 3).map((seq) => ({
            seq,
            status: "序时推进",
            progress: `${period} ${unit} 序号${seq}:按计划推进,阶段目标已完成。`,
            baseVersion: 0,
          })),
        });
      }
    }
  }
  return out;
}

const submit = (server: { url: string; workers: number }, token: string, b: Batch) =>
  api(server, "POST", `/periods/${b.period}/submissions`, {
    token,
    body: { unit: b.unit, rows: b.rows },
    headers: { "idempotency-key": b.key },
  });

// The SQLite file is the subject here: a crashed process and the file it leaves behind. Once with
// one process, once with `--workers 2` (requests on new connections, spread over both workers).
describe.skipIf(API_STORE !== "sqlite").each([1, 2])("with %i server process(es)", (workers) => {
  test("a SIGKILL mid-flight leaves whole batches only, and retries apply nothing twice", async () => {
    const url = (s: { url: string }) => ({ url: s.url, workers });
    await prepare(`workers-${workers}`);
    const all = batches();
    expect(all.length).toBeGreaterThan(150);
    const first = await startChild(workers);
    const token = (
      await api<{ token: string }>(url(first), "POST", "/sessions", {
        body: { username: "coord", password: "coord-password-1" },
      })
    ).body.token;

    const acknowledged = new Set<string>();
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (!killed && next < all.length) {
        const batch = all[next++]!;
        try {
          const res = await submit(url(first), token, batch);
          if (res.status === 200) acknowledged.add(batch.key);
          if (acknowledged.size >= 60 && !killed) {
            killed = true;
            killEverything(first.child);
          }
        } catch {
          // The connection dies with the process: this batch's fate is unknown to the client.
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await new Promise((resolve) =>
      first.child.exitCode !== null || first.child.signalCode !== null
        ? resolve(null)
        : first.child.once("exit", resolve),
    );
    expect(first.child.signalCode).toBe("SIGKILL");
    expect(acknowledged.size).toBeGreaterThanOrEqual(60);
    expect(acknowledged.size).toBeLessThan(all.length);

    // After the crash: every acknowledged batch whole, no batch partly there.
    const db = new Database(dbFile, { readonly: true });
    const has = db.prepare(
      "SELECT COUNT(*) AS n FROM report_rows WHERE period_id = ? AND unit = ? AND seq = ?",
    );
    const present = (b: Batch) => b.rows.map((r) => (has.get(b.period, b.unit, r.seq) as { n: number }).n);
    for (const b of all) {
      const rows = present(b);
      const whole = rows.every((n) => n === 1);
      const none = rows.every((n) => n === 0);
      expect(whole || none, `batch ${b.key} is half-written`).toBe(true);
      if (acknowledged.has(b.key)) expect(whole, `acknowledged batch ${b.key} is missing`).toBe(true);
    }
    db.close();

    // Retry everything with the same keys on a restarted server: all answered, none applied twice.
    const second = await startChild(workers);
    try {
      const token2 = (
        await api<{ token: string }>(url(second), "POST", "/sessions", {
          body: { username: "coord", password: "coord-password-1" },
        })
      ).body.token;
      for (const b of all) expect((await submit(url(second), token2, b)).status, b.key).toBe(200);
    } finally {
      await second.stop();
    }
    const after = new Database(dbFile, { readonly: true });
    const perRow = after
      .prepare(
        "SELECT MAX(c) AS most, COUNT(*) AS rows FROM (SELECT COUNT(*) AS c FROM history GROUP BY period_id, seq, unit)",
      )
      .get() as { most: number; rows: number };
    const expectedRows = all.reduce((n, b) => n + b.rows.length, 0);
    after.close();
    expect(perRow.rows).toBe(expectedRows);
    expect(perRow.most).toBe(1);
  }, 180_000);
});
