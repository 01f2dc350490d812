// The API on `keywork serve --workers 2`: two processes on one database (SQLite here; SQL Server with
// KEYWORK_TEST_API_STORE=mssql), every request on a new connection so both processes answer.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createHash } from "node:crypto";
import { distinctUnits, planOf, planTasks } from "../../../schema/index.ts";
import { DEFAULT_VOCABULARY } from "../../../schema/statuses.ts";
import { fixtureDocument } from "../../support/fixtures.ts";
import { SIGNIN_REFUSED } from "../../../sync-server/use-cases/sessions.ts";
import { api, publishFixture, startTestServer, submission, type TestServer } from "../../support/server.ts";

let server: TestServer;
let tokens: string[];
let coordinator: string;

beforeAll(async () => {
  server = await startTestServer(
    { RATE_LIMIT_PER_MINUTE: "1000000", SIGNIN_MAX_FAILURES: "4", SIGNIN_SLOW_AFTER: "10" },
    { workers: 2 },
  );
  await publishFixture(server);
  tokens = await Promise.all(
    ["a", "b", "c", "d", "e"].map((n) => server.user(`kjj-${n}`, "reporter", "市科技局")),
  );
  coordinator = await server.user("coord", "coordinator", "市政府办公室");
}, 120_000);
afterAll(() => server?.stop());

const workerOf = (headers: Headers) => headers.get("x-keywork-worker");

