// The storage boundary: plain objects in and out, every method async so that the SQLite adapter
// (synchronous underneath) and the SQL Server adapter (network) share one contract and one test suite.
import type { Conflict, Role, SubmissionAnswer } from "../../schema/api.ts";
import type { Plan, StatusVocabulary, Unit } from "../../schema/index.ts";

export type { Conflict, Role };
export const ROLES: readonly Role[] = ["coordinator", "reporter", "viewer"];

export interface UserRecord {
  id: number;
  username: string;
  name: string;
  unit: string | null;
  role: Role;
  passwordHash: string;
  /** A disabled account cannot sign in, and its sessions and API tokens are refused. */
  disabled: boolean;
  /** An initial or reset password: every call but the password change is refused until it is changed. */
  mustChangePassword: boolean;
  phone: string | null;
  email: string | null;
}

export type NewUser = Pick<UserRecord, "username" | "name" | "unit" | "role" | "passwordHash"> &
  Partial<Pick<UserRecord, "mustChangePassword" | "phone" | "email">>;

/** What a coordinator may change of an account (each field optional). */
export interface UserChange {
  role?: Role;
  unit?: string | null;
  disabled?: boolean;
}

export interface PasswordChange {
  passwordHash: string;
  mustChangePassword: boolean;
  /** The hash of the session token to keep (a user changing their own password stays signed in). */
  keepToken: string | null;
}

export type TokenKind = "session" | "api";

export interface TokenRecord {
  hash: string;
  userId: number;
  kind: TokenKind;
  createdAt: string;
  expiresAt: string | null;
}

export interface PeriodRecord {
  id: string;
  title: string;
  planId: number;
  dueAt: string | null;
  locked: boolean;
  previousPeriodId: string | null;
  createdAt: string;
}

export interface StoredPlan extends Plan {
  id: number;
  vocabulary: StatusVocabulary;
}

export interface NewPeriod {
  id: string;
  title: string;
  dueAt: string | null;
  previousPeriodId: string | null;
}

export interface ReportRecord {
  periodId: string;
  seq: number;
  unit: string;
  status: string;
  progress: string;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

export interface SubmittedRow {
  seq: number;
  status: string;
  progress: string;
  /** The version the client pulled; 0 for a row never reported. */
  baseVersion: number;
}

export interface SubmissionInput {
  periodId: string;
  unit: string;
  user: { id: number; username: string };
  rows: SubmittedRow[];
  /** Null when the client sent no Idempotency-Key. */
  idempotencyKey: string | null;
  /** Hash of the request body, to tell a retry from a different request under the same key. */
  requestHash: string;
  at: string;
}

/** What a submission answers: each row's version, and whether it changed. */
export type SubmissionResponse = SubmissionAnswer;

export type SubmissionOutcome =
  | { kind: "applied"; response: SubmissionResponse }
  /** The same key and body were answered before: the stored answer, nothing applied. */
  | { kind: "replayed"; response: SubmissionResponse }
  | { kind: "key-reused" }
  | { kind: "conflict"; conflicts: Conflict[] }
  | { kind: "locked" };

export interface HistoryEntry {
  id: number;
  periodId: string;
  seq: number;
  unit: string;
  version: number;
  oldStatus: string | null;
  oldProgress: string | null;
  newStatus: string;
  newProgress: string;
  changedBy: string;
  changedAt: string;
}

export interface ReturnRecord {
  id: number;
  periodId: string;
  seq: number;
  unit: string;
  comment: string;
  createdBy: string;
  createdAt: string;
  resolvedAt: string | null;
}

export interface NewReturn {
  periodId: string;
  seq: number;
  unit: string;
  comment: string;
  createdBy: string;
  at: string;
}

/** One administrative action, as the audit log keeps it. `detail` never holds a password or token. */
export interface AuditEntry {
  id: number;
  at: string;
  /** The signed-in username, or `cli:<os user>` for the command line. */
  actor: string;
  action: string;
  target: string;
  detail: Record<string, unknown> | null;
}

export type NewAuditEntry = Omit<AuditEntry, "id">;

export interface AuditQuery {
  /** Only entries with a smaller id (paging backwards from the newest). */
  before?: number;
  limit: number;
  action?: string;
  actor?: string;
}

/** A unit renamed or merged away (机构改革): kept for the past periods that name it. */
export interface RetiredUnit {
  name: string;
  kind: string;
  retiredInto: string;
  retiredAt: string;
}

/** A rename (one unit into a new name) or a merge (several into one, new or existing). */
export interface UnitMerge {
  from: readonly string[];
  into: string;
  /** The kind of `into` when it is created. */
  kind: string;
  at: string;
}

export interface UnitMergeOutcome {
  /** Open (not locked) periods whose plan named a unit of `from`: now on a new plan version. */
  periods: string[];
  users: number;
  reports: number;
  returns: number;
}

export interface Store {
  readonly dialect: "sqlite" | "mssql";
  /** Applies pending migrations; returns the names applied now. */
  migrate(): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;

