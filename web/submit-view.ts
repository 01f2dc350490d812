// Submitting an uploaded sheet: preview of the rows that change, the all-or-nothing submission,
// conflicts (mine vs theirs, keep mine / take theirs), locked periods, network failures and retries.
import { splitDetail } from "../schema/api.ts";
import {
  canonicalStatus,
  recordVersions,
  settleConflicts,
  type RowChange,
  type SheetMetadata,
} from "../schema/index.ts";
import {
  ApiError,
  NetworkError,
  api,
  type ConflictEntry,
  type SubmissionAnswer,
  type TaskRow,
  type TasksAnswer,
} from "./api.ts";
import {
  countIssues,
  fromApiIssue,
  pendingChanges,
  type CheckedUpload,
  type Choice,
  type ViewIssue,
} from "./check.ts";
import { newIdempotencyKey } from "../client/idempotency.ts";
import { formatTime, h, replace } from "./dom.ts";
import { explain } from "./explain.ts";
import { join, msg, pick, t, type Msg } from "./i18n.ts";

type State =
  | { kind: "idle" }
  | { kind: "preview"; rows: RowChange[]; current: Map<number, TaskRow> }
  | { kind: "sending" }
  | {
      kind: "conflict";
      rows: RowChange[];
      conflicts: ConflictEntry[];
      choices: Map<number, Choice>;
      note: Msg | null;
    }
  | { kind: "network"; rows: RowChange[]; key: string; tookTheirs: ConflictEntry[] }
  | { kind: "done"; answer: SubmissionAnswer | null; tookTheirs: ConflictEntry[] }
  | { kind: "failed"; message: Msg; issues: ViewIssue[] };

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
    const locked = this.host.periodLocked();
    const blocked =
      errors > 0
        ? t("submit.blocked", { n: errors })
        : locked
          ? t("submit.locked", { period: this.host.periodId })
          : null;
    const busy = s.kind === "sending";
    const button = h(
      "button",
      {
        type: "button",
        class: "primary",
        "data-testid": "submit",
        disabled: blocked !== null || busy || s.kind === "preview" || s.kind === "conflict",
        "aria-describedby": blocked ? "submit-blocked" : null,
        onclick: () => void this.openPreview(),
      },
      t("submit.button"),
    );
    replace(
      this.container,
      h(
        "div",
        { class: "submit-row" },
        button,
        blocked
          ? h("p", { id: "submit-blocked", class: "blocked", "data-testid": "submit-blocked" }, blocked)
          : null,
      ),
      this.body(),
    );
  }

  private body(): HTMLElement | null {
    const s = this.state;
    switch (s.kind) {
      case "idle":
        return null;
      case "sending":
        return h("p", { class: "busy", role: "status", "data-testid": "submit-busy" }, t("submit.busy"));
      case "preview":
        return this.previewView(s.rows, s.current);
      case "conflict":
        return this.conflictView(s);
      case "network":
        return h(
          "div",
          {
            class: "panel error",
            role: "alert",
            "data-testid": "submit-network",
            tabindex: "-1",
            "data-focus": true,
          },
          h("p", {}, t("submit.network")),
          h(
            "button",
            {
              type: "button",
              "data-testid": "submit-retry",
              onclick: () => void this.send(s.rows, s.key, s.tookTheirs),
            },
            t("submit.retry"),
          ),
        );
      case "done": {
        const changed = s.answer?.rows.filter((r) => r.changed).length ?? 0;
        const same = (s.answer?.rows.length ?? 0) - changed;
        return h(
          "div",
          {
            class: "panel ok",
            role: "status",
            "data-testid": "submit-done",
            tabindex: "-1",
            "data-focus": true,
          },
          h("p", {}, t("submit.done", { changed, same: same > 0 ? msg("submit.same", { n: same }) : "" })),
          s.answer && s.answer.rows.length > 0
            ? h(
                "p",
                { class: "versions" },
                s.answer.rows.map((r) => `${t("preview.seq")} ${r.seq} → v${r.version}`).join(" · "),
              )
            : null,
          s.tookTheirs.length > 0
            ? h("p", {}, t("conflict.tookTheirs", { seqs: s.tookTheirs.map((c) => c.seq).join("、") }))
            : null,
          h(
            "p",
            { class: "hint" },
            t("submit.redownload"),
            " ",
            h(
              "button",
              { type: "button", "data-testid": "redownload", onclick: () => this.host.redownload() },
              t("step.download"),
            ),
          ),
        );
      }
      case "failed":
        return h(
          "div",
          {
            class: "panel error",
            role: "alert",
            "data-testid": "submit-failed",
            tabindex: "-1",
            "data-focus": true,
          },
          h("p", {}, pick(s.message)),
          s.issues.length > 0
            ? h(
                "ul",
                {},
                s.issues.map((i) =>
                  h(
                    "li",
                    {},
                    i.cell
                      ? h(
                          "button",
                          {
                            type: "button",
                            class: "link",
                            "data-cell": i.cell,
                            onclick: () => this.host.pickIssue(i),
                          },
                          i.cell,
                        )
                      : `${t("preview.seq")} ${i.seq ?? ""}`,
                    ` ${pick(i.message)}`,
                  ),
                ),
              )
            : null,
        );
    }
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
    this.container.querySelector<HTMLElement>("[data-focus]")?.focus();
  }

  private previewView(rows: RowChange[], current: Map<number, TaskRow>): HTMLElement {
    const vocabulary = this.host.checked.answer.context.vocabulary;
    const cancel = () => {
      this.state = { kind: "idle" };
      this.render();
      this.container.querySelector<HTMLElement>("[data-testid=submit]")?.focus();
    };
    const text = (status: string, progress: string) =>
      status === "" && progress === ""
        ? h("em", {}, t("preview.empty"))
        : h("div", {}, h("strong", {}, status), h("div", { class: "pre" }, progress));
    return h(
      "section",
      {
        class: "panel preview",
        "data-testid": "preview",
        "aria-labelledby": "preview-title",
        onkeydown: (e: Event) => {
          if ((e as KeyboardEvent).key === "Escape") cancel();
        },
      },
      h(
        "h3",
        { id: "preview-title", tabindex: "-1", "data-focus": true },
        t("preview.title", { n: rows.length }),
      ),
      h("p", { class: "hint" }, t("preview.allOrNothing")),
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          {
            type: "button",
            class: "primary",
            "data-testid": "preview-confirm",
            onclick: () => void this.send(rows, newIdempotencyKey("web"), []),
          },
          t("preview.confirm"),
        ),
        h(
          "button",
          { type: "button", "data-testid": "preview-cancel", onclick: cancel },
          t("preview.cancel"),
        ),
      ),
      h(
        "div",
        { class: "scroll" },
        h(
          "table",
          { class: "diff", "data-testid": "preview-table" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, t("preview.seq")),
              h("th", { scope: "col" }, t("preview.task")),
              h("th", { scope: "col" }, t("preview.current")),
              h("th", { scope: "col" }, t("preview.mine")),
            ),
          ),
          h(
            "tbody",
            {},
            rows.map((r) => {
              const now = current.get(r.seq);
              const stale =
                now !== undefined &&
                now.version !== r.baseVersion &&
                !(now.status === canonicalStatus(r.status, vocabulary) && now.progress === r.progress);
              return h(
                "tr",
                { "data-seq": r.seq, "data-testid": "preview-row", class: stale ? "stale" : null },
                h("th", { scope: "row" }, String(r.seq)),
                h("td", { class: "task" }, now?.task ?? ""),
                h(
                  "td",
                  {},
                  now ? text(now.status, now.progress) : "",
                  stale
                    ? h(
                        "p",
                        { class: "warn" },
                        t("preview.changedBy", { by: now.updatedBy ?? "", at: formatTime(now.updatedAt) }),
                      )
                    : null,
                ),
                h("td", {}, text(canonicalStatus(r.status, vocabulary), r.progress)),
              );
            }),
          ),
        ),
      ),
    );
  }

  private conflictView(s: Extract<State, { kind: "conflict" }>): HTMLElement {
    const choose = (seq: number, choice: Choice) => {
      s.choices.set(seq, choice);
      s.note = null;
      this.render();
      this.container.querySelector<HTMLElement>(`input[name="choice-${seq}"][value="${choice}"]`)?.focus();
    };
    const all = (choice: Choice) => {
      for (const c of s.conflicts) s.choices.set(c.seq, choice);
      s.note = null;
      this.render();
    };
    const side = (status: string, progress: string) =>
      h("div", {}, h("strong", {}, status || "—"), h("div", { class: "pre" }, progress));
    return h(
      "section",
      {
        class: "panel conflict",
        role: "alert",
        "data-testid": "conflicts",
        "aria-labelledby": "conflict-title",
      },
      h(
        "h3",
        { id: "conflict-title", tabindex: "-1", "data-focus": true },
        t("conflict.title", { n: s.conflicts.length }),
      ),
      h("p", {}, t("conflict.explain")),
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          { type: "button", "data-testid": "conflict-all-mine", onclick: () => all("mine") },
          t("conflict.allMine"),
        ),
        h(
          "button",
          { type: "button", "data-testid": "conflict-all-theirs", onclick: () => all("theirs") },
          t("conflict.allTheirs"),
        ),
      ),
      s.conflicts.map((c) => {
        const mine = s.rows.find((r) => r.seq === c.seq);
        const name = `choice-${c.seq}`;
        return h(
          "fieldset",
          { class: "conflict-row", "data-testid": "conflict", "data-seq": c.seq },
          h("legend", {}, t("conflict.row", { seq: c.seq })),
          h(
            "div",
            { class: "sides" },
            h(
              "div",
              { class: "mine" },
              h("h4", {}, t("conflict.mine")),
              side(mine?.status ?? "", mine?.progress ?? ""),
            ),
            h(
              "div",
              { class: "theirs" },
              h(
                "h4",
                {},
                t("conflict.theirs", {
                  by: c.theirs.updatedBy ?? "",
                  at: formatTime(c.theirs.updatedAt),
                  version: c.theirs.version,
                }),
                c.theirs.updatedBy === this.host.username ? ` ${t("conflict.ownEarlier")}` : "",
              ),
              side(c.theirs.status, c.theirs.progress),
            ),
          ),
          h(
            "div",
            { class: "choices", role: "radiogroup", "aria-label": t("conflict.row", { seq: c.seq }) },
            (["mine", "theirs"] as const).map((choice) =>
              h(
                "label",
                {},
                h("input", {
                  type: "radio",
                  name,
                  value: choice,
                  "data-testid": `conflict-${choice}-${c.seq}`,
                  checked: s.choices.get(c.seq) === choice,
                  onchange: () => choose(c.seq, choice),
                }),
                ` ${t(choice === "mine" ? "conflict.keepMine" : "conflict.takeTheirs")}`,
              ),
            ),
          ),
        );
      }),
      s.note ? h("p", { class: "blocked", role: "alert" }, pick(s.note)) : null,
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          {
            type: "button",
            class: "primary",
            "data-testid": "conflict-continue",
            onclick: () => void this.continueAfterConflict(s),
          },
          t("conflict.continue"),
        ),
      ),
    );
  }

  private async continueAfterConflict(s: Extract<State, { kind: "conflict" }>): Promise<void> {
    const left = s.conflicts.filter((c) => !s.choices.has(c.seq)).length;
    if (left > 0) {
      s.note = msg("conflict.chooseAll", { n: left });
      this.render();
      return;
    }
    const { resubmit: rows, takeTheirs: tookTheirs } = settleConflicts(s.rows, s.conflicts, s.choices);
    // Rows given up to theirs: this sheet's content now counts as seen at their version, so it is not sent again.
    const sheet = new Map(this.host.checked.parsed.rows.map((r) => [r.seq, r]));
    this.metadata = recordVersions(
      this.metadata,
      tookTheirs.map((c) => ({
        seq: c.seq,
        version: c.theirs.version,
        status: sheet.get(c.seq)?.status ?? "",
        progress: sheet.get(c.seq)?.progress ?? "",
      })),
    );
    if (rows.length === 0) {
      this.state = { kind: "done", answer: null, tookTheirs };
      this.render();
      this.container.querySelector<HTMLElement>("[data-focus]")?.focus();
      return;
    }
    await this.send(rows, newIdempotencyKey("web"), tookTheirs);
  }

  /** One submission attempt; a retry after a network failure sends the same body with the same key. */
  private async send(rows: RowChange[], key: string, tookTheirs: ConflictEntry[]): Promise<void> {
    this.state = { kind: "sending" };
    this.render();
    const body = {
      ...(this.host.namesUnit ? { unit: this.host.unit } : {}),
      rows: rows.map((r) => ({
        seq: r.seq,
        status: r.status,
        progress: r.progress,
        baseVersion: r.baseVersion,
      })),
    };
    try {
      const answer = await api.post<SubmissionAnswer>(
        `/periods/${encodeURIComponent(this.host.periodId)}/submissions`,
        body,
        { "idempotency-key": key },
      );
      const versions = new Map(answer.rows.map((r) => [r.seq, r.version]));
      this.metadata = recordVersions(
        this.metadata,
        rows.map((r) => ({
          seq: r.seq,
          version: versions.get(r.seq) ?? r.baseVersion,
          status: r.status,
          progress: r.progress,
        })),
      );
      this.state = { kind: "done", answer, tookTheirs };
    } catch (error) {
      this.state = this.failure(error, rows, key, tookTheirs);
    }
    this.render();
    this.container.querySelector<HTMLElement>("[data-focus]")?.focus();
  }

  private failure(error: unknown, rows: RowChange[], key: string, tookTheirs: ConflictEntry[]): State {
    if (error instanceof NetworkError) return { kind: "network", rows, key, tookTheirs };
    if (!(error instanceof ApiError))
      return { kind: "failed", message: explain(error, "what.submit"), issues: [] };
    const p = error.problem;
    const detail = splitDetail(p.detail);
    switch (p.status) {
      case 409:
        if (p.conflicts && p.conflicts.length > 0)
          return { kind: "conflict", rows, conflicts: p.conflicts, choices: new Map(), note: null };
        break;
      case 422: {
        const issues = (p.issues ?? []).map((i) => fromApiIssue(i, "server", this.host.checked.parsed));
        if (issues.some((i) => i.cell)) this.host.showServerIssues(issues);
        return { kind: "failed", message: join(msg("submit.invalid"), " ", detail), issues };
      }
      case 423:
        this.host.onLocked();
        return {
          kind: "failed",
          message: msg("submit.lockedNow", { period: this.host.periodId }),
          issues: [],
        };
      case 403:
        return { kind: "failed", message: msg("submit.forbidden", { detail }), issues: [] };
    }
    return { kind: "failed", message: explain(error, "what.submit"), issues: [] };
  }
}
