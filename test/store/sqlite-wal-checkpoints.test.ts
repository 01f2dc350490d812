// The writer thread's checkpoints: SQLite's automatic one (inside the COMMIT that crosses 1,000 WAL
// pages) is off on its connection, and the WAL is copied into the database on the next turn of the
// event loop once enough rows were written, after the group's answers have gone.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WalCheckpoints } from "../../sync-server/store/sqlite/wal-checkpoints.ts";

let dir: string;
let file: string;
let db: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "keywork-wal-"));
  file = join(dir, "keywork.db");
  db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE t (x TEXT NOT NULL)");
  db.pragma("wal_checkpoint(TRUNCATE)");
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** About 6 MB in one transaction: some 1,500 WAL pages, past the automatic checkpoint's 1,000. */
function writeMuch(): void {
  const insert = db.prepare("INSERT INTO t (x) VALUES (?)");
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(`第${i}行`.padEnd(1000, "进"));
  })();
}

const databaseBytes = () => statSync(file).size;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("WAL checkpoints of the writer thread", () => {
  it("turns off the automatic checkpoint, so a commit past 1,000 pages leaves the database file as it was", () => {
    const before = databaseBytes();
    new WalCheckpoints(db, 100);
    writeMuch();
    writeMuch();
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    expect(databaseBytes()).toBe(before);
  });

  it("checkpoints on the next turn once the rows written reach the threshold, not during the call", async () => {
    const checkpoints = new WalCheckpoints(db, 100);
    const before = databaseBytes();
    writeMuch();
    checkpoints.written(60);
    await nextTurn();
    expect(databaseBytes()).toBe(before);
    checkpoints.written(40);
    expect(databaseBytes()).toBe(before);
    await nextTurn();
    expect(databaseBytes()).toBeGreaterThan(before + 4_000_000);
  });

  it("counts anew after a checkpoint", async () => {
    const checkpoints = new WalCheckpoints(db, 100);
    writeMuch();
    checkpoints.written(100);
    await nextTurn();
    const afterFirst = databaseBytes();
    writeMuch();
    checkpoints.written(99);
    await nextTurn();
    expect(databaseBytes()).toBe(afterFirst);
  });

  it("does nothing when the database was closed before its turn came", async () => {
    const checkpoints = new WalCheckpoints(db, 1);
    writeMuch();
    checkpoints.written(1);
    db.close();
    await expect(nextTurn()).resolves.toBeUndefined();
  });
});
