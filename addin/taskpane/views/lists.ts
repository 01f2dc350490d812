// The pane's result panels: issue list, preview, per-row results, conflicts, returns.
import type { Conflict, SubmissionAnswer } from "../../api/types.ts";
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
      conflicts.map((c) => {
        const choice = choices.get(c.seq);
        return h(
          "li",
          {
            testid: "conflict-item",
            class: "row",
            attrs: { "data-seq": c.seq, "data-choice": choice ?? "" },
          },
          h(
            "div",
            { class: "row-head" },
            h("strong", {}, `${c.seq}`),
            " ",
            h("span", { class: "muted" }, clip(tasks.get(c.seq) ?? "", 40)),
          ),
          h(
            "div",
            { class: "side-by-side" },
            h(
              "div",
              { testid: "conflict-mine", class: "side" },
              h("div", { class: "side-label" }, t(lang, "mine")),
              h("div", { class: "status" }, c.mine.status),
              h("div", { class: "text" }, c.mine.progress),
            ),
            h(
              "div",
              { testid: "conflict-theirs", class: "side" },
              h("div", { class: "side-label" }, t(lang, "theirs")),
              h("div", { class: "status" }, c.theirs.status),
              h("div", { class: "text" }, c.theirs.progress),
              h(
                "div",
                { class: "muted small" },
                t(lang, "changedBy", { who: c.theirs.updatedBy ?? "?", at: shortTime(c.theirs.updatedAt) }),
              ),
            ),
          ),
          h(
            "div",
            { class: "buttons" },
            h(
              "button",
              {
                testid: "keep-mine",
                class: choice === "mine" ? "primary" : "",
                attrs: { type: "button", "data-seq": c.seq, "aria-pressed": String(choice === "mine") },
                on: { click: () => onChoose(c.seq, "mine") },
              },
              t(lang, "keepMine"),
            ),
            h(
              "button",
              {
                testid: "take-theirs",
                class: choice === "theirs" ? "primary" : "",
                attrs: { type: "button", "data-seq": c.seq, "aria-pressed": String(choice === "theirs") },
                on: { click: () => onChoose(c.seq, "theirs") },
              },
              t(lang, "takeTheirs"),
            ),
          ),
        );
      }),
    ),
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
