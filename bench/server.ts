// Server benches: submission latency over HTTP (200 and 3,000 rows), submissions/s with 100 concurrent
// clients sending 20-row batches on one process and on `--workers 2`, and the raw better-sqlite3 rate of
// the same transaction, one COMMIT each: what group commit has to beat.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { Agent, request } from "node:http";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { Plan } from "../schema/index.ts";
import { DEFAULT_VOCABULARY } from "../schema/statuses.ts";
import { DEMO_UNITS } from "../sync-server/demo/units.ts";
import { hashPassword } from "../sync-server/security/passwords.ts";
import { openSqliteStore } from "../sync-server/store/sqlite/index.ts";
import { applySubmission, submissionStatements } from "../sync-server/store/sqlite/submissions.ts";
import type { SubmissionInput } from "../sync-server/store/store.ts";
import { startChildServer } from "../test/support/child-server.ts";
import { timings, type BenchResult } from "./types.ts";

const LATENCY_UNIT = "市科技局";
const LOAD_UNIT = "市财政局";
const LATENCY_TASKS = 3000;
const CLIENTS = 100;
const BATCH = 20;
const LOAD_SECONDS = 8;
const WARM_UP_SECONDS = 1;

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

// node:http with keep-alive rather than fetch: undici's fetch cost the load generator 1.3 ms of CPU per
// request on this 2-core machine (0.64 of a core at 500 submissions/s), CPU taken from the server it
// measures; this client costs about a third of that.
const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS * 2 });
let keys = 0;

