// The SQLite file under the server's feet (issue 10, item 9). A process keeps writing into the file it
// opened even after someone deletes or replaces the path, and every answer would then acknowledge
// data that is gone at the next start. So:
//  - at open, the file's identity (device, inode) is taken; before a read (looked at again at most
//    every 100 ms), and before and after every write (the answer is sent after that check), the path
//    must still name that file, and for writes the file must still be writable (a file chmod'ed
//    read-only is taken as the operator's "no more writes", also for root, whom the kernel would let
//    write). Otherwise StoreUnavailableError: 503,
//    /readyz not ready, nothing acknowledged that is not stored;
//  - SQLite's own read-only, I/O, full-disk and cannot-open errors become the same error;
//  - a marker file next to the database (`<file>-keywork.json`) records that a database was created
//    there. Opening a path whose database is missing while its marker (or its -wal journal) is still
//    there is refused with the reason: a fresh empty database (and `keywork start`'s demo) must never
//    silently take the place of one that held a city's data. The marker is chosen over a note inside
//    some other store because it lives beside the file an operator looks at, survives the database's
//    deletion, and says in words what to do.
import { existsSync, statSync, writeFileSync, type Stats } from "node:fs";
import { StoreUnavailableError, type Store } from "../store.ts";

/** Store methods that only read; every other method is guarded as a write. */
const READS = new Set([
  "listUnits",
  "findUserByUsername",
  "findUserById",
  "countUsers",
  "findToken",
  "listPeriods",
  "getPeriod",
  "getPlan",
  "listReports",
  "history",
  "listReturns",
  "listRetiredUnits",
  "listUsers",
  "listAudit",
]);
/**
 * Not guarded: closing must always work; the dialect is a value; the limits' counters live in a file
 * of their own (limits-file.ts) and guard nothing anyone was told is stored.
 */
const UNGUARDED = new Set([
  "close",
  "constructor",
  "countSigninAttempt",
  "peekSignin",
  "claimSignin",
  "clearSigninAttempts",
  "hitRateLimit",
  "purgeLimits",
]);

export const markerOf = (file: string) => `${file}-keywork.json`;

export class DatabaseVanishedError extends Error {}

/** Before opening: refuses a missing database whose marker or journal says one was there. */
export function refuseVanished(file: string): void {
  if (existsSync(file)) return;
  const marker = markerOf(file);
  const wal = `${file}-wal`;
  const clue = existsSync(marker) ? marker : existsSync(wal) ? wal : null;
  if (clue === null) return;
  throw new DatabaseVanishedError(
    `数据库文件 ${file} 不见了,但 ${clue} 表明这里曾有一个数据库。为免用空库(或演示数据)顶替原有数据,拒绝启动。` +
      `请从备份恢复该文件;若确要从空库重新开始,先删除 ${clue}。 / ` +
      `the database file ${file} is missing, but ${clue} shows a database was there. Refusing to start, so that an ` +
      `empty database (or the demo) does not silently take the place of its data. Restore the file from a backup; ` +
      `to start over with an empty database on purpose, delete ${clue} first.`,
  );
}

/** After opening: records that a database lives at `file` (kept when it exists). */
export function writeMarker(file: string): void {
  const marker = markerOf(file);
  if (existsSync(marker)) return;
  const note = {
    database: file,
    createdAt: new Date().toISOString(),
    note: "Keywork: a database was created here. If the database file goes missing, Keywork refuses to start instead of creating an empty one; delete this file to start over on purpose.",
  };
  writeFileSync(marker, `${JSON.stringify(note, null, 2)}\n`);
}

const SQLITE_UNAVAILABLE = /^SQLITE_(?:READONLY|IOERR|CANTOPEN|FULL|NOTADB)/u;

/**
 * A read is answered from the open file, whose data is as right as it was a moment before the file
 * went: reads look at the file again at most this often (a stat per store call was a tenth of a busy
 * server's time). Writes look before and after, every time.
 */
const READ_RECHECK_MS = 100;

/** Wraps the store so that each call checks the file first (and a write also after). */
export function guardFile(store: Store, file: string): Store {
  const identity = statSync(file);
  // Deleted or replaced is for good: the path never names this file again.
  let gone: StoreUnavailableError | null = null;
  let checkedAt = -Infinity;
  const check = (write: boolean) => {
    if (gone) throw gone;
    if (!write && performance.now() - checkedAt < READ_RECHECK_MS) return;
    let now: Stats;
    try {
      now = statSync(file);
    } catch {
      throw (gone = new StoreUnavailableError(
        `数据库文件 ${file} 已被删除 / the database file ${file} was deleted while the server ran`,
      ));
    }
    if (now.ino !== identity.ino || now.dev !== identity.dev) {
      throw (gone = new StoreUnavailableError(
        `数据库文件 ${file} 已被替换 / the database file ${file} was replaced while the server ran`,
      ));
    }
    if (write && (now.mode & 0o222) === 0) {
      throw new StoreUnavailableError(
        `数据库文件 ${file} 已变为只读 / the database file ${file} was made read-only`,
      );
    }
    checkedAt = performance.now();
  };
  const translate = (error: unknown): never => {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === "string" && SQLITE_UNAVAILABLE.test(code)) {
      throw new StoreUnavailableError(
        `数据库无法写入(${code}) / the database cannot be written (${code}): ${(error as Error).message}`,
      );
    }
    throw error;
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || typeof property !== "string") return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      // Called on the store itself, so that its own calls to its methods are not guarded again.
      if (UNGUARDED.has(property)) return (...args: unknown[]) => method.apply(target, args);
      const write = !READS.has(property);
      return async (...args: unknown[]) => {
        check(write);
        let result: unknown;
        try {
          result = await method.apply(target, args);
        } catch (error) {
          translate(error);
        }
        // Checked again before anything is acknowledged: a write into a file deleted meanwhile is lost.
        if (write) check(true);
        return result;
      };
    },
  });
}
