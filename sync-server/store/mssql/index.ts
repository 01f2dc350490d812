// The production store: SQL Server through mssql (tedious), one connection pool per process, opened
// at start and closed at shutdown. It keeps the SQLite store's contract to the letter (one conformance
// suite runs both: test/store/store.conformance.test.ts), with SQL Server's own means to hold it
// under concurrency: locking reads (UPDLOCK, HOLDLOCK) inside explicit transactions, version-checked
// UPDATEs, a unique key on idempotency keys, and whole-transaction retries of deadlock victims.
import sql from "mssql";
import type { Plan, StatusVocabulary, Unit } from "../../../schema/index.ts";
import { readMigrations } from "../migrations.ts";
import { assemblePlan } from "../plan-rows.ts";
import { settleRows } from "../conflicts.ts";
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
  type SubmissionResponse,
  type TokenRecord,
  type UserRecord,
} from "../store.ts";
import { splitBatches } from "./batches.ts";
import { describeMssqlTarget, parseMssqlUrl } from "./connection.ts";
import * as Q from "./queries.ts";
import { run, runBatch } from "./query.ts";
import {
  CONSTRAINT_VIOLATION,
  DEFAULT_RETRY,
  isDuplicateKey,
  sqlErrorNumbers,
  withRetry,
  type RetryOptions,
} from "./retry.ts";

export async function openMssqlStore(url: string): Promise<Store> {
  const config = parseMssqlUrl(url);
  const pool = new sql.ConnectionPool(config);
  // A broken pooled connection is reported here and replaced; the request that needed it fails on
  // its own, and /readyz (ping) tells the load balancer. Without a listener the process would exit.
  pool.on("error", () => undefined);
  try {
    await pool.connect();
  } catch (error) {
    await pool.close().catch(() => undefined);
    const e = error as { code?: unknown; message?: unknown };
    const code = typeof e.code === "string" ? ` [${e.code}]` : "";
    throw new Error(
      `could not connect to SQL Server ${describeMssqlTarget(config)}${code}: ${String(e.message)}`,
    );
  }
  return new MssqlStore(pool);
}

// ── values in and out ───────────────────────────────────────────────────────────────────────────

/** An ISO-8601 time from the use-cases, as the DATETIME2(3) parameter it is stored in. */
function toDate(iso: string, what: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new TypeError(`${what} is not an ISO-8601 time`);
  return date;
}

const toDateOrNull = (iso: string | null, what: string) => (iso === null ? null : toDate(iso, what));

/** DATETIME2 comes back as a Date (read as UTC); the contract gives ISO strings, as the SQLite store keeps them. */
function iso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  throw new TypeError("expected a DATETIME2 value");
}

// DATETIME2 comes back as Date, BIT as boolean.
const read = recordReaders({ time: iso, flag: (v) => v === true });

/**
 * Code-point order, which is SQLite's BINARY order of UTF-8 text. (UTF-16 order, JavaScript's and
 * SQL Server's binary collations', differs for characters beyond U+FFFF against U+E000–U+FFFF.)
 */
