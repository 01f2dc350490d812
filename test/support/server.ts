// A real Keywork server for API tests: a real SQLite file in a temp folder, real HTTP on 127.0.0.1:0.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import Database from "better-sqlite3";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type Config } from "../../sync-server/config.ts";
import { createLogger } from "../../sync-server/logger.ts";
import { startServer, type RunningServer } from "../../sync-server/server.ts";
import type { Deps } from "../../sync-server/use-cases/context.ts";
import { addUser } from "../../sync-server/use-cases/users.ts";
import { planOf, type Unit } from "../../schema/index.ts";
import { DEFAULT_VOCABULARY } from "../../schema/statuses.ts";
import { fixtureDocument, fixtureUnits } from "./fixtures.ts";
import type { Role } from "../../sync-server/store/store.ts";
import { openSqliteStore } from "../../sync-server/store/sqlite/index.ts";
import { startChildServer, type ChildServer } from "./child-server.ts";

/**
 * The store the API tests run on: SQLite (a real temp file) unless KEYWORK_TEST_API_STORE=mssql, then a
 * database of its own on KEYWORK_TEST_MSSQL_URL, so the same HTTP behaviour is checked on SQL Server.
 */
export const API_STORE: "sqlite" | "mssql" =
  process.env.KEYWORK_TEST_API_STORE === "mssql" ? "mssql" : "sqlite";
if (API_STORE === "mssql" && !process.env.KEYWORK_TEST_MSSQL_URL) {
  throw new Error("KEYWORK_TEST_API_STORE=mssql needs KEYWORK_TEST_MSSQL_URL");
}
const COUNTED_TABLES = ["report_rows", "history", "idempotency", "users", "periods", "tokens"] as const;
export type CountedTable = (typeof COUNTED_TABLES)[number];

/**
 * How many server processes the API tests run on: KEYWORK_TEST_WORKERS=2 runs every API test against
 * `keywork serve --workers 2` (child processes on the same database), requests spread over both.
 */
export const TEST_WORKERS = Number(process.env.KEYWORK_TEST_WORKERS ?? "1");
if (!Number.isInteger(TEST_WORKERS) || TEST_WORKERS < 1) {
  throw new Error("KEYWORK_TEST_WORKERS must be a whole number from 1");
}

export interface TestServer {
  url: string;
  /** The in-process server; null when the server runs as worker processes (see `cluster`). */
  running: RunningServer | null;
  /** How many server processes answer (1: in this process). */
  workers: number;
  /** With workers > 1: the `keywork serve --workers N` primary, its output and its workers' pids. */
  cluster: ClusterProcess | null;
  deps: Deps;
  dir: string;
  dbFile: string;
  /** Signs in and returns the bearer token. */
  signIn(username: string, password?: string): Promise<string>;
  /** Row counts straight from the database, behind the server's back. */
  countRows(table: CountedTable): Promise<number>;
  /** Creates a user with the password `${username}-password-1` and returns a session token. */
  user(username: string, role: Role, unit: string | null): Promise<string>;
  stop(): Promise<void>;
}

export interface ClusterProcess {
  child: ChildServer;
  /** The worker processes' pids, as the primary's children (Linux `pgrep -P`). */
  workerPids(): number[];
  /** What the primary and its workers printed (the banner and warnings). */
  output(): string;
}

/**
 * A server for API tests: in this process, or with `workers` > 1 (default KEYWORK_TEST_WORKERS) as
 * `keywork serve --workers N` on the same database, the test keeping its own store on it for setup.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: { workers?: number } = {},
): Promise<TestServer> {
  const workers = options.workers ?? TEST_WORKERS;
  if (workers > 1) return startClusterTestServer(env, workers);
  const dir = mkdtempSync(join(tmpdir(), "keywork-api-"));
  const dbFile = join(dir, "keywork.db");
  const config: Config = loadConfig({
    DATABASE_URL: `sqlite:${dbFile}`,
    PORT: "0",
    LOG_LEVEL: "silent",
    ...env,
  });
  const mssql = API_STORE === "mssql" ? await mssqlStore() : null;
  const running = await startServer(config, {
    logger: createLogger("silent"),
    ...(mssql ? { store: mssql.store } : {}),
  });
  const deps: Deps = { store: running.store, config, logger: running.logger, now: () => new Date() };
  return testServer({
    url: running.url,
    running,
    workers: 1,
    cluster: null,
    deps,
    dir,
    dbFile,
    mssql,
    stop: async () => {
      await running.close();
      await mssql?.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** The helpers every TestServer has, whether it runs in this process or as worker processes. */
