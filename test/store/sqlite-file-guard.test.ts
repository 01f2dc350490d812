// The SQLite store and its file: deleted, replaced or read-only files are refused with
// StoreUnavailableError, and a missing database whose marker remains is not silently re-created.
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatabaseVanishedError, markerOf } from "../../sync-server/store/sqlite/file-guard.ts";
import { openSqliteStore } from "../../sync-server/store/sqlite/index.ts";
import { StoreUnavailableError, type Store } from "../../sync-server/store/store.ts";
import { units } from "./data.ts";

let dir: string;
let file: string;
let store: Store | null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "keywork-guard-"));
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

describe("a running store whose file changes", () => {
  it("refuses reads and writes once the file is deleted, and ping says why", async () => {
    const s = await opened();
    await s.replaceUnits(units());
    unlinkSync(file);
    await expect(s.ping()).rejects.toThrow(StoreUnavailableError);
    await expect(s.listUnits()).rejects.toThrow(/deleted/u);
    await expect(s.replaceUnits(units())).rejects.toThrow(StoreUnavailableError);
  });

  it("refuses once another file takes its path", async () => {
    const s = await opened();
    copyFileSync(file, `${file}.copy`);
    renameSync(`${file}.copy`, file);
    await expect(s.ping()).rejects.toThrow(/replaced/u);
  });

  it("refuses writes but answers reads while the file is read-only, and recovers when it is writable again", async () => {
    const s = await opened();
    await s.replaceUnits(units());
    chmodSync(file, 0o444);
    await expect(s.ping()).rejects.toThrow(/read-only/u);
    await expect(s.replaceUnits(units())).rejects.toThrow(StoreUnavailableError);
    expect(await s.listUnits()).toHaveLength(units().length);
    chmodSync(file, 0o644);
    await s.ping();
    await s.replaceUnits(units());
  });
});

describe("opening a path", () => {
  it("records a marker beside a new database", async () => {
    await opened();
    expect(existsSync(markerOf(file))).toBe(true);
  });

  it("refuses to create a database where one was and is gone, naming the file and the way out", async () => {
    await (await opened()).close();
    store = null;
    unlinkSync(file);
    expect(() => openSqliteStore(file)).toThrow(DatabaseVanishedError);
    expect(() => openSqliteStore(file)).toThrow(/Restore the file from a backup/u);
    expect(existsSync(file)).toBe(false);
    // On purpose: the marker removed, a new database may be created.
    unlinkSync(markerOf(file));
    await opened();
  });

  it("refuses a missing database whose -wal journal is still there", () => {
    writeFileSync(`${file}-wal`, "");
    expect(() => openSqliteStore(file)).toThrow(DatabaseVanishedError);
  });
});