  replaceUnits(units: readonly Unit[]): Promise<void>;
  listUnits(): Promise<Unit[]>;
  /**
   * Adds or updates the listed units in one transaction with the audit entry: kind and aliases are
   * replaced, an alias moves to the unit that now lists it, new units go to the end, a retired unit
   * listed again is active again. Units not listed are kept.
   */
  saveUnits(units: readonly Unit[], audit: NewAuditEntry): Promise<void>;
  listRetiredUnits(): Promise<RetiredUnit[]>;
  /**
   * Renames or merges units in one transaction with the audit entry (see docs/architecture.md): the
   * old names become aliases of `into` and are retired; accounts, open periods (a new plan version,
   * never an update of a published plan), their report rows and open returns move to `into`; locked
   * periods and the history stay as they were.
   */
  mergeUnits(change: UnitMerge, audit: NewAuditEntry): Promise<UnitMergeOutcome>;

  createUser(user: NewUser): Promise<UserRecord>;
  findUserByUsername(username: string): Promise<UserRecord | null>;
  findUserById(id: number): Promise<UserRecord | null>;
  countUsers(): Promise<number>;
  setPassword(userId: number, passwordHash: string): Promise<void>;
  /** Every account, by username. */
  listUsers(): Promise<UserRecord[]>;
  /**
   * Creates every account or none (one transaction) and appends `audit` in it. Throws
   * UsernameTakenError or UnknownUnitError naming the first offender in the list's order.
   */
  createUsers(users: readonly NewUser[], audit: NewAuditEntry): Promise<UserRecord[]>;
  /**
   * Changes an account's role, unit or disabled flag and appends `audit`, in one transaction;
   * disabling deletes its tokens. Null when there is no such user. Throws LastCoordinatorError when
   * no active coordinator would remain, UnknownUnitError for a unit not in the directory.
   */
  updateUser(username: string, change: UserChange, audit: NewAuditEntry): Promise<UserRecord | null>;
  /**
   * Replaces the password hash and the must-change flag, deletes the account's session tokens but
   * `keepToken`, and appends `audit`, in one transaction.
   */
  replacePassword(userId: number, change: PasswordChange, audit: NewAuditEntry): Promise<void>;

  createToken(token: TokenRecord): Promise<void>;
  /** The token and its user, when the token exists and has not expired at `now`. */
  findToken(hash: string, now: string): Promise<{ token: TokenRecord; user: UserRecord } | null>;
  deleteToken(hash: string): Promise<void>;
  /**
   * Deletes tokens expired at `now` and idempotency answers recorded before `answersBefore` (a retry
   * comes within minutes; the window is days). Returns how many of each went.
   */
  purgeExpired(now: string, answersBefore: string): Promise<{ tokens: number; answers: number }>;

