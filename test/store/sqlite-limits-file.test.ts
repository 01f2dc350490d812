// The SQLite store's limits (sign-in counters, rate-limit windows) in their own file beside the
// database: counting never waits for the database's write lock, which another server process holds
// while it commits a group of submissions.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../sync-server/store/sqlite/index.ts";
import { limitsFileOf } from "../../sync-server/store/sqlite/limits-file.ts";
import type { Store } from "../../sync-server/store/store.ts";

const NOW = "2026-12-04T10:00:00.000Z";
const WINDOW_AFTER = "2026-12-04T09:59:00.000Z";

let dir: string;
let file: string;
let store: Store | null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "keywork-limits-"));
  file = join(dir, "keywork.db");
  store = null;
});
afterEach(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function opened(): Promise<Store> {
  store = openSqliteStore(file);
  await store.migrate();
  return store;
}

function tables(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    return (rows as { name: string }[]).map((t) => t.name);
  } finally {
    db.close();
  }
}

describe("the SQLite store's limits file", () => {
  it("keeps the counters in <db>-limits, not in the database", async () => {
    const s = await opened();
    await s.hitRateLimit("a:127.0.0.1", NOW, WINDOW_AFTER);
    expect(existsSync(limitsFileOf(file))).toBe(true);
    expect(tables(limitsFileOf(file))).toEqual(["rate_limits", "signin_throttle"]);
    expect(tables(file)).not.toContain("rate_limits");
    expect(tables(file)).not.toContain("signin_throttle");
  });

  it("counts requests and failed sign-ins while another connection holds the database's write lock", async () => {
    const s = await opened();
    const writer = new Database(file);
    writer.prepare("BEGIN IMMEDIATE").run();
    try {
      expect((await s.hitRateLimit("u:1", NOW, WINDOW_AFTER)).hits).toBe(1);
      expect((await s.hitRateLimit("u:1", NOW, WINDOW_AFTER)).hits).toBe(2);
      const [counted] = await s.countSigninAttempt(["a:127.0.0.1"], NOW, "2026-12-04T10:15:00.000Z");
      expect(counted!.failures).toBe(1);
    } finally {
      writer.prepare("ROLLBACK").run();
      writer.close();
    }
  });

  it("starts from zero when the limits file was deleted while the server was stopped", async () => {
    const s = await opened();
    await s.hitRateLimit("u:1", NOW, WINDOW_AFTER);
    expect((await s.hitRateLimit("u:1", NOW, WINDOW_AFTER)).hits).toBe(2);
    await s.close();
    store = null;
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${limitsFileOf(file)}${suffix}`, { force: true });
    const again = await opened();
    expect((await again.hitRateLimit("u:1", NOW, WINDOW_AFTER)).hits).toBe(1);
  });
});
