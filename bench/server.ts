// Server benches: submission latency over HTTP (200 and 3,000 rows), submissions/s with 100 concurrent
// clients sending 20-row batches, and the raw better-sqlite3 transaction rate for the same rows.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { Plan } from "../schema/index.ts";
import { DEFAULT_VOCABULARY } from "../schema/statuses.ts";
import { DEMO_UNITS } from "../sync-server/demo/units.ts";
import { hashPassword } from "../sync-server/security/passwords.ts";
import { openSqliteStore } from "../sync-server/store/sqlite/index.ts";
import { startChildServer } from "../test/support/child-server.ts";
import { timings, type BenchResult } from "./types.ts";

const LATENCY_UNIT = "市科技局";
const LOAD_UNIT = "市财政局";
const LATENCY_TASKS = 3000;
const CLIENTS = 100;
const BATCH = 20;
const LOAD_SECONDS = 8;

/** 3,000 tasks of one unit for the latency runs, then 100 × 20 tasks of another for the load run. */
function benchPlan(): Plan {
  const items = [];
  for (let seq = 1; seq <= LATENCY_TASKS; seq++)
    items.push({ seq, task: `基准测试任务${seq}:推进重点项目建设。`, units: [LATENCY_UNIT] });
  for (let i = 0; i < CLIENTS * BATCH; i++) {
    const seq = LATENCY_TASKS + 1 + i;
    items.push({ seq, task: `并发测试任务${seq}:落实专项资金。`, units: [LOAD_UNIT] });
  }
  return {
    title: "基准测试",
    sections: [{ no: "一", title: "基准", subsections: [{ title: null, items }] }],
  };
}

const progress = (seq: number, round: number) =>
  `第${round}轮:序号${seq}的工作按计划推进,项目已完成年度投资的${(seq * 7 + round) % 100}%,下一步加快建设进度。`;

async function prepare(dbFile: string): Promise<void> {
  const store = openSqliteStore(dbFile);
  await store.migrate();
  await store.replaceUnits(DEMO_UNITS);
  await store.publishPlan(
    benchPlan(),
    DEFAULT_VOCABULARY,
    { id: "2022-H1", title: "基准测试", dueAt: null, previousPeriodId: null },
    new Date().toISOString(),
  );
  await store.createUser({
    username: "bench",
    name: "基准",
    unit: "市政府办公室",
    role: "coordinator",
    passwordHash: await hashPassword("bench-password-1"),
  });
  await store.close();
}

async function post(
  url: string,
  token: string,
  body: unknown,
): Promise<{ status: number; json: { rows?: { seq: number; version: number }[] } }> {
  const res = await fetch(`${url}/api/v1/periods/2022-H1/submissions`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { rows?: { seq: number; version: number }[] } };
}

async function latency(
  url: string,
  token: string,
  rows: number,
  runs: number,
  versions: Map<number, number>,
): Promise<ReturnType<typeof timings>> {
  const samples: number[] = [];
  for (let round = 0; round < runs + 2; round++) {
    const body = {
      unit: LATENCY_UNIT,
      rows: Array.from({ length: rows }, (_, i) => ({
        seq: i + 1,
        status: "序时推进",
        progress: progress(i + 1, round),
        baseVersion: versions.get(i + 1) ?? 0,
      })),
    };
    const start = performance.now();
    const res = await post(url, token, body);
    const ms = performance.now() - start;
    if (res.status !== 200) throw new Error(`latency run answered ${res.status}`);
    for (const r of res.json.rows ?? []) versions.set(r.seq, r.version);
    if (round >= 2) samples.push(ms); // two warm-up rounds
  }
  return timings(samples);
}

async function load(
  url: string,
  token: string,
): Promise<{ submissions: number; seconds: number; failures: number; p95: number }> {
  let submissions = 0;
  let failures = 0;
  const samples: number[] = [];
  const deadline = performance.now() + LOAD_SECONDS * 1000;
  const started = performance.now();
  const client = async (c: number) => {
    const first = LATENCY_TASKS + 1 + c * BATCH;
    const versions = new Map<number, number>();
    for (let round = 0; performance.now() < deadline; round++) {
      const rows = Array.from({ length: BATCH }, (_, i) => ({
        seq: first + i,
        status: "序时推进",
        progress: progress(first + i, round),
        baseVersion: versions.get(first + i) ?? 0,
      }));
      const t = performance.now();
      const res = await post(url, token, { unit: LOAD_UNIT, rows });
      samples.push(performance.now() - t);
      if (res.status !== 200) failures++;
      else {
        submissions++;
        for (const r of res.json.rows ?? []) versions.set(r.seq, r.version);
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  return { submissions, seconds: (performance.now() - started) / 1000, failures, p95: timings(samples).p95 };
}

/** The same 20-row upserts straight through better-sqlite3: the ceiling the server works under. */
function rawRate(dbFile: string): number {
  const db = new Database(dbFile);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  const update = db.prepare(
    "UPDATE report_rows SET progress = ?, version = version + 1, updated_at = ? WHERE period_id = '2022-H1' AND seq = ? AND unit = ?",
  );
  const history = db.prepare(
    "INSERT INTO history (period_id, seq, unit, version, old_status, old_progress, new_status, new_progress, changed_by, changed_at) VALUES ('2022-H1', ?, ?, 0, NULL, NULL, '序时推进', ?, 'raw', ?)",
  );
  const batch = db.transaction((first: number, round: number) => {
    const at = new Date().toISOString();
    for (let i = 0; i < BATCH; i++) {
      update.run(progress(first + i, round), at, first + i, LOAD_UNIT);
      history.run(first + i, LOAD_UNIT, progress(first + i, round), at);
    }
  });
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < 3000) {
    batch.immediate(LATENCY_TASKS + 1 + (count % CLIENTS) * BATCH, count + 1000);
    count++;
  }
  const rate = count / ((performance.now() - start) / 1000);
  db.close();
  return rate;
}

export async function serverBench(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "keywork-bench-"));
  const dbFile = join(dir, "bench.db");
  await prepare(dbFile);
  const server = await startChildServer("serve", {
    DATABASE_URL: `sqlite:${dbFile}`,
    RATE_LIMIT_PER_MINUTE: "1000000",
  });
  const { url } = server;
  try {
    const signIn = await fetch(`${url}/api/v1/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "bench", password: "bench-password-1" }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const versions = new Map<number, number>();
    const small = await latency(url, token, 200, 20, versions);
    const large = await latency(url, token, 3000, 8, versions);
    const loaded = await load(url, token);
    await server.stop();
    const raw = rawRate(dbFile);
    return {
      name: "sync server (SQLite, one process, HTTP on 127.0.0.1)",
      figures: {
        "200-row submission median ms": round(small.median),
        "200-row submission p95 ms": round(small.p95),
        "3,000-row submission median ms": round(large.median),
        "3,000-row submission p95 ms": round(large.p95),
        [`${CLIENTS} clients × ${BATCH}-row batches: submissions/s`]: round(
          loaded.submissions / loaded.seconds,
        ),
        [`${CLIENTS} clients × ${BATCH}-row batches: rows/s`]: round(
          (loaded.submissions * BATCH) / loaded.seconds,
        ),
        [`${CLIENTS} clients: p95 latency ms`]: round(loaded.p95),
        [`${CLIENTS} clients: failed submissions`]: loaded.failures,
        [`raw better-sqlite3 ${BATCH}-row transactions/s (synchronous=FULL)`]: round(raw),
      },
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (n: number) => Math.round(n * 10) / 10;
