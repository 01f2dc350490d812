// The pane's result panels: issue list, preview, per-row results, conflicts, returns.
import type { Conflict, SubmissionAnswer } from "../../../schema/api.ts";
import { t, type Lang } from "../i18n.ts";
import type { IssueItem, IssueListView } from "../logic/check.ts";
import { shortTime } from "../logic/describe.ts";
import { clip, type Choice, type PreviewItem } from "../logic/submit.ts";
import { h } from "./dom.ts";

export function issueListView(
  view: IssueListView,
  lang: Lang,
  onPick: (item: IssueItem) => void,
): HTMLElement {
  const counts = h(
    "div",
    { testid: "issue-counts", class: "counts" },
    countBadge("error", t(lang, "countError"), view.counts.error),
    countBadge("warning", t(lang, "countWarning"), view.counts.warning),
    countBadge("info", t(lang, "countInfo"), view.counts.info),
  );
  const items = view.items.map((item) =>
    h(
      "li",
      {
        testid: "issue-item",
        class: `issue issue-${item.severity}${item.cell ? " clickable" : ""}`,
        attrs: {
          "data-severity": item.severity,
          "data-cell": item.cell,
          "data-seq": item.seq,
          tabindex: item.cell ? 0 : null,
          role: item.cell ? "button" : null,
        },
        on: {
          click: () => item.cell && onPick(item),
          keydown: (e) => {
            if (item.cell && (e.key === "Enter" || e.key === " ")) {
              e.preventDefault();
              onPick(item);
            }
          },
        },
      },
      h("span", { class: "cell" }, item.cell ?? "—"),
      h("span", { class: "text" }, item.text),
    ),
  );
  return h("section", { class: "panel" }, counts, h("ul", { testid: "issue-list", class: "list" }, items));
}

function countBadge(severity: string, label: string, count: number): HTMLElement {
  return h(
    "span",
    { class: `badge badge-${severity}`, attrs: { "data-severity": severity, "data-count": count } },
    `${label} ${count}`,
  );
}

export function previewView(
  items: readonly PreviewItem[],
  lang: Lang,
  onConfirm: () => void,
  onCancel: () => void,
): HTMLElement {
  return h(
    "section",
    { testid: "preview", class: "panel" },
    h("h3", {}, t(lang, "previewTitle", { count: items.length })),
    h(
      "ul",
      { class: "list" },
      items.map((item) =>
        h(
          "li",
          { testid: "preview-item", class: "row", attrs: { "data-seq": item.seq } },
          h(
            "div",
            { class: "row-head" },
            h("strong", {}, `${item.seq}`),
            " ",
            h("span", { class: "muted" }, clip(item.task, 40)),
            item.isNew ? h("span", { class: "tag" }, t(lang, "previewNew")) : null,
          ),
          h("div", {}, h("span", { class: "status" }, item.status), " ", clip(item.progress, 80)),
        ),
      ),
    ),
    h(
      "div",
      { class: "buttons" },
      h(
        "button",
        { testid: "confirm-submit", class: "primary", attrs: { type: "button" }, on: { click: onConfirm } },
        t(lang, "confirmSubmit"),
      ),
      h(
        "button",
        { testid: "cancel-submit", attrs: { type: "button" }, on: { click: onCancel } },
        t(lang, "cancel"),
      ),
    ),
  );
}

export function resultView(answer: SubmissionAnswer, lang: Lang): HTMLElement {
  return h(
    "section",
    { testid: "submit-result", class: "panel" },
    h(
      "ul",
      { class: "list" },
      answer.rows.map((row) =>
        h(
          "li",
          {
            testid: "result-item",
            class: "row",
            attrs: { "data-seq": row.seq, "data-changed": String(row.changed), "data-version": row.version },
          },
          h("strong", {}, `${row.seq}`),
          " ",
          row.changed ? t(lang, "resultSaved", { version: row.version }) : t(lang, "resultUnchanged"),
        ),
      ),
    ),
  );
}