function testServer(
  base: Pick<TestServer, "url" | "running" | "workers" | "cluster" | "deps" | "dir" | "dbFile" | "stop"> & {
    mssql: Awaited<ReturnType<typeof mssqlStore>> | null;
  },
): TestServer {
  const { mssql, ...rest } = base;
  const server: TestServer = {
    ...rest,
    async signIn(username, password = `${username}-password-1`) {
      const res = await api<{ token: string }>(server, "POST", "/sessions", { body: { username, password } });
      if (res.status !== 201)
        throw new Error(`sign-in of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token;
    },
    async countRows(table) {
      if (!COUNTED_TABLES.includes(table)) throw new Error(`not a counted table: ${table}`);
      if (mssql) return mssql.count(table);
      const db = new Database(base.dbFile, { readonly: true });
      try {
        return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
      } finally {
        db.close();
      }
    },
    async user(username, role, unit) {
      await addUser(base.deps, {
        username,
        name: `${username} 测试`,
        role,
        unit,
        password: `${username}-password-1`,
      });
      return server.signIn(username);
    },
  };
  return server;
}

/**
 * `keywork serve --workers N` as a child process on a database of the test's own: a SQLite file, or
 * (KEYWORK_TEST_API_STORE=mssql) a SQL Server database. The test's own store on the same database
 * does the setup (units, plans, users), as an administrator's `keywork` command would.
 */
async function startClusterTestServer(env: Record<string, string>, workers: number): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), "keywork-api-"));
  const dbFile = join(dir, "keywork.db");
  const mssql = API_STORE === "mssql" ? await mssqlStore() : null;
  const databaseUrl = mssql ? mssql.url : `sqlite:${dbFile}`;
  const config: Config = loadConfig({ DATABASE_URL: databaseUrl, PORT: "0", LOG_LEVEL: "silent", ...env });
  const store = mssql ? mssql.store : openSqliteStore(dbFile);
  await store.migrate();
  const child = await startChildServer(
    "serve",
    { DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", ...env, PORT: "0" },
    ["--workers", String(workers)],
  );
  const deps: Deps = { store, config, logger: createLogger("silent"), now: () => new Date() };
  return testServer({
    url: child.url,
    running: null,
    workers,
    cluster: {
      child,
      output: () => child.output(),
      workerPids: () =>
        execFileSync("pgrep", ["-P", String(child.child.pid)], { encoding: "utf8" })
          .split("\n")
          .filter((l) => l.trim() !== "")
          .map(Number)
          // The primary's other children (tsx's esbuild service) are not workers.
          .filter((pid) => /keywork\.js/u.test(readCommandLine(pid))),
    },
    deps,
    dir,
    dbFile,
    mssql,
    stop: async () => {
      await child.stop();
      if (mssql) await mssql.dispose();
      else await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

function readCommandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return "";
  }
}

/** A migrated SQL Server store on a database of its own (created and dropped by the store harness). */
async function mssqlStore() {
  const { ADAPTERS } = await import("../store/harness.ts");
  const harness = ADAPTERS.find((a) => a.name === "mssql")!.harness();
  await harness.setUp();
  const store = await harness.fresh();
  const { default: sql } = await import("mssql");
  const { parseMssqlUrl } = await import("../../sync-server/store/mssql/connection.ts");
  const pool = await new sql.ConnectionPool(parseMssqlUrl(harness.location())).connect();
  return {
    store,
    url: harness.location(),
    count: async (table: CountedTable) =>
      ((await pool.request().query(`SELECT COUNT(*) AS n FROM dbo.${table}`)).recordset[0] as { n: number })
        .n,
    dispose: async () => {
      await pool.close();
      await harness.afterEach();
      await harness.dispose();
    },
  };
}

/** Units of the fixture city and its plan published as 2022-H1 (no reports). */
export async function publishFixture(
  server: TestServer,
  units: readonly Unit[] = fixtureUnits(),
): Promise<void> {
  await server.deps.store.replaceUnits(units);
  await server.deps.store.publishPlan(
    planOf(fixtureDocument()),
    DEFAULT_VOCABULARY,
    { id: "2022-H1", title: "2022上半年重点工作进展情况统计表", dueAt: "2022-07-10", previousPeriodId: null },
    new Date().toISOString(),
  );
}

/** What tests read from a problem or a submission answer. */
export interface Answer {
  title: string;
  detail: string;
  seqs: number[];
  issues: { seq: number | null; field: string | null; code: string; message: string }[];
  conflicts: unknown[];
  rows: { seq: number; version: number; changed: boolean }[];
}

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export async function api<T = Record<string, unknown>>(
  server: { url: string; workers?: number },
  method: string,
  path: string,
  options: {
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
    raw?: string | Buffer;
    /** Give up (reject) after this long: a request to a process that is killed may get no answer. */
    timeoutMs?: number;
  } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  // Several processes share the port and each new connection goes to the next one: a connection per
  // request spreads the requests over all of them.
  if ((server.workers ?? 1) > 1) headers.connection ??= "close";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: BodyInit | undefined;
  if (options.raw !== undefined)
    body = typeof options.raw === "string" ? options.raw : new Blob([new Uint8Array(options.raw)]);
  else if (options.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(options.body);
  }
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers,
    body,
    ...(options.timeoutMs ? { signal: AbortSignal.timeout(options.timeoutMs) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === "" ? null : JSON.parse(text);
  } catch {
    // Not JSON (an .xlsx or an HTML error page): keep the text.
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

export function submission(
  rows: { seq: number; status?: string; progress?: string; baseVersion?: number }[],
  unit?: string,
) {
  return {
    ...(unit ? { unit } : {}),
    rows: rows.map((r) => ({
      seq: r.seq,
      status: r.status ?? "序时推进",
      progress: r.progress ?? `序号${r.seq}的工作按计划推进,已完成阶段目标。`,
      baseVersion: r.baseVersion ?? 0,
    })),
  };
}

/**
 * Asks `url`/healthz again and again while `work` runs, each after the last answered: every status,
 * and how many answers came while the work was still running.
 */
export async function healthzWhile<T>(
  url: string,
  work: Promise<T>,
): Promise<{ result: T; healthz: number[]; answeredDuring: number }> {
  let done = false;
  const running = work.finally(() => {
    done = true;
  });
  const healthz: number[] = [];
  let answeredDuring = 0;
  while (!done) {
    healthz.push((await fetch(`${url}/healthz`)).status);
    if (!done) answeredDuring++;
  }
  return { result: await running, healthz, answeredDuring };
}
