// The SQLite file deleted or made read-only under a running `keywork start` (issue 10, item 9), and
// `keywork start` ready only once the demo is seeded (item 12). Real child processes, real files.
import { execFile, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, unlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { DEMO_ACCOUNTS } from "../../../sync-server/demo/seed.ts";
import { startChildServer, type ChildServer } from "../../support/child-server.ts";
import { api } from "../../support/server.ts";

const KEYWORK = fileURLToPath(new URL("../../../bin/keywork.js", import.meta.url));
const password = (username: string) => DEMO_ACCOUNTS.find((a) => a.username === username)!.password;

let dir: string;
let dbFile: string;
let child: ChildServer | null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "keywork-vanish-"));
  dbFile = join(dir, "keywork.db");
  child = null;
});
afterEach(async () => {
  await child?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const start = async () =>
  (child = await startChildServer("start", {
    DATABASE_URL: `sqlite:${dbFile}`,
    RATE_LIMIT_PER_MINUTE: "100000",
  }));

async function signIn(server: { url: string }, username: string) {
  return api<{ token: string }>(server, "POST", "/sessions", {
    body: { username, password: password(username) },
  });
}

/** kjj's first task of the first open period, with its current version. */
async function firstTask(server: { url: string }, token: string) {
  const periods = await api<{ periods: { id: string; locked: boolean }[] }>(server, "GET", "/periods", {
    token,
  });
  const period = periods.body.periods.find((p) => !p.locked)!.id;
  const tasks = await api<{ rows: { seq: number; version: number }[] }>(
    server,
    "GET",
    `/periods/${period}/tasks`,
    { token },
  );
  return { period, ...tasks.body.rows[0]! };
}

async function submitOne(
  server: { url: string },
  token: string,
  task: { period: string; seq: number; version: number },
  progress: string,
) {
  return api(server, "POST", `/periods/${task.period}/submissions`, {
    token,
    body: { rows: [{ seq: task.seq, status: "序时推进", progress, baseVersion: task.version }] },
  });
}

/** `keywork start` run to its exit (it refuses) or until it prints its banner (it started). */
function startToEnd(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = execFile(
      process.execPath,
      [KEYWORK, "start"],
      { env: { ...process.env, PORT: "0", LOG_LEVEL: "silent", DATABASE_URL: `sqlite:${dbFile}` } },
      (error, stdout, stderr) => resolve({ code: error ? (proc.exitCode ?? 1) : 0, stdout, stderr }),
    );
    proc.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("running at")) proc.kill("SIGTERM");
    });
  });
}

describe("the database file vanishing under a running server", () => {
  test("deleted: readyz says not ready, a submission and a sign-in answer 503, nothing is acknowledged", async () => {
    const server = await start();
    const token = (await signIn(server, "kjj")).body.token;
    const task = await firstTask(server, token);
    expect((await submitOne(server, token, task, "删除前的报送:按计划推进,已完成阶段目标。")).status).toBe(
      200,
    );
    expect((await api(server, "GET", "/readyz")).status).toBe(200);

    unlinkSync(dbFile);
    const ready = await api<{ detail: string }>(server, "GET", "/readyz");
    expect(ready.status).toBe(503);
    expect(ready.body.detail).toMatch(/已被删除.*deleted/u);
    const after = { ...task, version: task.version + 1 };
    const submitted = await submitOne(server, token, after, "删除后的报送:按计划推进,已完成阶段目标。");
    expect(submitted.status).toBe(503);
    expect(submitted.headers.get("content-type")).toContain("application/problem+json");
    expect((await signIn(server, "coordinator")).status).toBe(503);
  });

  test("made read-only: readyz says not ready and writes answer 503, reads still answer", async () => {
    const server = await start();
    const token = (await signIn(server, "kjj")).body.token;
    const task = await firstTask(server, token);
    chmodSync(dbFile, 0o444);
    expect((await api(server, "GET", "/readyz")).status).toBe(503);
    const submitted = await submitOne(server, token, task, "只读后的报送:按计划推进,已完成阶段目标。");
    expect(submitted.status).toBe(503);
    expect(submitted.body).toMatchObject({ title: "database-unavailable" });
    expect((await api(server, "GET", "/periods", { token })).status).toBe(200);
    chmodSync(dbFile, 0o644);
    expect((await api(server, "GET", "/readyz")).status).toBe(200);
  });

  test("a restart after the file was deleted refuses to start, says why, and seeds nothing", async () => {
    const server = await start();
    expect((await signIn(server, "coordinator")).status).toBe(201);
    unlinkSync(dbFile);
    await server.stop();
    child = null;
    const again = await startToEnd();
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/拒绝启动/u);
    expect(again.stderr).toMatch(/refusing to start/iu);
    expect(again.stdout).not.toContain("Demo sign-ins");
    expect(existsSync(dbFile)).toBe(false);
  });

  test("a brand-new path starts and seeds the demo as before", async () => {
    const first = await startToEnd();
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Demo sign-ins");
    expect(existsSync(dbFile)).toBe(true);
  });
});

describe("keywork start is ready only when the demo is seeded", () => {
  test("the first 200 of /readyz already finds the demo sign-ins working", async () => {
    const port = await freePort();
    const proc = spawn(process.execPath, [KEYWORK, "start"], {
      env: { ...process.env, PORT: String(port), LOG_LEVEL: "silent", DATABASE_URL: `sqlite:${dbFile}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const server = { url: `http://127.0.0.1:${port}` };
    try {
      // Poll as fast as the process lets us from the moment it starts.
      let ready = false;
      while (!ready) {
        ready = await fetch(`${server.url}/api/v1/readyz`).then(
          (r) => r.status === 200,
          () => false,
        );
        if (proc.exitCode !== null) throw new Error("keywork start exited");
      }
      expect((await signIn(server, "coordinator")).status).toBe(201);
    } finally {
      proc.kill("SIGTERM");
      await new Promise((resolve) => proc.once("exit", resolve));
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
