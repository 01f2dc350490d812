// Rows of the tables both dialects share, as the store's records. The column names are the same in
// SQLite and SQL Server; only how a time, a flag and a big id come back differs, so each adapter
// passes its readers for those.
import type { CurrentRow } from "./conflicts.ts";
import type {
  AuditEntry,
  HistoryEntry,
  PeriodRecord,
  ReportRecord,
  ReturnRecord,
  TokenRecord,
  UserRecord,
} from "./store.ts";

type Row = Record<string, unknown>;

export interface ColumnReaders {
  /** A stored time as the contract's ISO-8601 string. */
  time(value: unknown): string;
  flag(value: unknown): boolean;
}

/** Every record's reader, on the adapter's readers of a time and a flag. */
export function recordReaders(columns: ColumnReaders) {
  const time = columns.time;
  const read: Readers = {
    ...columns,
    timeOrNull: (value: unknown) => (value === null || value === undefined ? null : time(value)),
    textOrNull: (value: unknown) => (value as string | null | undefined) ?? null,
  };
  return { ...accountReaders(read), ...reportReaders(read) };
}

interface Readers extends ColumnReaders {
  timeOrNull(value: unknown): string | null;
  textOrNull(value: unknown): string | null;
}

/** Users, tokens, periods and audit entries. */
function accountReaders({ time, flag, timeOrNull, textOrNull }: Readers) {
  const user = (r: Row): UserRecord => ({
    id: Number(r.id),
    username: r.username as string,
    name: r.name as string,
    unit: textOrNull(r.unit),
    role: r.role as UserRecord["role"],
    passwordHash: r.password_hash as string,
    // Absent before migration 003 only in a half-migrated database; read as the defaults.
    disabled: r.disabled === undefined ? false : flag(r.disabled),
    mustChangePassword: r.must_change_password === undefined ? false : flag(r.must_change_password),
    phone: textOrNull(r.phone),
    email: textOrNull(r.email),
  });
  return {
    user,
    /** findToken's row: the token's columns prefixed t_, then the user's own columns. */
    tokenWithUser: (r: Row): { token: TokenRecord; user: UserRecord } => {
      const owner = user(r);
      return {
        token: {
          hash: r.t_hash as string,
          userId: owner.id,
          kind: r.t_kind as TokenRecord["kind"],
          createdAt: time(r.t_created_at),
          expiresAt: timeOrNull(r.t_expires_at),
        },
        user: owner,
      };
    },
    period: (r: Row): PeriodRecord => ({
      id: r.id as string,
      title: r.title as string,
      planId: Number(r.plan_id),
      // A due date is kept as entered (2022-07-10), not as a time.
      dueAt: textOrNull(r.due_at),
      locked: flag(r.locked),
      previousPeriodId: textOrNull(r.previous_period_id),
      createdAt: time(r.created_at),
    }),
    audit: (r: Row): AuditEntry => ({
      id: Number(r.id),
      at: time(r.at),
      actor: r.actor as string,
      action: r.action as string,
      target: r.target as string,
      detail:
        r.detail === null || r.detail === undefined
          ? null
          : (JSON.parse(r.detail as string) as AuditEntry["detail"]),
    }),
  };
}

/** Report rows, returns and the history. */
function reportReaders({ time, timeOrNull, textOrNull }: Readers) {
  return {
    /** A report row as the version check reads it (conflicts.ts). */
    current: (r: Row): CurrentRow => ({
      status: r.status as string,
      progress: r.progress as string,
      version: r.version as number,
      updatedBy: textOrNull(r.updated_by),
      updatedAt: timeOrNull(r.updated_at),
    }),
    report: (r: Row): ReportRecord => ({
      periodId: r.period_id as string,
      seq: r.seq as number,
      unit: r.unit as string,
      status: r.status as string,
      progress: r.progress as string,
      version: r.version as number,
      updatedBy: r.updated_by as string,
      updatedAt: time(r.updated_at),
    }),
    returned: (r: Row): ReturnRecord => ({
      id: Number(r.id),
      periodId: r.period_id as string,
      seq: r.seq as number,
      unit: r.unit as string,
      comment: r.comment as string,
      createdBy: r.created_by as string,
      createdAt: time(r.created_at),
      resolvedAt: timeOrNull(r.resolved_at),
    }),
    history: (r: Row): HistoryEntry => ({
      // BIGINT identities arrive as strings from tedious.
      id: Number(r.id),
      periodId: r.period_id as string,
      seq: r.seq as number,
      unit: r.unit as string,
      version: r.version as number,
      oldStatus: textOrNull(r.old_status),
      oldProgress: textOrNull(r.old_progress),
      newStatus: r.new_status as string,
      newProgress: r.new_progress as string,
      changedBy: r.changed_by as string,
      changedAt: time(r.changed_at),
    }),
  };
}