  // ── shared limits (migration 005): state every server process on this database must see ──
  /**
   * Counts one sign-in attempt against each key, atomically (an attempt at the same instant in another
   * process counts too). A key whose window expired starts again at 1. Returns, per key in order, the
   * count including this attempt and the time of the attempt before it (null for the first).
   */
  countSigninAttempt(keys: readonly string[], at: string, expiresAt: string): Promise<SigninCount[]>;
  /** The failures counted for each key that has not expired at `now` (keys without any are left out). */
  peekSignin(
    keys: readonly string[],
    now: string,
  ): Promise<{ key: string; failures: number; lastAt: string }[]>;
  /**
   * Claims the next allowed attempt of a slowed key: moves its last attempt from `lastAt` to `now`
   * only if it is still `lastAt` (compare-and-set), so of attempts arriving together one wins.
   */
  claimSignin(key: string, lastAt: string, now: string): Promise<boolean>;
  /** Forgets a key's failed attempts (after a successful sign-in). */
  clearSigninAttempts(key: string): Promise<void>;
  /**
   * Counts one request of `key` in its window: the current one when it started after `windowAfter`,
   * else a new one starting `now`. Returns the count and the window's start; each key keeps one row.
   */
  hitRateLimit(key: string, now: string, windowAfter: string): Promise<{ hits: number; windowStart: string }>;
  /** Deletes sign-in counters expired at `now` and rate windows that started at or before `windowsEndedBy`. */
  purgeLimits(now: string, windowsEndedBy: string): Promise<{ signins: number; rateLimits: number }>;
  /**
   * Takes the named lease for `holder` until `expiresAt` when it is free, expired or already held by
   * `holder`; false when another holder has it. One statement: two processes never both get it.
   */
  acquireLease(name: string, holder: string, now: string, expiresAt: string): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;

  /** Stores the plan and opens the period in one transaction. Throws PeriodExistsError. */
  publishPlan(plan: Plan, vocabulary: StatusVocabulary, period: NewPeriod, at: string): Promise<PeriodRecord>;
  listPeriods(): Promise<PeriodRecord[]>;
  getPeriod(id: string): Promise<PeriodRecord | null>;
  getPlan(planId: number): Promise<StoredPlan | null>;
  setPeriodLocked(id: string, locked: boolean): Promise<void>;
  /** Opens a period on an already published plan (a rollover), with its audit entry. Throws PeriodExistsError. */
  openPeriod(period: NewPeriod, planId: number, at: string, audit: NewAuditEntry): Promise<PeriodRecord>;

  listReports(periodId: string, unit?: string): Promise<ReportRecord[]>;
  /** Everything a submission writes, in one transaction: all rows or none. */
  applySubmission(input: SubmissionInput): Promise<SubmissionOutcome>;
  history(periodId: string, seq: number): Promise<HistoryEntry[]>;

  createReturn(input: NewReturn): Promise<ReturnRecord>;
  listReturns(periodId: string, options?: { openOnly?: boolean; unit?: string }): Promise<ReturnRecord[]>;

  /** Appends to the audit log (append-only in both dialects). */
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /** The newest entries first. */
  listAudit(query: AuditQuery): Promise<AuditEntry[]>;
}

/** One key's sign-in attempts in its current window (countSigninAttempt). */
export interface SigninCount {
  key: string;
  failures: number;
  previousAt: string | null;
}

/**
 * The database cannot take or keep writes: its file vanished, was replaced or turned read-only, the disk
 * failed, or the server went away. Answered 503; nothing is acknowledged that is not stored.
 */
export class StoreUnavailableError extends Error {}

export class PeriodExistsError extends Error {}
export class UsernameTakenError extends Error {}
/** The change would leave no active (not disabled) coordinator account. */
export class LastCoordinatorError extends Error {}
export class UnknownUnitError extends Error {
  constructor(readonly unit: string) {
    super(`unknown unit: ${unit}`);
  }
}
