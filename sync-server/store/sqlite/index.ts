// The embedded store: better-sqlite3 on one file, WAL, foreign keys on. Writes run in
// BEGIN IMMEDIATE transactions so several processes on one file serialise instead of failing late.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { Plan, StatusVocabulary, Unit } from "../../../schema/index.ts";
import { readMigrations } from "../migrations.ts";
import { guardFile, refuseVanished, writeMarker } from "./file-guard.ts";
import { openLimitsFile } from "./limits-file.ts";
import { assemblePlan } from "../plan-rows.ts";
import type { GroupCommitOptions } from "./group-commit.ts";
import { ThreadWriter, inThreadWriter, type SubmissionWriter } from "./submission-writer.ts";
import { cachePreparedStatements } from "./statement-cache.ts";
import { recordReaders } from "../records.ts";
import {
  PeriodExistsError,
  type AuditEntry,
  type AuditQuery,
  type NewAuditEntry,
  UnknownUnitError,
  UsernameTakenError,
  type HistoryEntry,
  LastCoordinatorError,
  type PasswordChange,
  type UserChange,
  type NewPeriod,
  type NewReturn,
  type NewUser,
  type PeriodRecord,
  type ReportRecord,
  type RetiredUnit,
  type UnitMerge,
  type UnitMergeOutcome,
  type ReturnRecord,
  type SigninCount,
  type Store,
  type StoredPlan,
  type SubmissionInput,
  type SubmissionOutcome,
  type TokenRecord,
  type UserRecord,
} from "../store.ts";

type Row = Record<string, unknown>;

// SQLite keeps times as the ISO strings it was given and flags as 0/1.
const read = recordReaders({ time: (v) => v as string, flag: (v) => v === 1 });

export function openSqliteStore(file: string, options: GroupCommitOptions = {}): Store {
  const onDisk = file !== ":memory:";
  if (onDisk) {
    mkdirSync(dirname(file), { recursive: true });
    refuseVanished(file);
  }
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 10000");
  cachePreparedStatements(db);
  const writer = onDisk ? new ThreadWriter(file, options) : inThreadWriter(db, options);
  const store = new SqliteStore(db, openLimitsFile(file), writer);
  if (!onDisk) return store;
  writeMarker(file);
  // Deleted, replaced or read-only files are detected on every call (file-guard.ts).
  return guardFile(store, file);
}

function isConstraint(error: unknown, kind: string): boolean {
  const e = error as { code?: string };
  return typeof e.code === "string" && e.code === kind;
}

interface PendingHit {
  key: string;
  now: string;
  windowAfter: string;
  resolve(window: { hits: number; windowStart: string }): void;
  reject(error: unknown): void;
}

class SqliteStore implements Store {
  readonly dialect = "sqlite" as const;
  private directory: { version: number; units: Unit[] } | null = null;
  private hits: PendingHit[] = [];

  constructor(
    private readonly db: Database.Database,
    /** The limits tables' own file (limits-file.ts). */
    private readonly limitsDb: Database.Database,
    /** Writes submissions, grouped (submission-writer.ts). */
    private readonly writer: SubmissionWriter,
  ) {}