/** One submission, with an Idempotency-Key as the add-in and the web page send it. */
function post(
  url: string,
  token: string,
  body: unknown,
): Promise<{ status: number; json: { rows?: { seq: number; version: number }[] } }> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/v1/periods/2022-H1/submissions`,
      {
        method: "POST",
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "content-length": payload.length,
          "idempotency-key": `bench-${process.pid}-${++keys}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          try {
            resolve({
              status: res.statusCode ?? 0,
              json: JSON.parse(Buffer.concat(chunks).toString("utf8")),
            });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
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

interface LoadFigures {
  submissions: number;
  seconds: number;
  failures: number;
  p50: number;
  p95: number;
  p99: number;
}

/**
 * The 100 clients for LOAD_SECONDS, after a second of the same load whose figures are dropped: a
 * server process's first requests read the plan and start the writer thread, which is not the
 * deadline hour's steady state.
 */
async function load(url: string, token: string): Promise<LoadFigures> {
  const versions = Array.from({ length: CLIENTS }, () => new Map<number, number>());
  await loadFor(url, token, WARM_UP_SECONDS, versions, 0);
  return loadFor(url, token, LOAD_SECONDS, versions, 1);
}

async function loadFor(
  url: string,
  token: string,
  seconds: number,
  clientVersions: Map<number, number>[],
  phase: number,
): Promise<LoadFigures> {
  let submissions = 0;
  let failures = 0;
  const samples: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const client = async (c: number) => {
    const first = LATENCY_TASKS + 1 + c * BATCH;
    const versions = clientVersions[c]!;
    for (let round = 0; performance.now() < deadline; round++) {
      const rows = Array.from({ length: BATCH }, (_, i) => ({
        seq: first + i,
        status: "序时推进",
        // Every round's text differs from the last (also across phases): each row is really written.
        progress: progress(first + i, phase * 1_000_000 + round),
        baseVersion: versions.get(first + i) ?? 0,
      }));
      const t = performance.now();
      try {
        const res = await post(url, token, { unit: LOAD_UNIT, rows });
        samples.push(performance.now() - t);
        if (res.status !== 200) failures++;
        else {
          submissions++;
          for (const r of res.json.rows ?? []) versions.set(r.seq, r.version);
        }
      } catch {
        samples.push(performance.now() - t);
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return {
    submissions,
    seconds: (performance.now() - started) / 1000,
    failures,
    p50: pick(0.5),
    p95: pick(0.95),
    p99: pick(0.99),
  };
}

/** The server's processes: the one started and, under --workers, its keywork children (Linux). */
function serverPids(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map(Number)
      .filter((p) => readFileSync(`/proc/${p}/cmdline`, "utf8").includes("keywork.js"));
  } catch {
    // No children: one process.
  }
  return [pid, ...children];
}

/** Peak resident memory (VmHWM) of each server process, in MB (Linux /proc). */
function peakRss(pid: number): number[] {
  return serverPids(pid).map((p) => {
    try {
      const kb = /VmHWM:\s+(\d+)\s+kB/u.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1];
      return kb ? Math.round(Number(kb) / 1024) : NaN;
    } catch {
      return NaN;
    }
  });
}

const TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** CPU time (user + system, every thread) the server's processes have used so far, in ms. */
function serverCpuMs(pid: number): number {
  return serverPids(pid).reduce((sum, p) => {
    const stat = readFileSync(`/proc/${p}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return sum + ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  }, 0);
}

/**
 * The same transaction as one 20-row submission, through the store's own statements
 * (store/sqlite/submissions.ts), one transaction and one COMMIT (synchronous=FULL) each, with no HTTP
 * and no group: read the rows, write them, a history entry each, resolve returns, keep the answer for
 * retries. The ceiling of one-transaction-per-write.
 */
function rawRate(dbFile: string): number {
  const db = new Database(dbFile);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  const statements = submissionStatements(db);
  const bench = db.prepare("SELECT id FROM users WHERE username = 'bench'").get() as { id: number };
  const current = new Map(
    (
      db
        .prepare("SELECT seq, version FROM report_rows WHERE period_id = '2022-H1' AND unit = ?")
        .all(LOAD_UNIT) as { seq: number; version: number }[]
    ).map((r) => [r.seq, r.version]),
  );
  const write = db.transaction((input: SubmissionInput) => applySubmission(statements, input));
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < 3000) {
    const first = LATENCY_TASKS + 1 + (count % CLIENTS) * BATCH;
    const rows = Array.from({ length: BATCH }, (_, i) => ({
      seq: first + i,
      status: "序时推进",
      progress: progress(first + i, count + 1000),
      baseVersion: current.get(first + i) ?? 0,
    }));
    const outcome = write.immediate({
      periodId: "2022-H1",
      unit: LOAD_UNIT,
      user: { id: bench.id, username: "bench" },
      rows,
      idempotencyKey: `raw-${count}`,
      requestHash: "raw",
      at: new Date().toISOString(),
    });
    if (outcome.kind !== "applied") throw new Error(`raw transaction answered ${outcome.kind}`);
    for (const r of outcome.response.rows) current.set(r.seq, r.version);
    count++;
  }
  const rate = count / ((performance.now() - start) / 1000);
  db.close();
  return rate;
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "bench", password: "bench-password-1" }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** One server (1 process or --workers N) on a fresh database: latency runs (1 process only) and the load. */
async function serverRun(dir: string, workers: number, withLatency: boolean) {
  const dbFile = join(dir, `bench-${workers}.db`);
  await prepare(dbFile);
  const server = await startChildServer(
    "serve",
    { DATABASE_URL: `sqlite:${dbFile}`, RATE_LIMIT_PER_MINUTE: "1000000" },
    workers > 1 ? ["--workers", String(workers)] : [],
  );
  try {
    const token = await signIn(server.url);
    const versions = new Map<number, number>();
    const small = withLatency ? await latency(server.url, token, 200, 20, versions) : null;
    const large = withLatency ? await latency(server.url, token, 3000, 8, versions) : null;
    // The load generator runs on the same 2 cores as the server: both CPU bills are printed.
    const serverBefore = serverCpuMs(server.child.pid!);
    const clientBefore = process.cpuUsage();
    const loaded = await load(server.url, token);
    const client = process.cpuUsage(clientBefore);
    const cpu = {
      server: (serverCpuMs(server.child.pid!) - serverBefore) / loaded.submissions,
      client: (client.user + client.system) / 1000 / loaded.submissions,
    };
    const rss = peakRss(server.child.pid!);
    return { dbFile, small, large, loaded, rss, cpu };
  } finally {
    await server.stop();
  }
}

export async function serverBench(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "keywork-bench-"));
  try {
    const one = await serverRun(dir, 1, true);
    const two = await serverRun(dir, 2, false);
    const raw = rawRate(one.dbFile);
    const rate = (l: LoadFigures) => l.submissions / l.seconds;
    const both = (f: (l: LoadFigures) => number | string) => `${f(one.loaded)} | ${f(two.loaded)}`;
    return {
      name: "sync server (SQLite, HTTP on 127.0.0.1)",
      figures: {
        "200-row submission median ms": round(one.small!.median),
        "200-row submission p95 ms": round(one.small!.p95),
        "3,000-row submission median ms": round(one.large!.median),
        "3,000-row submission p95 ms": round(one.large!.p95),
        [`raw better-sqlite3 ${BATCH}-row transactions/s (synchronous=FULL)`]: round(raw),
        [`${CLIENTS} clients × ${BATCH} rows:`]: "1 process | --workers 2",
        "  submissions/s": both((l) => round(rate(l))),
        "  ratio to raw rate": both((l) => `${round(rate(l) / raw)}×`),
        "  p50 ms": both((l) => round(l.p50)),
        "  p95 ms": both((l) => round(l.p95)),
        "  p99 ms": both((l) => round(l.p99)),
        "  errors": both((l) => l.failures),
        "  peak RSS MB (primary, workers…)": `${one.rss.join(", ")} | ${two.rss.join(", ")}`,
        "  server CPU ms per submission": `${round(one.cpu.server, 2)} | ${round(two.cpu.server, 2)}`,
        "  load generator CPU ms per submission": `${round(one.cpu.client, 2)} | ${round(two.cpu.client, 2)}`,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
