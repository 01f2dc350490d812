// 一键报送 in the pane: check and preview, confirm, and every answer the server can give (saved, a
// conflict to settle row by row, locked, rejected, refused, offline with a retry of the same attempt).
import {
  confirmSubmission,
  conflictState,
  prepareSubmission,
  resolveConflicts,
  type ConflictState,
  type PendingSubmission,
  type PrepareResult,
  type SendResult,
} from "../actions/submit.ts";
import { t } from "../i18n.ts";
import { issueList, type IssueItem } from "../logic/check.ts";
import type { Choice } from "../logic/submit.ts";
import type { Pane } from "../pane.ts";
import { replaceChildren } from "../views/dom.ts";
import { conflictView, issueListView, previewView, resultView, retryView } from "../views/lists.ts";
import { pick } from "./sheet.ts";

export async function prepareSubmit(pane: Pane): Promise<void> {
  await pane.perform("busyPrepare", async () => {
    pane.state.pending = null;
    pane.state.conflict = null;
    replaceChildren(pane.output);
    showPrepared(pane, await prepareSubmission(pane.env()));
  });
}

function showPrepared(pane: Pane, result: PrepareResult): void {
  const { lang, state } = pane;
  switch (result.kind) {
    case "empty":
      return pane.say({ kind: "info", text: t(lang, "emptySheet") });
    case "not-pulled":
      return pane.say({ kind: "error", text: t(lang, "notPulled") });
    case "merged":
      return pane.say({ kind: "error", text: t(lang, "mergedSheet") });
    case "damaged":
      return pane.say({ kind: "error", text: t(lang, "metadataDamaged", { reason: result.reason }) });
    case "invalid": {
      state.lastSheetId = result.sheetId;
      const view = issueList(result.issues, lang);
      pane.showIssues(view);
      return pane.say({ kind: "error", text: t(lang, "refuseErrors", { count: view.counts.error }) });
    }
    case "nothing":
      if (result.issues.length > 0) pane.showIssues(issueList(result.issues, lang));
      return pane.say({ kind: "info", text: t(lang, "nothingChanged") });
    case "preview": {
      const pending = result.pending;
      state.pending = pending;
      state.lastSheetId = pending.sheetId;
      replaceChildren(
        pane.output,
        previewView(
          pending.preview,
          lang,
          () => void confirmSubmit(pane, pending),
          () => cancelSubmit(pane),
        ),
        result.issues.length > 0
          ? issueListView(issueList(result.issues, lang), lang, (item) => void pick(pane, item))
          : null,
      );
      return pane.say({ kind: "info", text: t(lang, "previewTitle", { count: pending.changes.length }) });
    }
  }
}

function cancelSubmit(pane: Pane): void {
  pane.state.pending = null;
  replaceChildren(pane.output);
  pane.say({ kind: "info", text: "" });
}

async function confirmSubmit(pane: Pane, pending: PendingSubmission): Promise<void> {
  await pane.perform("busySubmit", async () => {
    const result = await confirmSubmission(pane.env(), pending);
    showSendResult(pane, result, pending, () => void confirmSubmit(pane, pending));
  });
}

function showSendResult(pane: Pane, result: SendResult, pending: PendingSubmission, retry: () => void): void {
  const { lang, state } = pane;
  switch (result.kind) {
    case "submitted": {
      state.pending = null;
      state.conflict = null;
      replaceChildren(pane.output, resultView(result.answer, lang));
      const changed = result.answer.rows.filter((r) => r.changed).length;
      const text = result.replayed ? t(lang, "submittedReplayed") : t(lang, "submitted", { changed });
      return pane.say({ kind: "success", text });
    }
    case "conflict":
      state.conflict = conflictState(pending, result.conflicts);
      showConflicts(pane);
      return pane.say({
        kind: "error",
        text: t(lang, "conflictNotSaved", { count: result.conflicts.length }),
      });
    case "locked":
      replaceChildren(pane.output);
      return pane.say({ kind: "error", text: t(lang, "periodLocked", { period: pending.metadata.period }) });
    case "rejected":
      return showRejected(pane, result);
    case "refused": {
      replaceChildren(pane.output);
      const key = result.status === 403 ? "forbidden" : "serverRejected";
      return pane.say({ kind: "error", text: t(lang, key, { detail: result.detail[lang] }) });
    }
    case "network":
      // Nothing was written to the sheet; the same attempt (same Idempotency-Key) can be retried.
      replaceChildren(pane.output, retryView(lang, retry));
      return pane.say({ kind: "error", text: t(lang, "networkFailed") });
  }
}

/** The server's own validation refused rows (422): its issues in the list. */
function showRejected(pane: Pane, result: Extract<SendResult, { kind: "rejected" }>): void {
  const items: IssueItem[] = result.issues.map((issue, i) => ({
    id: `server-${i}`,
    severity: "error",
    cell: issue.cell ?? null,
    seq: issue.seq,
    text: issue.seq !== null ? `${issue.seq}: ${issue.message}` : issue.message,
    suggestion: null,
  }));
  pane.showIssues({ counts: { error: items.length, warning: 0, info: 0 }, items });
  pane.say({
    kind: "error",
    text: `${t(pane.lang, "serverIssues", { count: items.length })} ${result.detail[pane.lang]}`,
  });
}

function showConflicts(pane: Pane): void {
  const state = pane.state.conflict;
  if (!state) return;
  const tasks = new Map(state.pending.preview.map((p) => [p.seq, p.task]));
  replaceChildren(
    pane.output,
    conflictView(
      state.conflicts,
      state.choices,
      tasks,
      pane.lang,
      (seq, choice) => void choose(pane, seq, choice),
    ),
  );
}

async function choose(pane: Pane, seq: number, choice: Choice): Promise<void> {
  const state = pane.state.conflict;
  if (!state || pane.isBusy()) return;
  state.choices.set(seq, choice);
  showConflicts(pane);
  if (!state.conflicts.every((c) => state.choices.has(c.seq))) return;
  await resolve(pane, state);
}

async function resolve(pane: Pane, state: ConflictState): Promise<void> {
  const { lang } = pane;
  await pane.perform("busySubmit", async () => {
    const result = await resolveConflicts(pane.env(), state);
    if (result.kind === "incomplete") return;
    if (result.kind === "resolved") {
      pane.state.conflict = null;
      pane.state.pending = null;
      replaceChildren(pane.output, result.answer ? resultView(result.answer, lang) : null);
      pane.say({
        kind: "success",
        text: t(lang, "conflictResolved", { kept: result.kept, taken: result.taken }),
      });
      return;
    }
    if (result.kind === "network") {
      replaceChildren(
        pane.output,
        retryView(lang, () => void resolve(pane, state)),
      );
      pane.say({ kind: "error", text: t(lang, "networkFailed") });
      return;
    }
    showSendResult(pane, result, state.pending, () => void resolve(pane, state));
  });
}