describe("two server processes on one database", () => {
  test("both processes answer, each naming itself in X-Keywork-Worker", async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => api(server, "GET", "/healthz")));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => workerOf(a.headers))).size).toBe(2);
  });

  test("failed sign-ins sent at once to both processes all count: the right password then waits", async () => {
    await server.user("under-limit", "reporter", "市科技局");
    await server.user("lock-me", "reporter", "市科技局");
    const wrong = (username: string) =>
      api(server, "POST", "/sessions", { body: { username, password: "wrong-password" } });
    // One failure short of SIGNIN_MAX_FAILURES (4): the right password still signs in.
    const fewer = await Promise.all(Array.from({ length: 3 }, () => wrong("under-limit")));
    expect(fewer.map((r) => r.status)).toEqual([401, 401, 401]);
    const allowed = await api(server, "POST", "/sessions", {
      body: { username: "under-limit", password: "under-limit-password-1" },
    });
    expect(allowed.status).toBe(201);
    // Four at the same instant, spread over both processes: every one is counted in the store.
    const failures = await Promise.all(Array.from({ length: 4 }, () => wrong("lock-me")));
    expect(failures.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(new Set(failures.map((r) => workerOf(r.headers))).size).toBe(2);
    const refused = await api(server, "POST", "/sessions", {
      body: { username: "lock-me", password: "lock-me-password-1" },
    });
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toBe(SIGNIN_REFUSED);
  });

  test("a retried submission sent to both processes at once is applied once and answered alike", async () => {
    const body = submission([{ seq: 14 }, { seq: 15 }]);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        api(server, "POST", "/periods/2022-H1/submissions", {
          token: tokens[0]!,
          body,
          headers: { "idempotency-key": "processes-retry-0001" },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((a) => workerOf(a.headers))).size).toBe(2);
    expect(answers.filter((a) => a.headers.get("idempotent-replayed") === "true")).toHaveLength(9);
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
    const history = await api<{ entries: unknown[] }>(server, "GET", "/periods/2022-H1/tasks/14/history", {
      token: tokens[0]!,
    });
    expect(history.body.entries).toHaveLength(1);
  });

  test("50 stale writers racing over both processes: one wins, 49 conflict, nothing applied twice", async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api(server, "POST", "/periods/2022-H1/submissions", {
          token: tokens[i % tokens.length]!,
          body: submission([{ seq: 9, progress: `第${i}位填报人的版本:研发投入统计工作推进中。` }]),
        }),
      ),
    );
    expect(new Set(answers.map((a) => workerOf(a.headers))).size).toBe(2);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const winner = statuses.indexOf(200);
    const history = await api<{ entries: { version: number; newProgress: string }[] }>(
      server,
      "GET",
      "/periods/2022-H1/tasks/9/history",
      { token: tokens[0]! },
    );
    expect(history.body.entries.map((e) => e.version)).toEqual([1]);
    expect(history.body.entries[0]!.newProgress).toBe(`第${winner}位填报人的版本:研发投入统计工作推进中。`);
  });

  test("kill -9 of one worker under load: the other answers, the primary restarts it, no acknowledged batch is lost", async () => {
    // Every (task, unit) pair of the fixture, in four periods of their own, in batches of up to 3 rows.
    const periods = ["2022-01", "2022-02", "2022-03", "2022-04"];
    for (const id of periods)
      await server.deps.store.publishPlan(
        planOf(fixtureDocument()),
        DEFAULT_VOCABULARY,
        { id, title: id, dueAt: null, previousPeriodId: null },
        new Date().toISOString(),
      );
    const byUnit = new Map<string, number[]>();
    for (const t of planTasks(fixtureDocument()))
      for (const unit of distinctUnits(t.units)) byUnit.set(unit, [...(byUnit.get(unit) ?? []), t.seq]);
    const batches = periods.flatMap((period) =>
      [...byUnit].flatMap(([unit, seqs]) =>
        Array.from({ length: Math.ceil(seqs.length / 3) }, (_, i) => ({
          key: `kill-${period}-${i}-${createHash("sha256").update(unit).digest("hex").slice(0, 12)}`,
          period,
          unit,
          seqs: seqs.slice(3 * i, 3 * i + 3),
        })),
      ),
    );
    expect(batches.length).toBeGreaterThan(150);
    const send = (b: (typeof batches)[number]) =>
      api(server, "POST", `/periods/${b.period}/submissions`, {
        token: coordinator,
        body: submission(
          b.seqs.map((seq) => ({ seq, progress: `${b.period} ${b.unit}序号${seq}:已完成阶段目标。` })),
          b.unit,
        ),
        headers: { "idempotency-key": b.key },
        timeoutMs: 20_000,
      });

    const historyBefore = await server.countRows("history");
    const [victim, survivor] = server.cluster!.workerPids();
    expect(survivor).toBeDefined();
    const acknowledged = new Set<string>();
    const answeredAfterKill: string[] = [];
    let killed = false;
    let next = 0;
    const client = async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        try {
          const res = await send(batch);
          if (res.status === 200) {
            acknowledged.add(batch.key);
            if (killed) answeredAfterKill.push(workerOf(res.headers)!);
          }
        } catch {
          // The connection died with the worker, or a request handed to it as it died got no answer
          // (the client's timeout): this batch's fate is unknown to the client.
        }
        if (!killed && acknowledged.size >= 40) {
          killed = true;
          process.kill(victim!, "SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, client));
    expect(killed).toBe(true);
    expect(answeredAfterKill.length).toBeGreaterThan(0);

    // The primary says so and brings a new worker up on the same port.
    await until(() => /worker restarted/u.test(server.cluster!.output()), 60_000);
    expect(server.cluster!.output()).toMatch(/worker died; restarting it/u);
    await until(() => server.cluster!.workerPids().length === 2, 30_000);
    expect(server.cluster!.workerPids()).not.toContain(victim);

    // Every batch again with its key: all answered, acknowledged ones replayed, none applied twice.
    for (const b of batches) {
      const res = await send(b);
      expect(res.status, b.key).toBe(200);
      if (acknowledged.has(b.key)) expect(res.headers.get("idempotent-replayed"), b.key).toBe("true");
    }
    for (const period of periods) {
      const reports = await server.deps.store.listReports(period);
      expect(reports).toHaveLength(
        batches.filter((b) => b.period === period).reduce((n, b) => n + b.seqs.length, 0),
      );
      expect(reports.every((r) => r.version === 1)).toBe(true);
    }
    // One history entry per row: nothing applied twice.
    expect((await server.countRows("history")) - historyBefore).toBe(
      batches.reduce((n, b) => n + b.seqs.length, 0),
    );
  }, 180_000);
});
async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}
