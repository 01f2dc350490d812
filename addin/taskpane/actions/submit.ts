// 一键报送: validate first and refuse on errors; preview the rows changed since the pull; send them
// with an Idempotency-Key per attempt (reused on a retry after a network failure); on a conflict let
// the reporter choose per row. Excel syncs: prepare 1–2, confirm 1 (≤ 3 for the whole submission).
import { parse, type ParsedSheet } from "../../../schema/layout.ts";
import {
  afterSubmit,
  changedRows,
  submissionRows,
  type RowChange,
  type SheetMetadata,
} from "../../../schema/metadata.ts";
import type { Issue } from "../../../schema/validate.ts";
import { hasErrors } from "../../../schema/validate.ts";
import { ApiError, NetworkError, type Bilingual } from "../../../client/errors.ts";
import { newIdempotencyKey } from "../../../client/idempotency.ts";
import type { ApiIssue, Conflict, SubmissionAnswer } from "../../../schema/api.ts";
import { afterTakeTheirs, previewItems, type PreviewItem } from "../logic/submit.ts";
import { settleConflicts, type Choice } from "../../../schema/conflicts.ts";
import { hostOf, type ActionEnv } from "./env.ts";
import { inspectActiveSheet, queueInspectionHighlights } from "./inspect.ts";

/** A submission waiting for the reporter's confirmation (or a retry). */
export interface PendingSubmission {
  sheetId: string;
  sheetName: string;
  metadata: SheetMetadata;
  slot: number;
  /** Rows in use on the metadata sheet when read (to clear the block's old rows). */
  metadataRows: number;
  changes: RowChange[];
  preview: PreviewItem[];
  /** One key per attempt: a retry after a network failure sends the same key, so nothing is applied twice. */
  idempotencyKey: string;
}

export type PrepareResult =
  | { kind: "empty" }
  | { kind: "not-pulled" }
  | { kind: "merged" }
  | { kind: "damaged"; reason: string }
  | { kind: "invalid"; issues: Issue[]; parsed: ParsedSheet; sheetId: string; sheetName: string }
  | { kind: "nothing"; issues: Issue[] }
  | { kind: "preview"; pending: PendingSubmission; issues: Issue[]; parsed: ParsedSheet };

export async function prepareSubmission(env: ActionEnv): Promise<PrepareResult> {
  return hostOf(env).session(async (session): Promise<PrepareResult> => {
    const inspection = await inspectActiveSheet(session, env);
    const { active, check, record } = inspection;
    if (active.grid.length === 0) return { kind: "empty" };
    if (record?.damaged) return { kind: "damaged", reason: record.damaged };
    const metadata = inspection.metadata;
    if (metadata?.kind === "merged") return { kind: "merged" };
    // Highlights (and clearing old ones) go out before anything is decided: one more round trip at most.
    if (queueInspectionHighlights(session, inspection)) await session.flush();
    if (!metadata || inspection.slot === null) return { kind: "not-pulled" };
    if (hasErrors(check.issues)) {
      return {
        kind: "invalid",
        issues: check.issues,
        parsed: check.parsed,
        sheetId: active.id,
        sheetName: active.name,
      };
    }
    const changes = changedRows(check.parsed.rows, metadata);
    if (changes.length === 0) return { kind: "nothing", issues: check.issues };
    const pending: PendingSubmission = {
      sheetId: active.id,
      sheetName: active.name,
      metadata,
      slot: inspection.slot,
      metadataRows: inspection.book.rowCount,
      changes,
      preview: previewItems(changes, check.parsed.rows),
      idempotencyKey: newIdempotencyKey(),
    };
    return { kind: "preview", pending, issues: check.issues, parsed: check.parsed };
  });
}

export type SendResult =
  | { kind: "submitted"; answer: SubmissionAnswer; replayed: boolean }
  | { kind: "conflict"; conflicts: Conflict[] }
  | { kind: "locked"; detail: Bilingual }
  | { kind: "rejected"; detail: Bilingual; issues: ApiIssue[] }
  | { kind: "refused"; status: number; detail: Bilingual }
  | { kind: "network"; reason: "offline" | "timeout" };

/** Sends the pending rows; on success records the new versions in the sheet's metadata (1 sync). */
export async function confirmSubmission(env: ActionEnv, pending: PendingSubmission): Promise<SendResult> {
  const result = await send(env, pending, pending.changes, pending.idempotencyKey);
  if (result.kind !== "submitted") return result;
  const metadata = afterSubmit(pending.metadata, pending.changes, result.answer);
  await hostOf(env).session(async (session) => {
    session.writeMetadataOnly(pending.slot, metadata, pending.metadataRows);
    await session.flush();
  });
  pending.metadata = metadata;
  return result;
}

