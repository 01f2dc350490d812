// The stores under test. SQLite always: a real file in a temporary folder, a new file per test.
// SQL Server when KEYWORK_TEST_MSSQL_URL is set: a database of its own, created at the start with a
// unique name, migrated, emptied before each test, dropped at the end.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import sql from "mssql";
import { readMigrations } from "../../sync-server/store/migrations.ts";
import { parseMssqlUrl } from "../../sync-server/store/mssql/connection.ts";
import { openMssqlStore } from "../../sync-server/store/mssql/index.ts";
import { openSqliteStore } from "../../sync-server/store/sqlite/index.ts";
import type { Store } from "../../sync-server/store/store.ts";

export const MSSQL_URL = process.env.KEYWORK_TEST_MSSQL_URL?.trim() || undefined;
export const MSSQL_SKIPPED_LINE = "SQL Server store suite SKIPPED: set KEYWORK_TEST_MSSQL_URL to run it";

export interface StoreHarness {
  /** Before the tests: creates and migrates the database the tests share (SQL Server); nothing for SQLite. */
  setUp(): Promise<void>;
  /** A migrated store on an empty database. */
  fresh(): Promise<Store>;
  /** Another store on the database of the last fresh(): its own connection or pool, as a second server process has. */
  another(): Promise<Store>;
  /** A store on a database never migrated. */
  unmigrated(): Promise<Store>;
  /** Runs SQL on the last fresh() database behind the store's back (to try what a person at a SQL prompt could do). */
  raw(statement: string): Promise<void>;
  /** Where the last fresh() store lives: the SQLite file, or the SQL Server database's URL. */
  location(): string;
  /** Closes the stores the test opened. */
  afterEach(): Promise<void>;
  /** Removes everything created. */
  dispose(): Promise<void>;
}

export interface AdapterUnderTest {
  name: "sqlite" | "mssql";
  enabled: boolean;
  /** The migration files of the dialect, in order. */
  migrations: string[];
  harness(): StoreHarness;
}

const migrationNames = (dialect: string) =>
  readMigrations(new URL(`../../sync-server/store/${dialect}/migrations/`, import.meta.url)).map(
    (m) => m.name,
  );

export const ADAPTERS: AdapterUnderTest[] = [
  { name: "sqlite", enabled: true, migrations: migrationNames("sqlite"), harness: sqliteHarness },
  {
    name: "mssql",
    enabled: MSSQL_URL !== undefined,
    migrations: migrationNames("mssql"),
    harness: () => mssqlHarness(MSSQL_URL!),
  },
];

function sqliteHarness(): StoreHarness {
  const dir = mkdtempSync(join(tmpdir(), "keywork-store-"));
  let n = 0;
  let current = "";
  let open: Store[] = [];
  const track = (store: Store) => {
    open.push(store);
    return store;
  };
  return {
    async setUp() {},
    async fresh() {
      current = join(dir, `store-${++n}.db`);
      const store = track(openSqliteStore(current));
      await store.migrate();
      return store;
    },
    async another() {
      return track(openSqliteStore(current));
    },
    async unmigrated() {
      return track(openSqliteStore(join(dir, `blank-${++n}.db`)));
    },
    location: () => current,
    async raw(statement) {
      const db = new Database(current);
      try {
        db.exec(statement);
      } finally {
        db.close();
      }
    },
    async afterEach() {
      await Promise.all(open.map((s) => s.close()));
      open = [];
    },
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Test-only SQL. The database names are generated here (letters, digits, _) and bracketed; nothing
// from outside is put into these texts.
const RESET = `
  TRUNCATE TABLE dbo.history;
  DELETE FROM dbo.signin_throttle;
  DELETE FROM dbo.rate_limits;
  DELETE FROM dbo.leases;
  DELETE FROM dbo.idempotency;
  DELETE FROM dbo.tokens;
  DELETE FROM dbo.returns;
  DELETE FROM dbo.report_rows;
  UPDATE dbo.periods SET previous_period_id = NULL;
  DELETE FROM dbo.periods;
  DELETE FROM dbo.plans;
  DELETE FROM dbo.users;
  DELETE FROM dbo.unit_aliases;
  DELETE FROM dbo.units;`;

function mssqlHarness(url: string): StoreHarness {
  const stamp = new Date().toISOString().replace(/\D/gu, "").slice(0, 14);
  const base = `keywork_test_${stamp}_${Math.random().toString(36).slice(2, 8)}`;
  const created: string[] = [];
  let admin: sql.ConnectionPool | null = null;
  let main: { name: string; url: string; pool: sql.ConnectionPool } | null = null;
  let open: Store[] = [];
  const track = (store: Store) => {
    open.push(store);
    return store;
  };

  const urlFor = (database: string) => {
    const u = new URL(url);
    u.pathname = `/${database}`;
    return u.toString();
  };
  const adminPool = async () => {
    if (!admin)
      admin = await new sql.ConnectionPool({ ...parseMssqlUrl(url), pool: { min: 0, max: 2 } }).connect();
    return admin;
  };
  const createDatabase = async (suffix: string) => {
    const name = `${base}${suffix}`;
    if (!/^keywork_test_\w+$/u.test(name)) throw new Error("unexpected test database name");
    await (await adminPool()).request().batch(`CREATE DATABASE [${name}] COLLATE Chinese_PRC_CI_AS;`);
    created.push(name);
    return name;
  };

  return {
    async setUp() {
      const name = await createDatabase("");
      const migrator = await openMssqlStore(urlFor(name));
      await migrator.migrate();
      await migrator.close();
      const pool = await new sql.ConnectionPool({
        ...parseMssqlUrl(urlFor(name)),
        pool: { min: 0, max: 2 },
      }).connect();
      main = { name, url: urlFor(name), pool };
    },
    async fresh() {
      if (!main) throw new Error("setUp() first");
      await main.pool.request().batch(RESET);
      return track(await openMssqlStore(main.url));
    },
    async another() {
      return track(await openMssqlStore(main!.url));
    },
    async unmigrated() {
      const name = await createDatabase(`_blank${created.length}`);
      return track(await openMssqlStore(urlFor(name)));
    },
    location: () => main!.url,
    async raw(statement) {
      await main!.pool.request().batch(statement);
    },
    async afterEach() {
      await Promise.all(open.map((s) => s.close()));
      open = [];
    },
    async dispose() {
      await main?.pool.close();
      const pool = await adminPool();
      for (const name of created) {
        // Azure SQL Database has no SINGLE_USER; there the pools closed above are enough.
        await pool
          .request()
          .batch(`ALTER DATABASE [${name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE;`)
          .catch(() => undefined);
        await pool.request().batch(`DROP DATABASE [${name}];`);
      }
      await pool.close();
    },
  };
}
