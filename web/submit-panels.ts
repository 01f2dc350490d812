// What the submission shows: the submit button, the preview of the rows that change, the conflicts
// (mine vs theirs), and the network, done and failed panels. Views only: each takes its state and
// the actions its buttons call.
import { canonicalStatus, type RowChange, type StatusVocabulary } from "../schema/index.ts";
import type { ConflictEntry, TaskRow } from "./api.ts";
import type { Choice, ViewIssue } from "./check.ts";
import { formatTime, h } from "./dom.ts";
import { msg, pick, t } from "./i18n.ts";
import { isStale, type ConflictState, type DoneState, type FailedState } from "./submit-state.ts";

/** The submit button, and why it is blocked when it is. */
export function submitRow(blocked: string | null, disabled: boolean, open: () => void): HTMLElement {
  const button = h(
    "button",
    {
      type: "button",
      class: "primary",
      "data-testid": "submit",
      disabled: blocked !== null || disabled,
      "aria-describedby": blocked ? "submit-blocked" : null,
      onclick: open,
    },
    t("submit.button"),
  );
  return h(
    "div",
    { class: "submit-row" },
    button,
    blocked
      ? h("p", { id: "submit-blocked", class: "blocked", "data-testid": "submit-blocked" }, blocked)
      : null,
  );
}

export function busyPanel(): HTMLElement {
  return h("p", { class: "busy", role: "status", "data-testid": "submit-busy" }, t("submit.busy"));
}

/** A panel that takes the focus when shown. */
function focusPanel(kind: "ok" | "error", testid: string, ...children: (HTMLElement | null)[]): HTMLElement {
  const attributes = {
    class: `panel ${kind}`,
    role: kind === "ok" ? "status" : "alert",
    "data-testid": testid,
  };
  return h("div", { ...attributes, tabindex: "-1", "data-focus": true }, ...children);
}

export function networkPanel(retry: () => void): HTMLElement {
  return focusPanel(
    "error",
    "submit-network",
    h("p", {}, t("submit.network")),
    h("button", { type: "button", "data-testid": "submit-retry", onclick: retry }, t("submit.retry")),
  );
}

export function donePanel(s: DoneState, redownload: () => void): HTMLElement {
  const changed = s.answer?.rows.filter((r) => r.changed).length ?? 0;
  const same = (s.answer?.rows.length ?? 0) - changed;
  return focusPanel(
    "ok",
    "submit-done",
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
      h("button", { type: "button", "data-testid": "redownload", onclick: redownload }, t("step.download")),
    ),
  );
}

export function failedPanel(s: FailedState, pickIssue: (issue: ViewIssue) => void): HTMLElement {
  const where = (i: ViewIssue) =>
    i.cell
      ? h(
          "button",
          { type: "button", class: "link", "data-cell": i.cell, onclick: () => pickIssue(i) },
          i.cell,
        )
      : `${t("preview.seq")} ${i.seq ?? ""}`;
  return focusPanel(
    "error",
    "submit-failed",
    h("p", {}, pick(s.message)),
    s.issues.length > 0
      ? h(
          "ul",
          {},
          s.issues.map((i) => h("li", {}, where(i), ` ${pick(i.message)}`)),
        )
      : null,
  );
}

export interface PreviewActions {
  confirm(): void;
  cancel(): void;
}

/** The rows that change: the server's current text beside mine, stale rows marked. */
export function previewPanel(
  rows: RowChange[],
  current: Map<number, TaskRow>,
  vocabulary: StatusVocabulary,
  actions: PreviewActions,
): HTMLElement {
  return h(
    "section",
    {
      class: "panel preview",
      "data-testid": "preview",
      "aria-labelledby": "preview-title",
      onkeydown: (e: Event) => {
        if ((e as KeyboardEvent).key === "Escape") actions.cancel();
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
        { type: "button", class: "primary", "data-testid": "preview-confirm", onclick: actions.confirm },
        t("preview.confirm"),
      ),
      h(
        "button",
        { type: "button", "data-testid": "preview-cancel", onclick: actions.cancel },
        t("preview.cancel"),
      ),
    ),
    h("div", { class: "scroll" }, previewTable(rows, current, vocabulary)),
  );
}

function previewTable(
  rows: RowChange[],
  current: Map<number, TaskRow>,
  vocabulary: StatusVocabulary,
): HTMLElement {
  const text = (status: string, progress: string) =>
    status === "" && progress === ""
      ? h("em", {}, t("preview.empty"))
      : h("div", {}, h("strong", {}, status), h("div", { class: "pre" }, progress));
  const row = (r: RowChange) => {
    const now = current.get(r.seq);
    const stale = isStale(now, r, vocabulary);
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
  };
  return h(
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
    h("tbody", {}, rows.map(row)),
  );
}

export interface ConflictActions {
  choose(seq: number, choice: Choice): void;
  all(choice: Choice): void;
  continue(): void;
}

/** Each conflicting row, mine beside theirs, with keep mine / take theirs. */
export function conflictPanel(s: ConflictState, username: string, actions: ConflictActions): HTMLElement {
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
        { type: "button", "data-testid": "conflict-all-mine", onclick: () => actions.all("mine") },
        t("conflict.allMine"),
      ),
      h(
        "button",
        { type: "button", "data-testid": "conflict-all-theirs", onclick: () => actions.all("theirs") },
        t("conflict.allTheirs"),
      ),
    ),
    s.conflicts.map((c) => conflictRow(s, c, username, actions)),
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
          onclick: () => actions.continue(),
        },
        t("conflict.continue"),
      ),
    ),
  );
}

function conflictRow(
  s: ConflictState,
  c: ConflictEntry,
  username: string,
  actions: ConflictActions,
): HTMLElement {
  const mine = s.rows.find((r) => r.seq === c.seq);
  const side = (status: string, progress: string) =>
    h("div", {}, h("strong", {}, status || "—"), h("div", { class: "pre" }, progress));
  const theirs = t("conflict.theirs", {
    by: c.theirs.updatedBy ?? "",
    at: formatTime(c.theirs.updatedAt),
    version: c.theirs.version,
  });
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
        h("h4", {}, theirs, c.theirs.updatedBy === username ? ` ${t("conflict.ownEarlier")}` : ""),
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
            name: `choice-${c.seq}`,
            value: choice,
            "data-testid": `conflict-${choice}-${c.seq}`,
            checked: s.choices.get(c.seq) === choice,
            onchange: () => actions.choose(c.seq, choice),
          }),
          ` ${t(choice === "mine" ? "conflict.keepMine" : "conflict.takeTheirs")}`,
        ),
      ),
    ),
  );
}
