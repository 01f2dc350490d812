// The coordinator's panel: coverage with a copyable reminder, lock / unlock, returning a row with a
// comment, and the fields for publishing the active sheet as a period. The app owns the state and the
// actions that touch it (publishing, the period list); this panel owns its controls.
import type { ApiClient } from "../api/client.ts";
import type { Unit } from "../../schema/model.ts";
import type { CoverageAnswer, Period } from "../../schema/api.ts";
import { t, type Lang, type MessageKey } from "./i18n.ts";
import { coverageItems, type PaneMessage } from "./logic/describe.ts";
import { button, field, input } from "./views/controls.ts";
import { h, replaceChildren, show } from "./views/dom.ts";

export interface CoordinatorHost {
  lang: Lang;
  api(): ApiClient;
  requirePeriod(): string | null;
  perform(label: MessageKey, action: () => Promise<void>): Promise<void>;
  say(message: PaneMessage): void;
  /** The period after a lock or unlock, for the app's period list. */
  periodChanged(period: Period): void;
  publish(fields: PublishFields): Promise<void>;
}

export interface PublishFields {
  period: string;
  title?: string;
  due?: string;
}

const PERIOD_ID = /^\d{4}-(H[12]|Q[1-4]|0[1-9]|1[0-2])$/u;

export class CoordinatorPanel {
  readonly element: HTMLElement;
  private readonly lang: Lang;
  private readonly coverageBox: HTMLElement;
  private readonly reminder: HTMLTextAreaElement;
  private readonly lockButton: HTMLButtonElement;
  private readonly unlockButton: HTMLButtonElement;
  private readonly returnSeq: HTMLInputElement;
  private readonly returnUnit: HTMLInputElement;
  private readonly returnComment: HTMLTextAreaElement;
  private readonly units: HTMLDataListElement;
  private readonly publishPeriod: HTMLInputElement;
  private readonly publishTitle: HTMLInputElement;
  private readonly publishDue: HTMLInputElement;

  constructor(private readonly host: CoordinatorHost) {
    this.lang = host.lang;
    const L = (key: MessageKey) => t(this.lang, key);
    this.coverageBox = h("div", { class: "coverage-box" });
    this.reminder = h("textarea", {
      testid: "reminder",
      class: "reminder",
      attrs: { readonly: true, rows: 5 },
    });
    this.lockButton = button("lock", L("lock"), () => void this.setLocked(true));
    this.unlockButton = button("unlock", L("unlock"), () => void this.setLocked(false));
    this.returnSeq = input("return-seq", "number", "");
    this.returnSeq.min = "1";
    this.returnUnit = input("return-unit", "text", "");
    this.returnUnit.setAttribute("list", "keywork-units");
    this.returnComment = h("textarea", { testid: "return-comment", attrs: { rows: 3 } });
    this.units = h("datalist", { attrs: { id: "keywork-units" } });
    this.publishPeriod = input("publish-period", "text", "");
    this.publishPeriod.placeholder = "2022-H1";
    this.publishTitle = input("publish-title", "text", "");
    this.publishDue = input("publish-due", "date", "");
    this.element = h(
      "section",
      { testid: "coordinator", class: "card" },
      h("h2", {}, L("coordinatorTitle")),
      h("h3", {}, L("coverageTitle")),
      h(
        "div",
        { class: "buttons" },
        button("coverage-refresh", L("coverageRefresh"), () => void this.refreshCoverage()),
      ),
      this.coverageBox,
      this.reminder,
      h(
        "div",
        { class: "buttons" },
        button("copy-reminder", L("copyReminder"), () => void this.copyReminder()),
        this.lockButton,
        this.unlockButton,
      ),
      h("h3", {}, L("returnTitle")),
      field(L("returnSeq"), this.returnSeq),
      field(L("returnUnit"), this.returnUnit),
      field(L("returnComment"), this.returnComment),
      h(
        "div",
        { class: "buttons" },
        button("return-send", L("returnSend"), () => void this.sendReturn()),
      ),
      this.units,
      h("h3", {}, L("publishTitle")),
      field(L("publishPeriod"), this.publishPeriod),
      field(L("publishPeriodTitle"), this.publishTitle),
      field(L("publishDue"), this.publishDue),
      h(
        "div",
        { class: "buttons" },
        button("publish", L("publishSend"), () => void this.publish()),
      ),
    );
  }

