// Submitting an uploaded sheet, the wiring: preview of the rows that change, the all-or-nothing
// submission, conflicts (keep mine / take theirs), locked periods, network failures and retries.
// What each state shows is in submit-panels.ts, the decisions in submit-state.ts.
import { afterSubmit, type RowChange, type SheetMetadata } from "../schema/index.ts";
import { newIdempotencyKey } from "../client/idempotency.ts";
import { api, type ConflictEntry, type SubmissionAnswer, type TaskRow, type TasksAnswer } from "./api.ts";
import {
  countIssues,
  fromApiIssue,
  pendingChanges,
  type CheckedUpload,
  type Choice,
  type ViewIssue,
} from "./check.ts";
import { replace } from "./dom.ts";
import { explain } from "./explain.ts";
import { join, msg, t } from "./i18n.ts";
import {
  busyPanel,
  conflictPanel,
  donePanel,
  failedPanel,
  networkPanel,
  previewPanel,
  submitRow,
} from "./submit-panels.ts";
import { refusalOf, settle, submissionBody, type ConflictState, type State } from "./submit-state.ts";

export interface SubmitHost {
  periodId: string;
  /** The signed-in user, to tell a conflict with one's own earlier submission. */
  username: string;
  periodLocked: () => boolean;
  /** The unit the rows belong to. */
  unit: string;
  /** A coordinator names the unit in the body; a reporter's is implied. */
  namesUnit: boolean;
  checked: CheckedUpload;
  metadata: SheetMetadata;
  /** The issue list shows a 422 answer's issues at their cells. */
  showServerIssues(issues: ViewIssue[]): void;
  pickIssue(issue: ViewIssue): void;
  onLocked(): void;
  /** Downloads my tasks again (fresh versions for the next round of edits). */
  redownload(): void;
}

export class SubmitFlow {
  private state: State = { kind: "idle" };
  private metadata: SheetMetadata;

  constructor(
    private readonly container: HTMLElement,
    private readonly host: SubmitHost,
  ) {
    this.metadata = host.metadata;
  }

  render(): void {
    const s = this.state;
    const errors = countIssues(this.host.checked.issues).error;
    const blocked =
      errors > 0
        ? t("submit.blocked", { n: errors })
        : this.host.periodLocked()
          ? t("submit.locked", { period: this.host.periodId })
          : null;
    const busy = s.kind === "sending" || s.kind === "preview" || s.kind === "conflict";
    replace(
      this.container,
      submitRow(blocked, busy, () => void this.openPreview()),
      this.body(),
    );
  }

  private body(): HTMLElement | null {
    const s = this.state;
    switch (s.kind) {
      case "idle":
        return null;
      case "sending":
        return busyPanel();
      case "preview":
        return previewPanel(s.rows, s.current, this.host.checked.answer.context.vocabulary, {
          confirm: () => void this.send(s.rows, newIdempotencyKey("web"), []),
          cancel: () => this.cancelPreview(),
        });
      case "conflict":
        return conflictPanel(s, this.host.username, {
          choose: (seq, choice) => this.choose(s, seq, choice),
          all: (choice) => this.chooseAll(s, choice),
          continue: () => void this.continueAfterConflict(s),
        });
      case "network":
        return networkPanel(() => void this.send(s.rows, s.key, s.tookTheirs));
      case "done":
        return donePanel(s, () => this.host.redownload());
      case "failed":
        return failedPanel(s, (issue) => this.host.pickIssue(issue));
    }
  }

  private focus(selector = "[data-focus]"): void {
    this.container.querySelector<HTMLElement>(selector)?.focus();
  }

  private async openPreview(): Promise<void> {
    const rows = pendingChanges(this.host.checked.parsed, this.metadata);
    if (rows.length === 0) {
      this.state = { kind: "failed", message: msg("submit.nothing"), issues: [] };
      this.render();
      return;
    }
    // The server's current rows: what will be overwritten, and an early hint of conflicts.
    const query = this.host.namesUnit
      ? `?scope=mine&unit=${encodeURIComponent(this.host.unit)}`
      : "?scope=mine";
    let current = new Map<number, TaskRow>();
    try {
      const tasks = await api.get<TasksAnswer>(
        `/periods/${encodeURIComponent(this.host.periodId)}/tasks${query}`,
      );
      current = new Map(tasks.rows.map((r) => [r.seq, r]));
    } catch (error) {
      this.state = { kind: "failed", message: explain(error, "what.submit"), issues: [] };
      this.render();
      return;
    }
    this.state = { kind: "preview", rows, current };
    this.render();
    this.focus();
  }

  private cancelPreview(): void {
    this.state = { kind: "idle" };
    this.render();
    this.focus("[data-testid=submit]");
  }

  private choose(s: ConflictState, seq: number, choice: Choice): void {
    s.choices.set(seq, choice);
    s.note = null;
    this.render();
    this.focus(`input[name="choice-${seq}"][value="${choice}"]`);
  }

  private chooseAll(s: ConflictState, choice: Choice): void {
    for (const c of s.conflicts) s.choices.set(c.seq, choice);
    s.note = null;
    this.render();
  }

  private async continueAfterConflict(s: ConflictState): Promise<void> {
    const left = s.conflicts.filter((c) => !s.choices.has(c.seq)).length;
    if (left > 0) {
      s.note = msg("conflict.chooseAll", { n: left });
      this.render();
      return;
    }
    const settled = settle(s, this.host.checked.parsed, this.metadata);
    this.metadata = settled.metadata;
    if (settled.rows.length === 0) {
      this.state = { kind: "done", answer: null, tookTheirs: settled.tookTheirs };
      this.render();
      this.focus();
      return;
    }
    await this.send(settled.rows, newIdempotencyKey("web"), settled.tookTheirs);
  }

  /** One submission attempt; a retry after a network failure sends the same body with the same key. */
  private async send(rows: RowChange[], key: string, tookTheirs: ConflictEntry[]): Promise<void> {
    this.state = { kind: "sending" };
    this.render();
    const body = submissionBody(rows, this.host.namesUnit ? this.host.unit : null);
    try {
      const answer = await api.request<SubmissionAnswer>(
        "POST",
        `/periods/${encodeURIComponent(this.host.periodId)}/submissions`,
        { json: body, idempotencyKey: key },
      );
      this.metadata = afterSubmit(this.metadata, rows, answer);
      this.state = { kind: "done", answer, tookTheirs };
    } catch (error) {
      this.state = this.failure(error, rows, key, tookTheirs);
    }
    this.render();
    this.focus();
  }

  private failure(error: unknown, rows: RowChange[], key: string, tookTheirs: ConflictEntry[]): State {
    const refusal = refusalOf(error);
    switch (refusal.kind) {
      case "network":
        return { kind: "network", rows, key, tookTheirs };
      case "conflict":
        return { kind: "conflict", rows, conflicts: refusal.conflicts, choices: new Map(), note: null };
      case "invalid": {
        const issues = refusal.issues.map((i) => fromApiIssue(i, "server", this.host.checked.parsed));
        if (issues.some((i) => i.cell)) this.host.showServerIssues(issues);
        return { kind: "failed", message: join(msg("submit.invalid"), " ", refusal.detail), issues };
      }
      case "locked":
        this.host.onLocked();
        return {
          kind: "failed",
          message: msg("submit.lockedNow", { period: this.host.periodId }),
          issues: [],
        };
      case "forbidden":
        return { kind: "failed", message: msg("submit.forbidden", { detail: refusal.detail }), issues: [] };
      case "other":
        return { kind: "failed", message: explain(error, "what.submit"), issues: [] };
    }
  }
}
