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
  failedSignins: number;
  lockedUntil: string | null;
}

export type NewUser = Pick<UserRecord, "username" | "name" | "unit" | "role" | "passwordHash">;

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

export interface Store {
  readonly dialect: "sqlite" | "mssql";
  /** Applies pending migrations; returns the names applied now. */
  migrate(): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;

  replaceUnits(units: readonly Unit[]): Promise<void>;
  listUnits(): Promise<Unit[]>;

  createUser(user: NewUser): Promise<UserRecord>;
  findUserByUsername(username: string): Promise<UserRecord | null>;
  findUserById(id: number): Promise<UserRecord | null>;
  countUsers(): Promise<number>;
  setSigninState(userId: number, failedSignins: number, lockedUntil: string | null): Promise<void>;
  setPassword(userId: number, passwordHash: string): Promise<void>;

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

  listReports(periodId: string, unit?: string): Promise<ReportRecord[]>;
  /** Everything a submission writes, in one transaction: all rows or none. */
  applySubmission(input: SubmissionInput): Promise<SubmissionOutcome>;
  history(periodId: string, seq: number): Promise<HistoryEntry[]>;

  createReturn(input: NewReturn): Promise<ReturnRecord>;
  listReturns(periodId: string, options?: { openOnly?: boolean; unit?: string }): Promise<ReturnRecord[]>;
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
export class UnknownUnitError extends Error {
  constructor(readonly unit: string) {
    super(`unknown unit: ${unit}`);
  }
}
