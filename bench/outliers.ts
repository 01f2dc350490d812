// Where do rare multi-second latencies under 100-client load come from (issue 10, item 13)?
// `node --import tsx bench/outliers.ts [seconds] [clients]`: a `keywork serve` child with its access log
// on, 100 clients (fetch, keep-alive) that sign in once each and then submit 20-row batches; prints
// client-side and server-side (access log) latency figures side by side, and the slowest requests of
// each, so a gap between them (time spent outside the request handler) shows.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Plan } from "../schema/index.ts";
import { DEFAULT_VOCABULARY } from "../schema/statuses.ts";
import { DEMO_UNITS } from "../sync-server/demo/units.ts";
import { hashPassword } from "../sync-server/security/passwords.ts";
import { openSqliteStore } from "../sync-server/store/sqlite/index.ts";
import { startChildServer } from "../test/support/child-server.ts";

const SECONDS = Number(process.argv[2] ?? 15);
const CLIENTS = Number(process.argv[3] ?? 100);
const BATCH = 20;
const UNIT = "市财政局";

function plan(): Plan {
  const items = Array.from({ length: CLIENTS * BATCH }, (_, i) => ({
    seq: i + 1,
    task: `并发测试任务${i + 1}:落实专项资金。`,
    units: [UNIT],
  }));
  return {
    title: "延迟测试",
    sections: [{ no: "一", title: "测试", subsections: [{ title: null, items }] }],
  };
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "keywork-outliers-"));
  const dbFile = join(dir, "bench.db");
  const store = openSqliteStore(dbFile);
  await store.migrate();
  await store.replaceUnits(DEMO_UNITS);
  await store.publishPlan(
    plan(),
    DEFAULT_VOCABULARY,
    { id: "2022-H1", title: "延迟测试", dueAt: null, previousPeriodId: null },
    new Date().toISOString(),
  );
  // One account per client, as at the deadline hour: 100 people signing in, not one account 100 times.
  const hash = await hashPassword("bench-password-1");
  for (let c = 0; c < CLIENTS; c++)
    await store.createUser({
      username: `bench${c}`,
      name: `基准${c}`,
      unit: "市政府办公室",
      role: "coordinator",
      passwordHash: hash,
    });
  await store.close();
  const server = await startChildServer("serve", {
    DATABASE_URL: `sqlite:${dbFile}`,
    RATE_LIMIT_PER_MINUTE: "1000000",
    LOG_LEVEL: "info",
  });
  const client: { ms: number; at: number; what: string; status: number }[] = [];
  const t0 = performance.now();
  try {
    const deadline = performance.now() + SECONDS * 1000;
    const run = async (c: number) => {
      const t = performance.now();
      const res = await fetch(`${server.url}/api/v1/sessions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: `bench${c}`, password: "bench-password-1" }),
      });
      const { token } = (await res.json()) as { token: string };
      client.push({ ms: performance.now() - t, at: t - t0, what: "sign-in", status: res.status });
      const versions = new Map<number, number>();
      for (let round = 0; performance.now() < deadline; round++) {
        const rows = Array.from({ length: BATCH }, (_, i) => {
          const seq = c * BATCH + i + 1;
          return {
            seq,
            status: "序时推进",
            progress: `第${round}轮:序号${seq}按计划推进。`,
            baseVersion: versions.get(seq) ?? 0,
          };
        });
        const s = performance.now();
        const r = await fetch(`${server.url}/api/v1/periods/2022-H1/submissions`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ unit: UNIT, rows }),
        });
        const body = (await r.json()) as { rows?: { seq: number; version: number }[] };
        client.push({ ms: performance.now() - s, at: s - t0, what: "submit", status: r.status });
        for (const x of body.rows ?? []) versions.set(x.seq, x.version);
      }
    };
    await Promise.all(
      Array.from({ length: CLIENTS }, (_, c) =>
        run(c).catch((error: unknown) => {
          const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
          client.push({ ms: 0, at: performance.now() - t0, what: `failed: ${cause}`, status: 0 });
        }),
      ),
    );
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const serverMs = server
    .output()
    .split("\n")
    .flatMap((line) => {
      try {
        const j = JSON.parse(line) as { msg?: string; ms?: number; path?: string };
        return j.msg === "request" && typeof j.ms === "number" ? [{ ms: j.ms, path: j.path }] : [];
      } catch {
        return [];
      }
    });
  const c = client.map((x) => x.ms).sort((a, b) => a - b);
  const s = serverMs.map((x) => x.ms).sort((a, b) => a - b);
  const line = (name: string, v: number[]) =>
    `${name.padEnd(8)} n=${v.length} p50=${pct(v, 0.5).toFixed(0)} p99=${pct(v, 0.99).toFixed(0)} max=${(v.at(-1) ?? 0).toFixed(0)} >1s=${v.filter((x) => x > 1000).length} >5s=${v.filter((x) => x > 5000).length}`;
  console.log(line("client", c));
  console.log(line("server", s));
  console.log(
    "errors:",
    client.filter((x) => x.status >= 400 || x.status === 0).length,
    [
      ...new Set(
        client
          .filter((x) => x.status >= 400 || x.status === 0)
          .map((x) => `${x.status} ${x.what}@${(x.at / 1000).toFixed(1)}s`),
      ),
    ]
      .slice(0, 10)
      .join(", "),
  );
  console.log(
    "slowest client:",
    [...client]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8)
      .map((x) => `${x.what}@${(x.at / 1000).toFixed(1)}s ${x.ms.toFixed(0)}ms`)
      .join(", "),
  );
  console.log(
    "sign-ins:",
    line(
      "",
      client
        .filter((x) => x.what === "sign-in")
        .map((x) => x.ms)
        .sort((a, b) => a - b),
    ),
  );
}

await main();