export function retryView(lang: Lang, onRetry: () => void): HTMLElement {
  return h(
    "div",
    { class: "buttons" },
    h(
      "button",
      { testid: "retry-submit", class: "primary", attrs: { type: "button" }, on: { click: onRetry } },
      t(lang, "retry"),
    ),
  );
}

export function conflictView(
  conflicts: readonly Conflict[],
  choices: ReadonlyMap<number, Choice>,
  tasks: ReadonlyMap<number, string>,
  lang: Lang,
  onChoose: (seq: number, choice: Choice) => void,
): HTMLElement {
  return h(
    "section",
    { testid: "conflict-view", class: "panel conflict" },
    h("h3", {}, t(lang, "conflictTitle", { count: conflicts.length })),
    h(
      "ul",
      { class: "list" },
      conflicts.map((c) => conflictItem(c, choices.get(c.seq), tasks.get(c.seq) ?? "", lang, onChoose)),
    ),
  );
}

/** One conflicting row: mine and theirs side by side, and the two choices. */
function conflictItem(
  c: Conflict,
  choice: Choice | undefined,
  task: string,
  lang: Lang,
  onChoose: (seq: number, choice: Choice) => void,
): HTMLElement {
  return h(
    "li",
    { testid: "conflict-item", class: "row", attrs: { "data-seq": c.seq, "data-choice": choice ?? "" } },
    h(
      "div",
      { class: "row-head" },
      h("strong", {}, `${c.seq}`),
      " ",
      h("span", { class: "muted" }, clip(task, 40)),
    ),
    h(
      "div",
      { class: "side-by-side" },
      conflictSide("conflict-mine", t(lang, "mine"), c.mine),
      conflictSide(
        "conflict-theirs",
        t(lang, "theirs"),
        c.theirs,
        t(lang, "changedBy", { who: c.theirs.updatedBy ?? "?", at: shortTime(c.theirs.updatedAt) }),
      ),
    ),
    h(
      "div",
      { class: "buttons" },
      choiceButton("keep-mine", t(lang, "keepMine"), c.seq, choice === "mine", () => onChoose(c.seq, "mine")),
      choiceButton("take-theirs", t(lang, "takeTheirs"), c.seq, choice === "theirs", () =>
        onChoose(c.seq, "theirs"),
      ),
    ),
  );
}

function conflictSide(
  testid: string,
  label: string,
  side: { status: string; progress: string },
  note?: string,
): HTMLElement {
  return h(
    "div",
    { testid, class: "side" },
    h("div", { class: "side-label" }, label),
    h("div", { class: "status" }, side.status),
    h("div", { class: "text" }, side.progress),
    note === undefined ? null : h("div", { class: "muted small" }, note),
  );
}

function choiceButton(testid: string, label: string, seq: number, chosen: boolean, onClick: () => void) {
  return h(
    "button",
    {
      testid,
      class: chosen ? "primary" : "",
      attrs: { type: "button", "data-seq": seq, "aria-pressed": String(chosen) },
      on: { click: onClick },
    },
    label,
  );
}

export interface ReturnEntry {
  seq: number;
  comment: string;
  createdBy: string;
  createdAt: string;
}

export function returnsView(entries: readonly ReturnEntry[], lang: Lang): HTMLElement {
  return h(
    "section",
    { testid: "returns", class: "panel returns" },
    h("h3", {}, t(lang, "returnsTitle")),
    h(
      "ul",
      { class: "list" },
      entries.map((r) =>
        h(
          "li",
          { testid: "return-item", class: "row", attrs: { "data-seq": r.seq } },
          t(lang, "returnItem", {
            seq: r.seq,
            comment: r.comment,
            by: r.createdBy,
            at: shortTime(r.createdAt),
          }),
        ),
      ),
    ),
  );
}
