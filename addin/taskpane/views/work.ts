// The work card (who is signed in, the period, the four actions) and the status area under it
// (the message line, the progress line, the output and the returns box).
import { t, type Lang, type MessageKey } from "../i18n.ts";
import { button, field } from "./controls.ts";
import { h } from "./dom.ts";

export interface WorkHandlers {
  signOut(): void;
  choosePeriod(id: string): void;
  pullMine(): void;
  validate(): void;
  submit(): void;
  pullMerged(): void;
}

export interface WorkView {
  element: HTMLElement;
  who: HTMLElement;
  periodSelect: HTMLSelectElement;
  pullMineButton: HTMLButtonElement;
  submitButton: HTMLButtonElement;
}

export function workView(lang: Lang, on: WorkHandlers): WorkView {
  const L = (key: MessageKey) => t(lang, key);
  const who = h("span", { testid: "who", class: "who" });
  const periodSelect: HTMLSelectElement = h("select", {
    testid: "period",
    attrs: { "aria-label": L("period") },
    on: { change: () => on.choosePeriod(periodSelect.value) },
  });
  const pullMineButton = button("pull-mine", L("pullMine"), () => on.pullMine(), "primary");
  const submitButton = button("submit", L("submit"), () => on.submit(), "primary");
  const element = h(
    "section",
    { testid: "work", class: "card" },
    h(
      "div",
      { class: "who-line" },
      who,
      button("sign-out", L("signOut"), () => on.signOut(), "link"),
    ),
    field(L("period"), periodSelect),
    h(
      "div",
      { class: "actions" },
      pullMineButton,
      button("validate", L("validate"), () => on.validate()),
      submitButton,
      button("pull-merged", L("pullMerged"), () => on.pullMerged()),
    ),
  );
  return { element, who, periodSelect, pullMineButton, submitButton };
}

export interface StatusView {
  message: HTMLElement;
  progress: HTMLElement;
  progressLabel: HTMLElement;
  output: HTMLElement;
  returnsBox: HTMLElement;
}

export function statusView(): StatusView {
  const message = h("div", {
    testid: "message",
    class: "message",
    attrs: { role: "status", "aria-live": "polite", "data-kind": "info" },
  });
  const progressLabel = h("span", {});
  const progress = h(
    "div",
    { testid: "progress", class: "progress", attrs: { role: "progressbar", "aria-busy": "true" } },
    h("span", { class: "spinner" }),
    progressLabel,
  );
  progress.hidden = true;
  const output = h("div", { testid: "output", class: "output" });
  const returnsBox = h("div", {});
  return { message, progress, progressLabel, output, returnsBox };
}