  /** Offers the directory's names when typing the unit of a return. */
  setUnits(units: readonly Unit[]): void {
    replaceChildren(
      this.units,
      units.map((u) => h("option", { attrs: { value: u.name } })),
    );
  }

  /** Lock for an open period, unlock for a locked one, neither without a period. */
  showPeriod(period: Period | undefined): void {
    show(this.lockButton, period !== undefined && !period.locked);
    show(this.unlockButton, period !== undefined && period.locked);
  }

  showCoverage(answer: CoverageAnswer): void {
    const items = coverageItems(answer, this.lang);
    replaceChildren(
      this.coverageBox,
      h(
        "ul",
        { testid: "coverage", class: "list" },
        items.length === 0
          ? h("li", {}, t(this.lang, "coverageAll"))
          : items.map((item) =>
              h(
                "li",
                {
                  testid: "coverage-item",
                  class: `row ${item.complete ? "complete" : "incomplete"}`,
                  attrs: { "data-unit": item.unit, "data-complete": String(item.complete) },
                },
                h("strong", {}, item.text),
                item.missing ? h("span", { class: "muted small" }, ` ${item.missing}`) : null,
              ),
            ),
      ),
    );
    this.reminder.value = answer.reminder[this.lang];
  }

  private async refreshCoverage(): Promise<void> {
    const period = this.host.requirePeriod();
    if (!period) return;
    await this.host.perform("busyLoading", async () =>
      this.showCoverage(await this.host.api().coverage(period)),
    );
  }

  private async copyReminder(): Promise<void> {
    const text = this.reminder.value;
    if (!text) return;
    await this.host.perform("busyWorking", async () => {
      const copied = (await copyWithClipboardApi(text)) || this.copyBySelection();
      this.host.say(
        copied
          ? { kind: "success", text: t(this.lang, "reminderCopied") }
          : { kind: "info", text: t(this.lang, "reminderSelect") },
      );
    });
  }

  /** The old route for webviews without the Clipboard API (or without its permission). */
  private copyBySelection(): boolean {
    this.reminder.focus();
    this.reminder.select();
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    }
  }

  private async setLocked(locked: boolean): Promise<void> {
    const period = this.host.requirePeriod();
    if (!period) return;
    await this.host.perform("busyWorking", async () => {
      const api = this.host.api();
      this.host.periodChanged(locked ? await api.lock(period) : await api.unlock(period));
      this.host.say({
        kind: "success",
        text: t(this.lang, locked ? "lockedDone" : "unlockedDone", { period }),
      });
    });
  }

  private async sendReturn(): Promise<void> {
    const period = this.host.requirePeriod();
    if (!period) return;
    const seq = Number(this.returnSeq.value);
    const unit = this.returnUnit.value.trim();
    const comment = this.returnComment.value.trim();
    if (!Number.isInteger(seq) || seq <= 0 || !unit || !comment) {
      this.host.say({ kind: "error", text: t(this.lang, "returnInvalid") });
      return;
    }
    await this.host.perform("busyWorking", async () => {
      await this.host.api().returnRow(period, { seq, unit, comment });
      this.returnComment.value = "";
      this.host.say({ kind: "success", text: t(this.lang, "returnSent", { seq, unit }) });
    });
  }

  private async publish(): Promise<void> {
    const period = this.publishPeriod.value.trim();
    if (!PERIOD_ID.test(period)) {
      this.host.say({ kind: "error", text: t(this.lang, "publishNeedsPeriod") });
      return;
    }
    const title = this.publishTitle.value.trim();
    const due = this.publishDue.value.trim();
    await this.host.publish({ period, ...(title ? { title } : {}), ...(due ? { due } : {}) });
  }
}

/** The Clipboard API, given a second at most: some webviews leave its promise pending forever. */
async function copyWithClipboardApi(text: string): Promise<boolean> {
  const clipboard = typeof navigator !== "undefined" ? navigator.clipboard : undefined;
  if (!clipboard || typeof clipboard.writeText !== "function") return false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), 1000);
  });
  try {
    return await Promise.race([clipboard.writeText(text).then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
