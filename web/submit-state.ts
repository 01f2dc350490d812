// The submission's state and its decisions, no DOM: what is sent, which preview rows are stale, what the
// conflict choices leave to resend, and what a refused submission means.
import { ApiError, NetworkError, type Bilingual } from "../client/errors.ts";
import {
  canonicalStatus,
  recordVersions,
  settleConflicts,
  submissionRows,
  type ParsedSheet,
  type RowChange,
  type SheetMetadata,
  type StatusVocabulary,
} from "../schema/index.ts";
import type { ApiIssue, ConflictEntry, SubmissionAnswer, TaskRow } from "./api.ts";
import type { Choice, ViewIssue } from "./check.ts";
import type { Msg } from "./i18n.ts";

export type State =
  | { kind: "idle" }
  | { kind: "preview"; rows: RowChange[]; current: Map<number, TaskRow> }
  | { kind: "sending" }
  | ConflictState
  | { kind: "network"; rows: RowChange[]; key: string; tookTheirs: ConflictEntry[] }
  | DoneState
  | FailedState;

export interface ConflictState {
  kind: "conflict";
  rows: RowChange[];
  conflicts: ConflictEntry[];
  choices: Map<number, Choice>;
  note: Msg | null;
}

export interface DoneState {
  kind: "done";
  answer: SubmissionAnswer | null;
  tookTheirs: ConflictEntry[];
}

export interface FailedState {
  kind: "failed";
  message: Msg;
  issues: ViewIssue[];
}

/** The submission's body; a coordinator names the unit, a reporter's is implied. */
export function submissionBody(rows: RowChange[], unit: string | null) {
  return { ...(unit !== null ? { unit } : {}), rows: submissionRows(rows) };
}

/** Changed on the server since the sheet was pulled, to something else than the sheet holds. */
export function isStale(
  now: TaskRow | undefined,
  row: RowChange,
  vocabulary: StatusVocabulary,
): now is TaskRow {
  return (
    now !== undefined &&
    now.version !== row.baseVersion &&
    !(now.status === canonicalStatus(row.status, vocabulary) && now.progress === row.progress)
  );
}

/**
 * After every conflict is chosen: the rows to send again, those given up to theirs, and the metadata
 * where the sheet's content of those counts as seen at their version (so it is not sent again).
 */
export function settle(
  s: ConflictState,
  sheet: ParsedSheet,
  metadata: SheetMetadata,
): { rows: RowChange[]; tookTheirs: ConflictEntry[]; metadata: SheetMetadata } {
  const { resubmit: rows, takeTheirs: tookTheirs } = settleConflicts(s.rows, s.conflicts, s.choices);
  const bySeq = new Map(sheet.rows.map((r) => [r.seq, r]));
  const seen = recordVersions(
    metadata,
    tookTheirs.map((c) => ({
      seq: c.seq,
      version: c.theirs.version,
      status: bySeq.get(c.seq)?.status ?? "",
      progress: bySeq.get(c.seq)?.progress ?? "",
    })),
  );
  return { rows, tookTheirs, metadata: seen };
}

/** What a failed submission means for the page. */
export type Refusal =
  | { kind: "network" }
  | { kind: "conflict"; conflicts: ConflictEntry[] }
  | { kind: "invalid"; detail: Bilingual; issues: ApiIssue[] }
  | { kind: "locked" }
  | { kind: "forbidden"; detail: Bilingual }
  | { kind: "other" };

export function refusalOf(error: unknown): Refusal {
  if (error instanceof NetworkError) return { kind: "network" };
  if (!(error instanceof ApiError)) return { kind: "other" };
  switch (error.status) {
    case 409:
      return error.conflicts.length > 0
        ? { kind: "conflict", conflicts: error.conflicts }
        : { kind: "other" };
    case 422:
      return { kind: "invalid", detail: error.detail, issues: error.issues };
    case 423:
      return { kind: "locked" };
    case 403:
      return { kind: "forbidden", detail: error.detail };
  }
  return { kind: "other" };
}