export function compareCodePoints(a: string, b: string): number {
  const x = a[Symbol.iterator]();
  const y = b[Symbol.iterator]();
  for (;;) {
    const p = x.next();
    const q = y.next();
    if (p.done || q.done) return p.done && q.done ? 0 : p.done ? -1 : 1;
    const d = p.value.codePointAt(0)! - q.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/** Whether an error is the violation of the named constraint (the server names it in the message). */
function violated(error: unknown, numbers: number[], constraint: string): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  return (
    sqlErrorNumbers(error).some((n) => numbers.includes(n)) &&
    typeof message === "string" &&
    message.includes(`'${constraint}'`)
  );
}

/** Submissions are also retried after a duplicate key: the retry re-reads and replays the stored answer. */
const SUBMISSION_RETRY: RetryOptions = {
  ...DEFAULT_RETRY,
  retryable: (error) => DEFAULT_RETRY.retryable(error) || isDuplicateKey(error),
};

// ── the store ───────────────────────────────────────────────────────────────────────────────────

export class MssqlStore implements Store {
  readonly dialect = "mssql" as const;
  private directory: { version: number; units: Unit[] } | null = null;
  constructor(private readonly pool: sql.ConnectionPool) {}

  /**
   * One transaction on one pooled connection, committed when `work` returns, rolled back when it
   * throws. Batches sent in it start with SET XACT_ABORT ON, and the pool sets it for every session:
   * an error, a deadlock or a timeout rolls the whole transaction back on the server.
   */
  private async transaction<T>(work: (tx: sql.Transaction) => Promise<T>): Promise<T> {
    const tx = new sql.Transaction(this.pool);
    await tx.begin(sql.ISOLATION_LEVEL.READ_COMMITTED);
    let result: T;
    try {
      result = await work(tx);
    } catch (error) {
      // Already rolled back by the server after most errors (XACT_ABORT); mssql then says EABORT.
      await tx.rollback().catch(() => undefined);
      throw error;
    }
    await tx.commit();
    return result;
  }

  async migrate(): Promise<string[]> {
    const migrations = readMigrations(new URL("./migrations/", import.meta.url));
    // Read without a lock and without DDL: a serving process with a least-privilege login finds
    // nothing to do once `keywork migrate` has run with the migration login.
    const [appliedRows = []] = await run(this.pool, Q.appliedMigrations, {});
    const applied = new Set(appliedRows.map((r) => r.name as string));
    const done: string[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.name)) continue;
      const batches = splitBatches(migration.sql);
      const ran = await this.transaction(async (tx) => {
        const [[state] = []] = await run(tx, Q.lockMigrations, { name: migration.name });
        if ((state?.applied as number) > 0) return false; // another process applied it meanwhile
        await runBatch(tx, Q.SET_XACT_ABORT);
        for (const batch of batches) {
          try {
            await runBatch(tx, batch.text);
          } catch (error) {
            throw new Error(
              `migration ${migration.name}, batch at line ${batch.line}: ${(error as Error).message}`,
            );
          }
        }
        await run(tx, Q.recordMigration, { name: migration.name, at: new Date() });
        return true;
      });
      if (ran) done.push(migration.name);
    }
    return done;
  }

  async ping(): Promise<void> {
    await run(this.pool, Q.ping, {});
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  async replaceUnits(units: readonly Unit[]): Promise<void> {
    // As the SQLite store: a unit listed twice takes its last kind and position; the listed units'
    // aliases are replaced, the first unit to claim an alias keeps it, and an alias still held by a
    // unit that is not listed stays with that unit.
    const byName = new Map<string, { name: string; kind: string; position: number }>();
    units.forEach((unit, position) => byName.set(unit.name, { name: unit.name, kind: unit.kind, position }));
    const claimed = new Set<string>();
    const aliases: { alias: string; unit: string }[] = [];
    for (const unit of units) {
      for (const alias of unit.aliases) {
        if (claimed.has(alias)) continue;
        claimed.add(alias);
        aliases.push({ alias, unit: unit.name });
      }
    }
    await withRetry(() =>
      run(this.pool, Q.replaceUnits, {
        units: JSON.stringify([...byName.values()]),
        aliases: JSON.stringify(aliases),
      }),
    );
  }

  async listUnits(): Promise<Unit[]> {
    // Read again only when the directory changed (migration 006's counter, also moved by other
    // processes); the same frozen list is handed out meanwhile.
    const [[row] = []] = await run(this.pool, Q.directoryVersion, {});
    const version = Number(row!.version);
    if (this.directory?.version !== version) this.directory = { version, units: await this.readUnits() };
    return this.directory.units;
  }

  private async readUnits(): Promise<Unit[]> {
    const [units = [], aliases = []] = await run(this.pool, Q.listUnits, {});
    const sortedAliases = [...aliases].sort((a, b) =>
      compareCodePoints(a.alias as string, b.alias as string),
    );
    const list = [...units]
      .sort(
        (a, b) =>
          (a.position as number) - (b.position as number) ||
          compareCodePoints(a.name as string, b.name as string),
      )
      .map((u) =>
        Object.freeze({
          name: u.name as string,
          kind: u.kind as string,
          aliases: Object.freeze(
            sortedAliases.filter((a) => a.unit === u.name).map((a) => a.alias as string),
          ),
        }),
      );
    return Object.freeze(list) as Unit[];
  }

  async saveUnits(units: readonly Unit[], audit: NewAuditEntry): Promise<void> {
    const aliases = units.flatMap((unit) => unit.aliases.map((alias) => ({ alias, unit: unit.name })));
    await withRetry(() =>
      this.transaction(async (tx) => {
        await run(tx, Q.saveUnits, {
          units: JSON.stringify(units.map((u, ord) => ({ name: u.name, kind: u.kind, ord }))),
          aliases: JSON.stringify(aliases),
        });
        await this.insertAudit(tx, audit);
      }),
    );
  }

  async listRetiredUnits(): Promise<RetiredUnit[]> {
    const [rows = []] = await run(this.pool, Q.listRetiredUnits, {});
    return rows
      .map((r) => ({
        name: r.name as string,
        kind: r.kind as string,
        retiredInto: r.retired_into as string,
        retiredAt: iso(r.retired_at),
      }))
      .sort((a, b) => a.retiredAt.localeCompare(b.retiredAt) || compareCodePoints(a.name, b.name));
  }

  async mergeUnits(change: UnitMerge, audit: NewAuditEntry): Promise<UnitMergeOutcome> {
    const at = toDate(change.at, "at");
    const from = JSON.stringify(change.from);
    return withRetry(() =>
      this.transaction(async (tx) => {
        const [plans = [], [counts] = []] = await run(tx, Q.mergeUnits, {
          from,
          into: change.into,
          kind: change.kind,
          at,
        });
        const periods: string[] = [];
        for (const plan of plans) {
          const [moved = []] = await run(tx, Q.copyPlanForMerge, {
            planId: plan.plan_id as number,
            from,
            into: change.into,
            at,
          });
          periods.push(...moved.map((p) => p.id as string));
        }
        await this.insertAudit(tx, audit);
        return {
          periods: periods.sort(),
          users: Number(counts?.users ?? 0),
          reports: Number(counts?.reports ?? 0),
          returns: Number(counts?.returns ?? 0),
        };
      }),
    );
  }

  async createUser(user: NewUser): Promise<UserRecord> {
    try {
      const [[row] = []] = await run(this.pool, Q.createUser, {
        username: user.username,
        name: user.name,
        unit: user.unit,
        role: user.role,
        passwordHash: user.passwordHash,
        at: new Date(),
        mustChange: user.mustChangePassword === true,
        phone: user.phone ?? null,
        email: user.email ?? null,
      });
      return (await this.findUserById(row!.id as number))!;
    } catch (error) {
      if (violated(error, [2627, 2601], "uq_users_username")) throw new UsernameTakenError(user.username);
      if (violated(error, [CONSTRAINT_VIOLATION], "fk_users_unit"))
        throw new UnknownUnitError(user.unit ?? "");
      throw error;
    }
  }

  async findUserByUsername(username: string): Promise<UserRecord | null> {
    const [[row] = []] = await run(this.pool, Q.findUserByUsername, { username });
    return row ? read.user(row) : null;
  }

  async findUserById(id: number): Promise<UserRecord | null> {
    const [[row] = []] = await run(this.pool, Q.findUserById, { id });
    return row ? read.user(row) : null;
  }

  async countUsers(): Promise<number> {
    const [[row] = []] = await run(this.pool, Q.countUsers, {});
    return row!.n as number;
  }

  async setPassword(userId: number, passwordHash: string): Promise<void> {
    await run(this.pool, Q.setPassword, { id: userId, passwordHash });
  }

  async listUsers(): Promise<UserRecord[]> {
    const [rows = []] = await run(this.pool, Q.listUsers, {});
    // Usernames are ASCII (2–64 letters, digits, . _ -): the binary collation's order is SQLite's.
    return rows.map(read.user);
  }

  async createUsers(users: readonly NewUser[], audit: NewAuditEntry): Promise<UserRecord[]> {
    const at = toDate(audit.at, "at");
    await withRetry(() =>
      this.transaction(async (tx) => {
        const [taken = [], known = []] = await run(tx, Q.createUsersCheck, {
          usernames: JSON.stringify(users.map((u) => u.username)),
          units: JSON.stringify([...new Set(users.flatMap((u) => (u.unit === null ? [] : [u.unit])))]),
        });
        const takenNames = new Set(taken.map((r) => r.username as string));
        const knownUnits = new Set(known.map((r) => r.name as string));
        // The first offender in the list's order, as the SQLite store reports it.
        const seen = new Set<string>();
        for (const user of users) {
          if (seen.has(user.username) || takenNames.has(user.username))
            throw new UsernameTakenError(user.username);
          seen.add(user.username);
          if (user.unit !== null && !knownUnits.has(user.unit)) throw new UnknownUnitError(user.unit);
        }
        if (users.length > 0)
          await run(tx, Q.createUsers, {
            at,
            users: JSON.stringify(
              users.map((u) => ({
                username: u.username,
                name: u.name,
                unit: u.unit,
                role: u.role,
                passwordHash: u.passwordHash,
                mustChange: u.mustChangePassword === true,
                phone: u.phone ?? null,
                email: u.email ?? null,
              })),
            ),
          });
        await this.insertAudit(tx, audit);
      }),
    );
    const created: UserRecord[] = [];
    for (const user of users) created.push((await this.findUserByUsername(user.username))!);
    return created;
  }

  async updateUser(username: string, change: UserChange, audit: NewAuditEntry): Promise<UserRecord | null> {
    const found = await withRetry(() =>
      this.transaction(async (tx) => {
        const [[row] = [], [others] = [], [unitRow] = []] = await run(tx, Q.lockUser, {
          username,
          unit: change.unit ?? null,
        });
        if (!row) return false;
        const before = read.user(row);
        const role = change.role ?? before.role;
        const unit = change.unit === undefined ? before.unit : change.unit;
        const disabled = change.disabled ?? before.disabled;
        const wasActiveCoordinator = before.role === "coordinator" && !before.disabled;
        if (wasActiveCoordinator && (role !== "coordinator" || disabled) && Number(others?.n ?? 0) === 0)
          throw new LastCoordinatorError(username);
        if (change.unit !== undefined && change.unit !== null && Number(unitRow?.n ?? 0) === 0)
          throw new UnknownUnitError(change.unit);
        await run(tx, Q.updateUser, { id: before.id, role, unit, disabled });
        await this.insertAudit(tx, audit);
        return true;
      }),
    );
    return found ? this.findUserByUsername(username) : null;
  }

  async replacePassword(userId: number, change: PasswordChange, audit: NewAuditEntry): Promise<void> {
    await withRetry(() =>
      this.transaction(async (tx) => {
        await run(tx, Q.replacePassword, {
          id: userId,
          passwordHash: change.passwordHash,
          mustChange: change.mustChangePassword,
          keepToken: change.keepToken,
        });
        await this.insertAudit(tx, audit);
      }),
    );
  }

  async createToken(token: TokenRecord): Promise<void> {
    await run(this.pool, Q.createToken, {
      hash: token.hash,
      userId: token.userId,
      kind: token.kind,
      createdAt: toDate(token.createdAt, "createdAt"),
      expiresAt: toDateOrNull(token.expiresAt, "expiresAt"),
    });
  }

  async findToken(hash: string, now: string): Promise<{ token: TokenRecord; user: UserRecord } | null> {
    const [[row] = []] = await run(this.pool, Q.findToken, { hash, now: toDate(now, "now") });
    return row ? read.tokenWithUser(row) : null;
  }

  async deleteToken(hash: string): Promise<void> {
    await run(this.pool, Q.deleteToken, { hash });
  }

  async purgeExpired(now: string, answersBefore: string): Promise<{ tokens: number; answers: number }> {
    // Two independent clean-ups: neither needs the other to have happened.
    const [[tokens] = []] = await run(this.pool, Q.purgeTokens, { now: toDate(now, "now") });
    const [[answers] = []] = await run(this.pool, Q.purgeAnswers, {
      before: toDate(answersBefore, "answersBefore"),
    });
    return { tokens: Number(tokens?.n ?? 0), answers: Number(answers?.n ?? 0) };
  }

  async countSigninAttempt(keys: readonly string[], at: string, expiresAt: string): Promise<SigninCount[]> {
    const counts: SigninCount[] = [];
    for (const key of keys) {
      const [[row] = []] = await withRetry(() =>
        run(this.pool, Q.countSigninAttempt, {
          key,
          at: toDate(at, "at"),
          expiresAt: toDate(expiresAt, "expiresAt"),
        }),
      );
      counts.push({
        key,
        failures: row!.failures as number,
        previousAt: row!.prev_at === null || row!.prev_at === undefined ? null : iso(row!.prev_at),
      });
    }
    return counts;
  }

  async peekSignin(
    keys: readonly string[],
    now: string,
  ): Promise<{ key: string; failures: number; lastAt: string }[]> {
    const [rows = []] = await run(this.pool, Q.peekSignin, {
      keys: JSON.stringify(keys),
      now: toDate(now, "now"),
    });
    const byKey = new Map(rows.map((r) => [r.throttle_key as string, r]));
    return keys.flatMap((key) => {
      const row = byKey.get(key);
      return row ? [{ key, failures: row.failures as number, lastAt: iso(row.last_at) }] : [];
    });
  }

  async claimSignin(key: string, lastAt: string, now: string): Promise<boolean> {
    const [[row] = []] = await run(this.pool, Q.claimSignin, {
      key,
      lastAt: toDate(lastAt, "lastAt"),
      now: toDate(now, "now"),
    });
    return Number(row?.n ?? 0) === 1;
  }

  async clearSigninAttempts(key: string): Promise<void> {
    await run(this.pool, Q.clearSigninAttempts, { key });
  }

  async hitRateLimit(
    key: string,
    now: string,
    windowAfter: string,
  ): Promise<{ hits: number; windowStart: string }> {
    const [[row] = []] = await withRetry(() =>
      run(this.pool, Q.hitRateLimit, {
        key,
        now: toDate(now, "now"),
        windowAfter: toDate(windowAfter, "windowAfter"),
      }),
    );
    return { hits: row!.hits as number, windowStart: iso(row!.window_start) };
  }

  async purgeLimits(now: string, windowsEndedBy: string): Promise<{ signins: number; rateLimits: number }> {
    const [[row] = []] = await run(this.pool, Q.purgeLimits, {
      now: toDate(now, "now"),
      windowsEndedBy: toDate(windowsEndedBy, "windowsEndedBy"),
    });
    return { signins: Number(row?.signins ?? 0), rateLimits: Number(row?.rate_limits ?? 0) };
  }

  async acquireLease(name: string, holder: string, now: string, expiresAt: string): Promise<boolean> {
    const [[row] = []] = await withRetry(() =>
      run(this.pool, Q.acquireLease, {
        name,
        holder,
        now: toDate(now, "now"),
        expiresAt: toDate(expiresAt, "expiresAt"),
      }),
    );
    return Number(row?.taken ?? 0) === 1;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await run(this.pool, Q.releaseLease, { name, holder });
  }

  async publishPlan(
    plan: Plan,
    vocabulary: StatusVocabulary,
    period: NewPeriod,
    at: string,
  ): Promise<PeriodRecord> {
    const flat = {
      sections: [] as { position: number; no: string; title: string }[],
      subsections: [] as { section: number; position: number; title: string | null }[],
      tasks: [] as { seq: number; section: number; subsection: number; position: number; text: string }[],
      units: [] as { seq: number; position: number; unit: string }[],
    };
    plan.sections.forEach((section, s) => {
      flat.sections.push({ position: s, no: section.no, title: section.title });
      section.subsections.forEach((sub, ss) => {
        flat.subsections.push({ section: s, position: ss, title: sub.title });
        sub.items.forEach((task, t) => {
          flat.tasks.push({ seq: task.seq, section: s, subsection: ss, position: t, text: task.task });
          task.units.forEach((unit, u) => flat.units.push({ seq: task.seq, position: u, unit }));
        });
      });
    });
    const createdAt = toDate(at, "at");
    try {
      await withRetry(() =>
        this.transaction(async (tx) => {
          const [[exists] = [], known = []] = await run(tx, Q.publishCheck, {
            periodId: period.id,
            units: JSON.stringify([...new Set(flat.units.map((u) => u.unit))]),
          });
          if ((exists?.n as number) > 0) throw new PeriodExistsError(period.id);
          const knownUnits = new Set(known.map((r) => r.name as string));
          // The first unknown unit in the plan's order, as the SQLite store reports it.
          const unknown = flat.units.find((u) => !knownUnits.has(u.unit));
          if (unknown) throw new UnknownUnitError(unknown.unit);
          await run(tx, Q.publishPlan, {
            title: plan.title,
            vocabulary: JSON.stringify(vocabulary),
            at: createdAt,
            plan: JSON.stringify(flat),
            periodId: period.id,
            periodTitle: period.title,
            dueAt: period.dueAt,
            previousPeriodId: period.previousPeriodId,
          });
        }),
      );
    } catch (error) {
      if (violated(error, [2627, 2601], "pk_periods")) throw new PeriodExistsError(period.id);
      throw error;
    }
    return (await this.getPeriod(period.id))!;
  }

  async listPeriods(): Promise<PeriodRecord[]> {
    const [rows = []] = await run(this.pool, Q.listPeriods, {});
    return rows.map(read.period);
  }

  async getPeriod(id: string): Promise<PeriodRecord | null> {
    const [[row] = []] = await run(this.pool, Q.getPeriod, { id });
    return row ? read.period(row) : null;
  }

  async getPlan(planId: number): Promise<StoredPlan | null> {
    const [[plan] = [], sections = [], subsections = [], tasks = [], units = []] = await run(
      this.pool,
      Q.getPlan,
      { planId },
    );
    if (!plan) return null;
    return assemblePlan(plan, sections, subsections, tasks, units);
  }

  async setPeriodLocked(id: string, locked: boolean): Promise<void> {
    await run(this.pool, Q.setPeriodLocked, { id, locked });
  }

  async openPeriod(
    period: NewPeriod,
    planId: number,
    at: string,
    audit: NewAuditEntry,
  ): Promise<PeriodRecord> {
    await withRetry(() =>
      this.transaction(async (tx) => {
        const [[exists] = []] = await run(tx, Q.periodExists, { periodId: period.id });
        if ((exists?.n as number) > 0) throw new PeriodExistsError(period.id);
        await run(tx, Q.openPeriod, {
          periodId: period.id,
          periodTitle: period.title,
          planId,
          dueAt: period.dueAt,
          previousPeriodId: period.previousPeriodId,
          at: toDate(at, "at"),
        });
        await this.insertAudit(tx, audit);
      }),
    );
    return (await this.getPeriod(period.id))!;
  }

  async listReports(periodId: string, unit?: string): Promise<ReportRecord[]> {
    if (unit !== undefined) {
      const [rows = []] = await run(this.pool, Q.listUnitReports, { periodId, unit });
      return rows.map(read.report);
    }
    const [rows = []] = await run(this.pool, Q.listReports, { periodId });
    return rows.map(read.report).sort((a, b) => a.seq - b.seq || compareCodePoints(a.unit, b.unit));
  }

  async applySubmission(input: SubmissionInput): Promise<SubmissionOutcome> {
    const at = toDate(input.at, "at");
    const seqs = input.rows.map((r) => r.seq).sort((a, b) => a - b);
    if (seqs.some((seq, i) => i > 0 && seq === seqs[i - 1]))
      throw new Error("a submission must not name a 序号 twice");

    const attempt = () =>
      this.transaction(async (tx): Promise<SubmissionOutcome> => {
        const [seen = [], periods = [], current = []] = await run(tx, Q.submissionRead, {
          key: input.idempotencyKey,
          userId: input.user.id,
          periodId: input.periodId,
          unit: input.unit,
          seqs: JSON.stringify(seqs),
        });
        const first = seen[0];
        if (first) {
          if (first.request_hash !== input.requestHash) return { kind: "key-reused" };
          return { kind: "replayed", response: JSON.parse(first.response as string) as SubmissionResponse };
        }
        const period = periods[0];
        if (!period || period.locked === true) return { kind: "locked" };

        const bySeq = new Map(current.map((r) => [r.seq as number, read.current(r)]));
        const { rows: plan, conflicts } = settleRows(input.rows, (seq) => bySeq.get(seq));
        if (conflicts.length > 0) return { kind: "conflict", conflicts };

        const response: SubmissionResponse = {
          rows: plan.map(({ row, version, same }) => ({
            seq: row.seq,
            version: same ? version : version + 1,
            changed: !same,
          })),
        };
        const changes = plan
          .filter(({ same }) => !same)
          .map(({ row, version }) => ({ seq: row.seq, status: row.status, progress: row.progress, version }));
        if (changes.length > 0 || input.idempotencyKey !== null) {
          await run(tx, Q.submissionWrite, {
            periodId: input.periodId,
            unit: input.unit,
            username: input.user.username,
            at,
            rows: JSON.stringify(changes),
            updates: changes.filter((c) => c.version > 0).length,
            inserts: changes.filter((c) => c.version === 0).length,
            key: input.idempotencyKey,
            userId: input.user.id,
            requestHash: input.requestHash,
            response: JSON.stringify(response),
          });
        }
        return { kind: "applied", response };
      });
    return withRetry(attempt, SUBMISSION_RETRY);
  }

  async history(periodId: string, seq: number): Promise<HistoryEntry[]> {
    const [rows = []] = await run(this.pool, Q.history, { periodId, seq });
    return rows.map(read.history);
  }

  async createReturn(input: NewReturn): Promise<ReturnRecord> {
    const [[row] = []] = await run(this.pool, Q.createReturn, {
      periodId: input.periodId,
      seq: input.seq,
      unit: input.unit,
      comment: input.comment,
      createdBy: input.createdBy,
      at: toDate(input.at, "at"),
    });
    return read.returned(row!);
  }

  async listReturns(
    periodId: string,
    options: { openOnly?: boolean; unit?: string } = {},
  ): Promise<ReturnRecord[]> {
    const [rows = []] = await run(this.pool, Q.listReturns, {
      periodId,
      openOnly: options.openOnly === true,
      unit: options.unit ?? null,
    });
    return rows.map(read.returned);
  }

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.insertAudit(this.pool, entry);
  }

  /** Takes a transaction too, so that an administrative write can log itself inside it. */
  private async insertAudit(
    target: sql.ConnectionPool | sql.Transaction,
    entry: NewAuditEntry,
  ): Promise<AuditEntry> {
    const [[row] = []] = await run(target, Q.insertAudit, {
      at: toDate(entry.at, "at"),
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      detail: entry.detail === null ? null : JSON.stringify(entry.detail),
    });
    return { ...entry, id: Number(row!.id) };
  }

  async listAudit(query: AuditQuery): Promise<AuditEntry[]> {
    const [rows = []] = await run(this.pool, Q.listAudit, {
      count: query.limit,
      before: query.before ?? null,
      action: query.action ?? null,
      actor: query.actor ?? null,
    });
    return rows.map(read.audit);
  }
}