async function send(
  env: ActionEnv,
  pending: PendingSubmission,
  rows: readonly RowChange[],
  key: string,
): Promise<SendResult> {
  try {
    const body = {
      rows: submissionRows(rows),
      ...(pending.metadata.unit ? { unit: pending.metadata.unit } : {}),
    };
    const { answer, replayed } = await env.api.submitWithReplay(pending.metadata.period, body, key);
    return { kind: "submitted", answer, replayed };
  } catch (error) {
    if (error instanceof NetworkError) return { kind: "network", reason: error.reason };
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 409 && error.conflicts.length > 0)
      return { kind: "conflict", conflicts: error.conflicts };
    if (error.status === 423) return { kind: "locked", detail: error.detail };
    if (error.status === 422) return { kind: "rejected", detail: error.detail, issues: error.issues };
    return { kind: "refused", status: error.status, detail: error.detail };
  }
}

/** A conflict being settled: the reporter's choice per row, and the attempt key of the resubmission. */
export interface ConflictState {
  pending: PendingSubmission;
  conflicts: Conflict[];
  choices: Map<number, Choice>;
  idempotencyKey: string;
}

export function conflictState(pending: PendingSubmission, conflicts: Conflict[]): ConflictState {
  return { pending, conflicts, choices: new Map(), idempotencyKey: newIdempotencyKey() };
}

export type ResolveResult =
  | { kind: "incomplete" }
  | (SendResult & { kept: number; taken: number })
  | { kind: "resolved"; kept: number; taken: number; answer: SubmissionAnswer | null };

/**
 * Once every conflicting row has a choice: resends the batch (kept rows on the new version), and in one
 * host session writes the taken rows into the sheet, found by 序号, and records every new version. Taking
 * theirs is the reporter's own decision, so it is applied even when the resend fails; what is left to
 * send stays pending (a retry sends the same rows with the same key).
 * Excel syncs: 1 when nothing is taken, else 2 (read the sheet to find the rows, then write).
 */
export async function resolveConflicts(env: ActionEnv, state: ConflictState): Promise<ResolveResult> {
  const { pending } = state;
  const plan = settleConflicts(pending.changes, state.conflicts, state.choices);
  if (!plan.complete) return { kind: "incomplete" };
  const kept = state.conflicts.filter((c) => state.choices.get(c.seq) === "mine").length;
  const taken = plan.takeTheirs.length;
  const sent =
    plan.resubmit.length > 0 ? await send(env, pending, plan.resubmit, state.idempotencyKey) : null;
  const answer = sent?.kind === "submitted" ? sent.answer : null;
  if (answer || taken > 0) {
    let metadata = afterTakeTheirs(pending.metadata, plan.takeTheirs);
    if (answer) metadata = afterSubmit(metadata, plan.resubmit, answer);
    await hostOf(env).session(async (session) => {
      if (plan.takeTheirs.length > 0) {
        const sheet = await session.readSheet(pending.sheetId);
        const parsed = parse(sheet.grid, { origin: sheet.origin });
        const rowOf = new Map<number, number>();
        for (const row of parsed.rows)
          if (row.seq !== null && !rowOf.has(row.seq)) rowOf.set(row.seq, row.row);
        for (const conflict of plan.takeTheirs) {
          const row = rowOf.get(conflict.seq);
          if (row !== undefined)
            session.writeReportCells(
              pending.sheetId,
              row,
              { status: parsed.columns.status, progress: parsed.columns.progress },
              { status: conflict.theirs.status, progress: conflict.theirs.progress },
            );
        }
      }
      session.writeMetadataOnly(pending.slot, metadata, pending.metadataRows);
      await session.flush();
    });
    pending.metadata = metadata;
  }
  // Taken rows are settled; kept rows now carry the version they were resent on.
  pending.changes = plan.resubmit;
  if (sent && sent.kind !== "submitted") {
    if (sent.kind === "conflict") {
      state.conflicts = sent.conflicts;
      state.choices = new Map();
      state.idempotencyKey = newIdempotencyKey();
    }
    return { ...sent, kept, taken };
  }
  return { kind: "resolved", kept, taken, answer };
}
