// The limits tables (failed sign-ins, rate-limit windows) live in a small SQLite file of their own
// beside the database, `<db>-limits` (migration 006 moved them out). Every API request counts one hit
// there, and a file has a single write lock: in the database itself that hit would queue behind
// another server process's group of submissions and its disk flush, blocking this process's event
// loop meanwhile. Here it takes the lock for a few microseconds and never waits for a flush
// (synchronous = NORMAL: a power cut may forget the last counts, which only hands a caller back a few
// requests' worth of budget).
//
// The file holds nothing that must survive: it is created when missing, is not part of a backup, and
// deleting it (server stopped) only resets the counters.
import Database from "better-sqlite3";
import { cachePreparedStatements } from "./statement-cache.ts";

export const limitsFileOf = (file: string) => `${file}-limits`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS signin_throttle (
  throttle_key  TEXT PRIMARY KEY,
  failures      INTEGER NOT NULL,
  last_at       TEXT NOT NULL,
  prev_at       TEXT,
  expires_at    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS signin_throttle_expires ON signin_throttle(expires_at);
CREATE TABLE IF NOT EXISTS rate_limits (
  rate_key      TEXT PRIMARY KEY,
  window_start  TEXT NOT NULL,
  hits          INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS rate_limits_window ON rate_limits(window_start);
`;

/** Opens (creating when missing) the limits file of the database at `file`; `:memory:` gets its own. */
export function openLimitsFile(file: string): Database.Database {
  const db = new Database(file === ":memory:" ? ":memory:" : limitsFileOf(file));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 10000");
  cachePreparedStatements(db);
  db.exec(SCHEMA);
  return db;
}