  async migrate(): Promise<string[]> {
    this.db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)",
    );
    const applied = new Set(
      (this.db.prepare("SELECT name FROM schema_migrations").all() as Row[]).map((r) => r.name as string),
    );
    const done: string[] = [];
    for (const migration of readMigrations(new URL("./migrations/", import.meta.url))) {
      if (applied.has(migration.name)) continue;
      const ran = this.db
        .transaction(() => {
          // Checked again under the write lock: another process (serve starting while `keywork
          // add-user` runs, say) may have applied it since the read above.
          if (this.db.prepare("SELECT 1 FROM schema_migrations WHERE name = ?").get(migration.name))
            return false;
          this.db.exec(migration.sql);
          this.db
            .prepare("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)")
            .run(migration.name, new Date().toISOString());
          return true;
        })
        .immediate();
      if (ran) done.push(migration.name);
    }
    return done;
  }

  async ping(): Promise<void> {
    this.db.prepare("SELECT 1").get();
  }

  async close(): Promise<void> {
    // Submissions already queued are written (or refused) first: a close never drops one silently.
    await this.writer.close();
    if (this.limitsDb.open) this.limitsDb.close();
    if (this.db.open) this.db.close();
  }

  async replaceUnits(units: readonly Unit[]): Promise<void> {
    const upsert = this.db.prepare(
      "INSERT INTO units (name, kind, position) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, position = excluded.position",
    );
    const clearAliases = this.db.prepare("DELETE FROM unit_aliases WHERE unit = ?");
    const addAlias = this.db.prepare("INSERT OR IGNORE INTO unit_aliases (alias, unit) VALUES (?, ?)");
    this.db
      .transaction(() => {
        // Every listed unit's aliases are cleared before any is added: an alias that moves to a unit
        // listed before its old owner would otherwise be ignored (still taken) and then deleted.
        units.forEach((unit, i) => {
          upsert.run(unit.name, unit.kind, i);
          clearAliases.run(unit.name);
        });
        for (const unit of units) for (const alias of unit.aliases) addAlias.run(alias, unit.name);
      })
      .immediate();
  }

  async listUnits(): Promise<Unit[]> {
    // Read again only when the directory changed (migration 006's counter, moved by triggers, also
    // by other processes); the same frozen list is handed out meanwhile.
    const { version } = this.db.prepare("SELECT version FROM directory_version").get() as { version: number };
    if (this.directory?.version !== version) this.directory = { version, units: this.readUnits() };
    return this.directory.units;
  }

  private readUnits(): Unit[] {
    const units = this.db
      .prepare("SELECT name, kind FROM units WHERE retired_into IS NULL ORDER BY position, name")
      .all() as Row[];
    const aliases = this.db.prepare("SELECT alias, unit FROM unit_aliases ORDER BY alias").all() as Row[];
    return Object.freeze(
      units.map((u) =>
        Object.freeze({
          name: u.name as string,
          kind: u.kind as string,
          aliases: Object.freeze(aliases.filter((a) => a.unit === u.name).map((a) => a.alias as string)),
        }),
      ),
    ) as Unit[];
  }

  async saveUnits(units: readonly Unit[], audit: NewAuditEntry): Promise<void> {
    const db = this.db;
    const update = db.prepare(
      "UPDATE units SET kind = ?, retired_into = NULL, retired_at = NULL WHERE name = ?",
    );
    const insert = db.prepare(
      "INSERT INTO units (name, kind, position) VALUES (?, ?, (SELECT COALESCE(MAX(position), -1) + 1 FROM units))",
    );
    const clearAliases = db.prepare("DELETE FROM unit_aliases WHERE unit = ?");
    const addAlias = db.prepare("INSERT OR REPLACE INTO unit_aliases (alias, unit) VALUES (?, ?)");
    db.transaction(() => {
      for (const unit of units) {
        if (update.run(unit.kind, unit.name).changes === 0) insert.run(unit.name, unit.kind);
        clearAliases.run(unit.name);
      }
      // REPLACE: an alias listed here leaves the unit that held it before.
      for (const unit of units) for (const alias of unit.aliases) addAlias.run(alias, unit.name);
      this.insertAudit(audit);
    }).immediate();
  }

  async listRetiredUnits(): Promise<RetiredUnit[]> {
    const rows = this.db
      .prepare(
        "SELECT name, kind, retired_into, retired_at FROM units WHERE retired_into IS NOT NULL ORDER BY retired_at, name",
      )
      .all() as Row[];
    return rows.map((r) => ({
      name: r.name as string,
      kind: r.kind as string,
      retiredInto: r.retired_into as string,
      retiredAt: r.retired_at as string,
    }));
  }

  async mergeUnits(change: UnitMerge, audit: NewAuditEntry): Promise<UnitMergeOutcome> {
    return this.db
      .transaction((): UnitMergeOutcome => {
        const from = JSON.stringify(change.from);
        const users = this.retireUnits(change, from);
        const periods = this.repointOpenPlans(change, from);
        const { reports, returns } = this.moveOpenRows(change.into, from);
        this.insertAudit(audit);
        return { periods, users, reports, returns };
      })
      .immediate();
  }

  /** The directory side of a merge: `into` active, the sources retired into it as its aliases; accounts follow. */
  private retireUnits(change: UnitMerge, from: string): number {
    const db = this.db;
    const { into, at } = change;
    const target = db.prepare("SELECT retired_into FROM units WHERE name = ?").get(into) as Row | undefined;
    if (!target) {
      db.prepare(
        "INSERT INTO units (name, kind, position) VALUES (?, ?, (SELECT MIN(position) FROM units WHERE name IN (SELECT value FROM json_each(?))))",
      ).run(into, change.kind, from);
    } else if (target.retired_into !== null) {
      db.prepare("UPDATE units SET retired_into = NULL, retired_at = NULL WHERE name = ?").run(into);
    }
    // Aliases (and units retired earlier into a source) follow; each old name becomes an alias.
    db.prepare("UPDATE unit_aliases SET unit = ? WHERE unit IN (SELECT value FROM json_each(?))").run(
      into,
      from,
    );
    db.prepare(
      "UPDATE units SET retired_into = ? WHERE retired_into IN (SELECT value FROM json_each(?))",
    ).run(into, from);
    db.prepare(
      "UPDATE units SET retired_into = ?, retired_at = ? WHERE name IN (SELECT value FROM json_each(?))",
    ).run(into, at, from);
    db.prepare("INSERT OR REPLACE INTO unit_aliases (alias, unit) SELECT value, ? FROM json_each(?)").run(
      into,
      from,
    );
    db.prepare("DELETE FROM unit_aliases WHERE alias = ?").run(into);
    const users = db
      .prepare("UPDATE users SET unit = ? WHERE unit IN (SELECT value FROM json_each(?))")
      .run(into, from).changes;
    return users;
  }

  /** Open periods whose plan names a source: a new plan version with the new names, repointed. */
  private repointOpenPlans(change: UnitMerge, from: string): string[] {
    const db = this.db;
    const { into, at } = change;
    const plans = db
      .prepare(
        `SELECT DISTINCT p.plan_id FROM periods p WHERE p.locked = 0 AND EXISTS (
           SELECT 1 FROM task_units t WHERE t.plan_id = p.plan_id AND t.unit IN (SELECT value FROM json_each(?)))`,
      )
      .all(from) as Row[];
    const periods: string[] = [];
    for (const { plan_id: oldPlan } of plans) {
      const newPlan = Number(
        db
          .prepare(
            "INSERT INTO plans (title, vocabulary, created_at) SELECT title, vocabulary, ? FROM plans WHERE id = ?",
          )
          .run(at, oldPlan).lastInsertRowid,
      );
      db.prepare(
        "INSERT INTO plan_sections (plan_id, position, no, title) SELECT ?, position, no, title FROM plan_sections WHERE plan_id = ?",
      ).run(newPlan, oldPlan);
      db.prepare(
        "INSERT INTO plan_subsections (plan_id, section_position, position, title) SELECT ?, section_position, position, title FROM plan_subsections WHERE plan_id = ?",
      ).run(newPlan, oldPlan);
      db.prepare(
        "INSERT INTO tasks (plan_id, seq, section_position, subsection_position, position, text) SELECT ?, seq, section_position, subsection_position, position, text FROM tasks WHERE plan_id = ?",
      ).run(newPlan, oldPlan);
      // Two merged units on one task become one entry (the first place); other repeats stay.
      db.prepare(
        `INSERT INTO task_units (plan_id, seq, position, unit)
         SELECT ?, seq, ROW_NUMBER() OVER (PARTITION BY seq ORDER BY position) - 1, unit FROM (
           SELECT seq, position, unit, ROW_NUMBER() OVER (PARTITION BY seq, unit ORDER BY position) AS k FROM (
             SELECT seq, position, CASE WHEN unit IN (SELECT value FROM json_each(?)) THEN ? ELSE unit END AS unit
             FROM task_units WHERE plan_id = ?))
         WHERE k = 1 OR unit <> ?`,
      ).run(newPlan, from, into, oldPlan, into);
      for (const p of db
        .prepare("SELECT id FROM periods WHERE locked = 0 AND plan_id = ? ORDER BY id")
        .all(oldPlan) as Row[])
        periods.push(p.id as string);
      db.prepare("UPDATE periods SET plan_id = ? WHERE locked = 0 AND plan_id = ?").run(newPlan, oldPlan);
    }
    return periods.sort();
  }

  /** Report rows and open returns of open periods move to `into`; where two now share a row, the latest stays. */
  private moveOpenRows(into: string, from: string): { reports: number; returns: number } {
    const db = this.db;
    const OPEN = "SELECT id FROM periods WHERE locked = 0";
    db.prepare(
      `DELETE FROM report_rows WHERE rowid IN (
         SELECT rid FROM (
           SELECT r.rowid AS rid, ROW_NUMBER() OVER (
             PARTITION BY r.period_id, r.seq ORDER BY r.updated_at DESC, CASE WHEN r.unit = ? THEN 0 ELSE 1 END
           ) AS k
           FROM report_rows r
           WHERE r.period_id IN (${OPEN}) AND (r.unit = ? OR r.unit IN (SELECT value FROM json_each(?))))
         WHERE k > 1)`,
    ).run(into, into, from);
    const reports = db
      .prepare(
        `UPDATE report_rows SET unit = ? WHERE period_id IN (${OPEN}) AND unit IN (SELECT value FROM json_each(?))`,
      )
      .run(into, from).changes;
    const returns = db
      .prepare(
        `UPDATE returns SET unit = ? WHERE resolved_at IS NULL AND period_id IN (${OPEN}) AND unit IN (SELECT value FROM json_each(?))`,
      )
      .run(into, from).changes;
    return { reports, returns };
  }

  async createUser(user: NewUser): Promise<UserRecord> {
    try {
      const info = this.db
        .prepare(
          "INSERT INTO users (username, name, unit, role, password_hash, created_at, must_change_password, phone, email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .run(
          user.username,
          user.name,
          user.unit,
          user.role,
          user.passwordHash,
          new Date().toISOString(),
          user.mustChangePassword ? 1 : 0,
          user.phone ?? null,
          user.email ?? null,
        );
      return (await this.findUserById(Number(info.lastInsertRowid)))!;
    } catch (error) {
      if (isConstraint(error, "SQLITE_CONSTRAINT_UNIQUE")) throw new UsernameTakenError(user.username);
      if (isConstraint(error, "SQLITE_CONSTRAINT_FOREIGNKEY")) throw new UnknownUnitError(user.unit ?? "");
      throw error;
    }
  }

  async findUserByUsername(username: string): Promise<UserRecord | null> {
    const row = this.db.prepare("SELECT * FROM users WHERE username = ?").get(username) as Row | undefined;
    return row ? read.user(row) : null;
  }

  async findUserById(id: number): Promise<UserRecord | null> {
    const row = this.db.prepare("SELECT * FROM users WHERE id = ?").get(id) as Row | undefined;
    return row ? read.user(row) : null;
  }

  async countUsers(): Promise<number> {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM users").get() as Row).n as number;
  }

  async setPassword(userId: number, passwordHash: string): Promise<void> {
    this.db.prepare("UPDATE users SET password_hash = ? WHERE id = ?").run(passwordHash, userId);
  }

  async listUsers(): Promise<UserRecord[]> {
    return (this.db.prepare("SELECT * FROM users ORDER BY username").all() as Row[]).map(read.user);
  }

  async createUsers(users: readonly NewUser[], audit: NewAuditEntry): Promise<UserRecord[]> {
    const db = this.db;
    const taken = db.prepare("SELECT 1 FROM users WHERE username = ?");
    const known = db.prepare("SELECT 1 FROM units WHERE name = ?");
    const insert = db.prepare(
      "INSERT INTO users (username, name, unit, role, password_hash, created_at, must_change_password, phone, email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const ids = db
      .transaction(() => {
        const seen = new Set<string>();
        for (const user of users) {
          if (seen.has(user.username) || taken.get(user.username))
            throw new UsernameTakenError(user.username);
          seen.add(user.username);
          if (user.unit !== null && !known.get(user.unit)) throw new UnknownUnitError(user.unit);
        }
        const created = users.map((user) =>
          Number(
            insert.run(
              user.username,
              user.name,
              user.unit,
              user.role,
              user.passwordHash,
              audit.at,
              user.mustChangePassword ? 1 : 0,
              user.phone ?? null,
              user.email ?? null,
            ).lastInsertRowid,
          ),
        );
        this.insertAudit(audit);
        return created;
      })
      .immediate();
    const byId = db.prepare("SELECT * FROM users WHERE id = ?");
    return ids.map((id) => read.user(byId.get(id) as Row));
  }

  async updateUser(username: string, change: UserChange, audit: NewAuditEntry): Promise<UserRecord | null> {
    const db = this.db;
    const found = db
      .transaction((): boolean => {
        const row = db.prepare("SELECT * FROM users WHERE username = ?").get(username) as Row | undefined;
        if (!row) return false;
        const before = read.user(row);
        const role = change.role ?? before.role;
        const unit = change.unit === undefined ? before.unit : change.unit;
        const disabled = change.disabled ?? before.disabled;
        const wasActiveCoordinator = before.role === "coordinator" && !before.disabled;
        if (wasActiveCoordinator && (role !== "coordinator" || disabled)) {
          const others = db
            .prepare(
              "SELECT COUNT(*) AS n FROM users WHERE role = 'coordinator' AND disabled = 0 AND id <> ?",
            )
            .get(before.id) as Row;
          if ((others.n as number) === 0) throw new LastCoordinatorError(username);
        }
        if (unit !== null && !db.prepare("SELECT 1 FROM units WHERE name = ?").get(unit))
          throw new UnknownUnitError(unit);
        db.prepare("UPDATE users SET role = ?, unit = ?, disabled = ? WHERE id = ?").run(
          role,
          unit,
          disabled ? 1 : 0,
          before.id,
        );
        if (disabled && !before.disabled) db.prepare("DELETE FROM tokens WHERE user_id = ?").run(before.id);
        this.insertAudit(audit);
        return true;
      })
      .immediate();
    return found ? this.findUserByUsername(username) : null;
  }

  async replacePassword(userId: number, change: PasswordChange, audit: NewAuditEntry): Promise<void> {
    const db = this.db;
    db.transaction(() => {
      db.prepare("UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?").run(
        change.passwordHash,
        change.mustChangePassword ? 1 : 0,
        userId,
      );
      db.prepare("DELETE FROM tokens WHERE user_id = ? AND kind = 'session' AND hash <> ?").run(
        userId,
        change.keepToken ?? "",
      );
      this.insertAudit(audit);
    }).immediate();
  }

  async createToken(token: TokenRecord): Promise<void> {
    this.db
      .prepare("INSERT INTO tokens (hash, user_id, kind, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
      .run(token.hash, token.userId, token.kind, token.createdAt, token.expiresAt);
  }

  async findToken(hash: string, now: string): Promise<{ token: TokenRecord; user: UserRecord } | null> {
    const row = this.db
      .prepare(
        `SELECT t.hash AS t_hash, t.kind AS t_kind, t.created_at AS t_created_at, t.expires_at AS t_expires_at, u.*
         FROM tokens t JOIN users u ON u.id = t.user_id
         WHERE t.hash = ? AND (t.expires_at IS NULL OR t.expires_at > ?) AND u.disabled = 0`,
      )
      .get(hash, now) as Row | undefined;
    return row ? read.tokenWithUser(row) : null;
  }

  async deleteToken(hash: string): Promise<void> {
    this.db.prepare("DELETE FROM tokens WHERE hash = ?").run(hash);
  }
  async purgeExpired(now: string, answersBefore: string): Promise<{ tokens: number; answers: number }> {
    const purge = this.db.transaction(() => ({
      tokens: this.db.prepare("DELETE FROM tokens WHERE expires_at IS NOT NULL AND expires_at <= ?").run(now)
        .changes,
      answers: this.db.prepare("DELETE FROM idempotency WHERE created_at < ?").run(answersBefore).changes,
    }));
    return purge.immediate();
  }

  async countSigninAttempt(keys: readonly string[], at: string, expiresAt: string): Promise<SigninCount[]> {
    // One UPSERT per key: SQLite runs it under the write lock, so no attempt is lost between processes.
    const count = this.limitsDb.prepare(
      `INSERT INTO signin_throttle (throttle_key, failures, last_at, prev_at, expires_at) VALUES (?, 1, ?, NULL, ?)
       ON CONFLICT (throttle_key) DO UPDATE SET
         failures = CASE WHEN signin_throttle.expires_at <= excluded.last_at THEN 1 ELSE signin_throttle.failures + 1 END,
         prev_at = CASE WHEN signin_throttle.expires_at <= excluded.last_at THEN NULL ELSE signin_throttle.last_at END,
         last_at = excluded.last_at,
         expires_at = excluded.expires_at
       RETURNING failures, prev_at`,
    );
    return this.limitsDb
      .transaction(() =>
        keys.map((key) => {
          const row = count.get(key, at, expiresAt) as Row;
          return {
            key,
            failures: row.failures as number,
            previousAt: (row.prev_at as string | null) ?? null,
          };
        }),
      )
      .immediate();
  }

  async peekSignin(
    keys: readonly string[],
    now: string,
  ): Promise<{ key: string; failures: number; lastAt: string }[]> {
    const peek = this.limitsDb.prepare(
      "SELECT failures, last_at FROM signin_throttle WHERE throttle_key = ? AND expires_at > ?",
    );
    return keys.flatMap((key) => {
      const row = peek.get(key, now) as Row | undefined;
      return row ? [{ key, failures: row.failures as number, lastAt: row.last_at as string }] : [];
    });
  }

  async claimSignin(key: string, lastAt: string, now: string): Promise<boolean> {
    return (
      this.limitsDb
        .prepare("UPDATE signin_throttle SET last_at = ? WHERE throttle_key = ? AND last_at = ?")
        .run(now, key, lastAt).changes === 1
    );
  }

  async clearSigninAttempts(key: string): Promise<void> {
    this.limitsDb.prepare("DELETE FROM signin_throttle WHERE throttle_key = ?").run(key);
  }

  /**
   * Hits that arrive in the same turn of the event loop are counted in one transaction of the limits
   * file (one lock and one WAL append for all of them, not one each), each by its own UPSERT.
   */
  hitRateLimit(
    key: string,
    now: string,
    windowAfter: string,
  ): Promise<{ hits: number; windowStart: string }> {
    return new Promise((resolve, reject) => {
      if (this.hits.push({ key, now, windowAfter, resolve, reject }) === 1)
        setImmediate(() => this.countHits());
    });
  }

  private countHits(): void {
    const batch = this.hits.splice(0);
    const upsert = this.limitsDb.prepare(
      `INSERT INTO rate_limits (rate_key, window_start, hits) VALUES (?, ?, 1)
       ON CONFLICT (rate_key) DO UPDATE SET
         hits = CASE WHEN rate_limits.window_start > ? THEN rate_limits.hits + 1 ELSE 1 END,
         window_start = CASE WHEN rate_limits.window_start > ? THEN rate_limits.window_start ELSE excluded.window_start END
       RETURNING hits, window_start`,
    );
    let rows: Row[];
    try {
      rows = this.limitsDb
        .transaction(() => batch.map((h) => upsert.get(h.key, h.now, h.windowAfter, h.windowAfter) as Row))
        .immediate();
    } catch (error) {
      for (const h of batch) h.reject(error);
      return;
    }
    batch.forEach((h, i) =>
      h.resolve({ hits: rows[i]!.hits as number, windowStart: rows[i]!.window_start as string }),
    );
  }

  async purgeLimits(now: string, windowsEndedBy: string): Promise<{ signins: number; rateLimits: number }> {
    const purge = this.limitsDb.transaction(() => ({
      signins: this.limitsDb.prepare("DELETE FROM signin_throttle WHERE expires_at <= ?").run(now).changes,
      rateLimits: this.limitsDb.prepare("DELETE FROM rate_limits WHERE window_start <= ?").run(windowsEndedBy)
        .changes,
    }));
    return purge.immediate();
  }

  async acquireLease(name: string, holder: string, now: string, expiresAt: string): Promise<boolean> {
    const info = this.db
      .prepare(
        `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE leases.expires_at <= ? OR leases.holder = excluded.holder`,
      )
      .run(name, holder, expiresAt, now);
    return info.changes === 1;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    this.db.prepare("DELETE FROM leases WHERE name = ? AND holder = ?").run(name, holder);
  }

  async publishPlan(
    plan: Plan,
    vocabulary: StatusVocabulary,
    period: NewPeriod,
    at: string,
  ): Promise<PeriodRecord> {
    const db = this.db;
    const knownUnits = new Set(
      (db.prepare("SELECT name FROM units WHERE retired_into IS NULL").all() as Row[]).map(
        (r) => r.name as string,
      ),
    );
    const publish = db.transaction(() => {
      if (db.prepare("SELECT 1 FROM periods WHERE id = ?").get(period.id))
        throw new PeriodExistsError(period.id);
      const planId = Number(
        db
          .prepare("INSERT INTO plans (title, vocabulary, created_at) VALUES (?, ?, ?)")
          .run(plan.title, JSON.stringify(vocabulary), at).lastInsertRowid,
      );
      const addSection = db.prepare(
        "INSERT INTO plan_sections (plan_id, position, no, title) VALUES (?, ?, ?, ?)",
      );
      const addSubsection = db.prepare(
        "INSERT INTO plan_subsections (plan_id, section_position, position, title) VALUES (?, ?, ?, ?)",
      );
      const addTask = db.prepare(
        "INSERT INTO tasks (plan_id, seq, section_position, subsection_position, position, text) VALUES (?, ?, ?, ?, ?, ?)",
      );
      const addUnit = db.prepare("INSERT INTO task_units (plan_id, seq, position, unit) VALUES (?, ?, ?, ?)");
      plan.sections.forEach((section, s) => {
        addSection.run(planId, s, section.no, section.title);
        section.subsections.forEach((sub, ss) => {
          addSubsection.run(planId, s, ss, sub.title);
          sub.items.forEach((task, t) => {
            addTask.run(planId, task.seq, s, ss, t, task.task);
            task.units.forEach((unit, u) => {
              if (!knownUnits.has(unit)) throw new UnknownUnitError(unit);
              addUnit.run(planId, task.seq, u, unit);
            });
          });
        });
      });
      db.prepare(
        "INSERT INTO periods (id, title, plan_id, due_at, locked, previous_period_id, created_at) VALUES (?, ?, ?, ?, 0, ?, ?)",
      ).run(period.id, period.title, planId, period.dueAt, period.previousPeriodId, at);
    });
    publish.immediate();
    return (await this.getPeriod(period.id))!;
  }

  async listPeriods(): Promise<PeriodRecord[]> {
    return (this.db.prepare("SELECT * FROM periods ORDER BY created_at, id").all() as Row[]).map(read.period);
  }

  async getPeriod(id: string): Promise<PeriodRecord | null> {
    const row = this.db.prepare("SELECT * FROM periods WHERE id = ?").get(id) as Row | undefined;
    return row ? read.period(row) : null;
  }

  async getPlan(planId: number): Promise<StoredPlan | null> {
    const plan = this.db.prepare("SELECT * FROM plans WHERE id = ?").get(planId) as Row | undefined;
    if (!plan) return null;
    const sections = this.db
      .prepare("SELECT * FROM plan_sections WHERE plan_id = ? ORDER BY position")
      .all(planId) as Row[];
    const subsections = this.db
      .prepare("SELECT * FROM plan_subsections WHERE plan_id = ? ORDER BY section_position, position")
      .all(planId) as Row[];
    const tasks = this.db
      .prepare(
        "SELECT * FROM tasks WHERE plan_id = ? ORDER BY section_position, subsection_position, position",
      )
      .all(planId) as Row[];
    const units = this.db
      .prepare("SELECT seq, unit FROM task_units WHERE plan_id = ? ORDER BY seq, position")
      .all(planId) as Row[];
    return assemblePlan(plan, sections, subsections, tasks, units);
  }

  async setPeriodLocked(id: string, locked: boolean): Promise<void> {
    this.db.prepare("UPDATE periods SET locked = ? WHERE id = ?").run(locked ? 1 : 0, id);
  }

  async openPeriod(
    period: NewPeriod,
    planId: number,
    at: string,
    audit: NewAuditEntry,
  ): Promise<PeriodRecord> {
    const db = this.db;
    db.transaction(() => {
      if (db.prepare("SELECT 1 FROM periods WHERE id = ?").get(period.id))
        throw new PeriodExistsError(period.id);
      db.prepare(
        "INSERT INTO periods (id, title, plan_id, due_at, locked, previous_period_id, created_at) VALUES (?, ?, ?, ?, 0, ?, ?)",
      ).run(period.id, period.title, planId, period.dueAt, period.previousPeriodId, at);
      this.insertAudit(audit);
    }).immediate();
    return (await this.getPeriod(period.id))!;
  }

  async listReports(periodId: string, unit?: string): Promise<ReportRecord[]> {
    const rows =
      unit === undefined
        ? this.db.prepare("SELECT * FROM report_rows WHERE period_id = ? ORDER BY seq, unit").all(periodId)
        : this.db
            .prepare("SELECT * FROM report_rows WHERE period_id = ? AND unit = ? ORDER BY seq")
            .all(periodId, unit);
    return (rows as Row[]).map(read.report);
  }

  /** Queued and written with the other submissions that arrive together: see group-commit.ts. */
  async applySubmission(input: SubmissionInput): Promise<SubmissionOutcome> {
    return this.writer.apply(input);
  }

  async history(periodId: string, seq: number): Promise<HistoryEntry[]> {
    const rows = this.db
      .prepare("SELECT * FROM history WHERE period_id = ? AND seq = ? ORDER BY id")
      .all(periodId, seq) as Row[];
    return rows.map(read.history);
  }

  async createReturn(input: NewReturn): Promise<ReturnRecord> {
    const info = this.db
      .prepare(
        "INSERT INTO returns (period_id, seq, unit, comment, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(input.periodId, input.seq, input.unit, input.comment, input.createdBy, input.at);
    return read.returned(
      this.db.prepare("SELECT * FROM returns WHERE id = ?").get(Number(info.lastInsertRowid)) as Row,
    );
  }

  async listReturns(
    periodId: string,
    options: { openOnly?: boolean; unit?: string } = {},
  ): Promise<ReturnRecord[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM returns WHERE period_id = ?
           AND (? = 0 OR resolved_at IS NULL) AND (? IS NULL OR unit = ?) ORDER BY id`,
      )
      .all(periodId, options.openOnly ? 1 : 0, options.unit ?? null, options.unit ?? null) as Row[];
    return rows.map(read.returned);
  }

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.insertAudit(entry);
  }

  /** Synchronous, so that an administrative write can log itself inside its own transaction. */
  private insertAudit(entry: NewAuditEntry): AuditEntry {
    const info = this.db
      .prepare("INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)")
      .run(
        entry.at,
        entry.actor,
        entry.action,
        entry.target,
        entry.detail === null ? null : JSON.stringify(entry.detail),
      );
    return { ...entry, id: Number(info.lastInsertRowid) };
  }

  async listAudit(query: AuditQuery): Promise<AuditEntry[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM audit_log WHERE (? IS NULL OR id < ?) AND (? IS NULL OR action = ?) AND (? IS NULL OR actor = ?)
         ORDER BY id DESC LIMIT ?`,
      )
      .all(
        query.before ?? null,
        query.before ?? null,
        query.action ?? null,
        query.action ?? null,
        query.actor ?? null,
        query.actor ?? null,
        query.limit,
      ) as Row[];
    return rows.map(read.audit);
  }
}
