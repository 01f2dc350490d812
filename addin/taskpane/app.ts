// The task pane: connect, pick a period, pull / validate / submit / pull merged, coordinator extras.
// State lives here; Office.js work is in actions/ (one Excel.run each); the panels are built by views/.
import { ApiClient, NetworkError, normalizeServerUrl, type FetchLike } from "../api/client.ts";
import type { Period, Session } from "../api/types.ts";
import type { Capabilities } from "../excel/capabilities.ts";
import type { ActionEnv, ExcelRun } from "./actions/env.ts";
import { publishActiveSheet } from "./actions/publish.ts";
import { pullMerged } from "./actions/pull-merged.ts";
import { pullMine } from "./actions/pull-mine.ts";
import { selectCell } from "./actions/select.ts";
import {
  confirmSubmission,
  conflictState,
  prepareSubmission,
  resolveConflicts,
  type ConflictState,
  type PendingSubmission,
  type SendResult,
} from "./actions/submit.ts";
import { validateActive } from "./actions/validate.ts";
import { CoordinatorPanel, type PublishFields } from "./coordinator.ts";
import { PasswordPane } from "./password-view.ts";
import { t, type Lang, type MessageKey } from "./i18n.ts";
import { issueList, type IssueItem, type IssueListView } from "./logic/check.ts";
import { describeError, isSessionError, periodLabel, whoText, type PaneMessage } from "./logic/describe.ts";
import type { Choice } from "./logic/submit.ts";
import { clearSession, keys, loadSession, saveSession, saveUnits, type KeyValueStore } from "./storage.ts";
import { button, field, input } from "./views/controls.ts";
import { h, replaceChildren, show } from "./views/dom.ts";
import {
  conflictView,
  issueListView,
  previewView,
  resultView,
  retryView,
  returnsView,
  type ReturnEntry,
} from "./views/lists.ts";

export interface AppOptions {
  root: HTMLElement;
  run: ExcelRun | null;
  lang: Lang;
  caps: Capabilities;
  store: KeyValueStore;
  /** The page's own origin: where the server most likely is. */
  defaultServer: string;
  fetch?: FetchLike;
  now?: () => Date;
}

/** How long an action may take before the progress line appears. */
export const PROGRESS_DELAY_MS = 300;

export class App {
  private readonly o: AppOptions;
  private readonly lang: Lang;
  private readonly now: () => Date;
  private server: string;
  private session: Session | null = null;
  private api: ApiClient;
  private periods: Period[] = [];
  private periodId: string | null = null;
  private busy = false;
  private pending: PendingSubmission | null = null;
  private conflict: ConflictState | null = null;
  private lastSheetId: string | null = null;

  // static elements
  private readonly connectSection: HTMLElement;
  private readonly serverInput: HTMLInputElement;
  private readonly usernameInput: HTMLInputElement;
  private readonly passwordInput: HTMLInputElement;
  private readonly workSection: HTMLElement;
  private readonly who: HTMLElement;
  private readonly periodSelect: HTMLSelectElement;
  private readonly pullMineButton: HTMLButtonElement;
  private readonly submitButton: HTMLButtonElement;
  private readonly message: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly progressLabel: HTMLElement;
  private readonly output: HTMLElement;
  private readonly returnsBox: HTMLElement;
  private readonly coordinator: CoordinatorPanel;
  private readonly passwordPane: PasswordPane;

  constructor(options: AppOptions) {
    this.o = options;
    this.lang = options.lang;
    this.now = options.now ?? (() => new Date());
    this.server = normalizeServerUrl(options.store.getItem(keys.lastServer) ?? options.defaultServer);
    this.api = this.client(null);
    const L = (key: MessageKey, params?: Record<string, string | number>) => t(this.lang, key, params);

    this.serverInput = input("server-url", "url", this.server);
    this.usernameInput = input("username", "text", "", "username");
    this.passwordInput = input("password", "password", "", "current-password");
    this.passwordInput.addEventListener("keydown", (e) => {
      if (e.key === "Enter") void this.signIn();
    });
    this.connectSection = h(
      "form",
      {
        testid: "connect",
        class: "card",
        attrs: { autocomplete: "on" },
        on: { submit: (e) => (e.preventDefault(), void this.signIn()) },
      },
      h("h2", {}, L("connectTitle")),
      field(L("serverUrl"), this.serverInput),
      field(L("username"), this.usernameInput),
      field(L("password"), this.passwordInput),
      h(
        "div",
        { class: "buttons" },
        h("button", { testid: "sign-in", class: "primary", attrs: { type: "submit" } }, L("signIn")),
      ),
    );

    this.who = h("span", { testid: "who", class: "who" });
    this.periodSelect = h("select", {
      testid: "period",
      attrs: { "aria-label": L("period") },
      on: { change: () => void this.choosePeriod(this.periodSelect.value) },
    });
    this.passwordPane = new PasswordPane({
      lang: this.lang,
      api: () => this.api,
      username: () => this.session?.user.username ?? "",
      say: (message) => this.say(message),
      changed: () => this.perform("busyLoading", () => this.loadAfterSignIn()),
      toggled: () => this.render(),
    });
    this.pullMineButton = button("pull-mine", L("pullMine"), () => void this.pullMine(), "primary");
    this.submitButton = button("submit", L("submit"), () => void this.prepareSubmit(), "primary");
    this.workSection = h(
      "section",
      { testid: "work", class: "card" },
      h(
        "div",
        { class: "who-line" },
        this.who,
        this.passwordPane.opener,
        button("sign-out", L("signOut"), () => void this.signOut(), "link"),
      ),
      field(L("period"), this.periodSelect),
      h(
        "div",
        { class: "actions" },
        this.pullMineButton,
        button("validate", L("validate"), () => void this.validate()),
        this.submitButton,
        button("pull-merged", L("pullMerged"), () => void this.pullMerged()),
      ),
    );

    this.message = h("div", {
      testid: "message",
      class: "message",
      attrs: { role: "status", "aria-live": "polite", "data-kind": "info" },
    });
    this.progressLabel = h("span", {});
    this.progress = h(
      "div",
      { testid: "progress", class: "progress", attrs: { role: "progressbar", "aria-busy": "true" } },
      h("span", { class: "spinner" }),
      this.progressLabel,
    );
    this.progress.hidden = true;
    this.output = h("div", { testid: "output", class: "output" });
    this.returnsBox = h("div", {});

    this.coordinator = new CoordinatorPanel({
      lang: this.lang,
      api: () => this.api,
      requirePeriod: () => this.requirePeriod(),
      perform: (label, action) => this.perform(label, action),
      say: (message) => this.say(message),
      periodChanged: (updated) => {
        this.periods = this.periods.map((p) => (p.id === updated.id ? { ...p, ...updated } : p));
        this.render();
      },
      publish: (fields) => this.publish(fields),
    });

    replaceChildren(
      options.root,
      h("header", { class: "top" }, h("h1", {}, L("appTitle"))),
      options.run ? null : h("p", { testid: "not-in-excel", class: "notice" }, L("notInExcel")),
      this.connectSection,
      this.passwordPane.element,
      this.workSection,
      this.message,
      this.progress,
      this.returnsBox,
      this.output,
      this.coordinator.element,
    );
    options.root.setAttribute("data-busy", "false");
    this.render();
  }

  /** Restores a stored session (if still valid) and loads the periods. */
  async start(): Promise<void> {
    const session = loadSession(this.o.store, this.server, this.now());
    if (!session) return;
    this.session = session;
    this.api = this.client(session.token);
    this.render();
    await this.perform("busyLoading", async () => {
      try {
        const me = await this.api.me();
        this.session = { ...session, user: me };
        if (me.mustChangePassword) return this.passwordPane.open(true);
        await this.loadAfterSignIn();
      } catch (error) {
        if (error instanceof NetworkError) {
          // Offline: 校验 still works with what this pane cached; the server can wait.
          this.say({ kind: "error", text: t(this.lang, "networkFailedShort") });
          return;
        }
        throw error;
      }
    });
  }

  // ---------------------------------------------------------------- session

  private client(token: string | null): ApiClient {
    return new ApiClient({
      baseUrl: this.server,
      token,
      lang: this.lang,
      ...(this.o.fetch ? { fetch: this.o.fetch } : {}),
    });
  }

  private env(): ActionEnv {
    return {
      run: this.o.run,
      api: this.api,
      server: this.server,
      user: this.session?.user ?? null,
      caps: this.o.caps,
      lang: this.lang,
      store: this.o.store,
      now: this.now,
    };
  }

  private async signIn(): Promise<void> {
    const username = this.usernameInput.value.trim();
    const password = this.passwordInput.value;
    if (!username || !password) {
      this.say({ kind: "error", text: t(this.lang, "signInNeeds") });
      return;
    }
    await this.perform("busySignIn", async () => {
      this.server = normalizeServerUrl(this.serverInput.value || this.o.defaultServer);
      this.serverInput.value = this.server;
      const session = await this.client(null).signIn(username, password);
      saveSession(this.o.store, this.server, session);
      this.passwordInput.value = "";
      this.session = session;
      this.api = this.client(session.token);
      // An initial or reset password: the change form first (everything else answers 403 until then).
      if (session.mustChangePassword) return this.passwordPane.open(true);
      await this.loadAfterSignIn();
      this.say({
        kind: "success",
        text: t(this.lang, "signedIn", { who: whoText(session.user, this.lang) }),
      });
    });
  }

  private async signOut(): Promise<void> {
    await this.perform("busyWorking", async () => {
      try {
        await this.api.signOut();
      } catch {
        // The token is forgotten here either way; an unreachable server cannot keep it alive.
      }
      this.forgetSession();
      this.say({ kind: "info", text: t(this.lang, "signedOut") });
    });
  }

  private forgetSession(): void {
    clearSession(this.o.store, this.server);
    this.passwordPane.reset();
    this.session = null;
    this.api = this.client(null);
    this.periods = [];
    this.pending = null;
    this.conflict = null;
    replaceChildren(this.output);
    this.showReturns([]);
    this.render();
  }

  private async loadAfterSignIn(): Promise<void> {
    const [periods, units] = await Promise.all([this.api.periods(), this.api.units().catch(() => null)]);
    if (units) {
      saveUnits(this.o.store, this.server, units.units);
      this.coordinator.setUnits(units.units);
    }
    this.periods = periods;
    const remembered = this.o.store.getItem(keys.lastPeriod(this.server));
    const open = [...periods].reverse().find((p) => !p.locked);
    this.periodId = periods.some((p) => p.id === remembered)
      ? remembered
      : ((open ?? periods[periods.length - 1])?.id ?? null);
    this.render();
    await this.loadPeriodExtras();
  }

  private async choosePeriod(id: string): Promise<void> {
    this.periodId = id || null;
    if (this.periodId) this.o.store.setItem(keys.lastPeriod(this.server), this.periodId);
    this.pending = null;
    this.conflict = null;
    this.render();
    await this.perform("busyLoading", () => this.loadPeriodExtras());
  }

  /** A reporter's open returns; a coordinator's coverage. */
  private async loadPeriodExtras(): Promise<void> {
    this.showReturns([]);
    const user = this.session?.user;
    if (!user || !this.periodId) return;
    if (user.role === "reporter") {
      const returns = (await this.api.returns(this.periodId)).filter((r) => r.resolvedAt === null);
      this.showReturns(returns);
    } else if (user.role === "coordinator") {
      this.coordinator.showCoverage(await this.api.coverage(this.periodId));
    }
  }

  // ---------------------------------------------------------------- actions

  private async pullMine(): Promise<void> {
    const period = this.requirePeriod();
    if (!period) return;
    await this.perform("busyPull", async () => {
      const result = await pullMine(this.env(), period);
      this.pending = null;
      this.conflict = null;
      replaceChildren(this.output);
      this.showReturns(
        result.answer.rows.flatMap((r) =>
          r.returns.map((x) => ({
            seq: r.seq,
            comment: x.comment,
            createdBy: x.createdBy,
            createdAt: x.createdAt,
          })),
        ),
      );
      if (result.sheetName === null) this.say({ kind: "info", text: t(this.lang, "pulledNone") });
      else
        this.say({
          kind: "success",
          text: t(this.lang, "pulled", { count: result.count, sheet: result.sheetName }),
        });
    });
  }

  private async validate(): Promise<void> {
    await this.perform("busyValidate", async () => {
      const result = await validateActive(this.env());
      this.pending = null;
      this.conflict = null;
      this.lastSheetId = result.sheetId;
      if (result.empty) {
        replaceChildren(this.output);
        this.say({ kind: "info", text: t(this.lang, "emptySheet") });
        return;
      }
      const view = issueList(result.issues, this.lang);
      this.showIssues(view);
      const summary =
        view.items.length === 0
          ? t(this.lang, "validateClean")
          : t(this.lang, "validateSummary", view.counts);
      const note = result.highlighted ? "" : ` ${t(this.lang, "notHighlighted")}`;
      this.say({
        kind: view.counts.error > 0 ? "error" : view.items.length === 0 ? "success" : "info",
        text: summary + note,
      });
    });
  }

  private async prepareSubmit(): Promise<void> {
    await this.perform("busyPrepare", async () => {
      this.pending = null;
      this.conflict = null;
      replaceChildren(this.output);
      const result = await prepareSubmission(this.env());
      switch (result.kind) {
        case "empty":
          return this.say({ kind: "info", text: t(this.lang, "emptySheet") });
        case "not-pulled":
          return this.say({ kind: "error", text: t(this.lang, "notPulled") });
        case "merged":
          return this.say({ kind: "error", text: t(this.lang, "mergedSheet") });
        case "damaged":
          return this.say({
            kind: "error",
            text: t(this.lang, "metadataDamaged", { reason: result.reason }),
          });
        case "invalid": {
          this.lastSheetId = result.sheetId;
          const view = issueList(result.issues, this.lang);
          this.showIssues(view);
          return this.say({
            kind: "error",
            text: t(this.lang, "refuseErrors", { count: view.counts.error }),
          });
        }
        case "nothing":
          if (result.issues.length > 0) this.showIssues(issueList(result.issues, this.lang));
          return this.say({ kind: "info", text: t(this.lang, "nothingChanged") });
        case "preview": {
          this.pending = result.pending;
          this.lastSheetId = result.pending.sheetId;
          const pending = result.pending;
          replaceChildren(
            this.output,
            previewView(
              pending.preview,
              this.lang,
              () => void this.confirmSubmit(pending),
              () => this.cancelSubmit(),
            ),
            result.issues.length > 0
              ? issueListView(issueList(result.issues, this.lang), this.lang, (item) => void this.pick(item))
              : null,
          );
          return this.say({
            kind: "info",
            text: t(this.lang, "previewTitle", { count: pending.changes.length }),
          });
        }
      }
    });
  }

  private cancelSubmit(): void {
    this.pending = null;
    replaceChildren(this.output);
    this.say({ kind: "info", text: "" });
  }

  private async confirmSubmit(pending: PendingSubmission): Promise<void> {
    await this.perform("busySubmit", async () => {
      const result = await confirmSubmission(this.env(), pending);
      this.showSendResult(result, pending, () => void this.confirmSubmit(pending));
    });
  }

  private showSendResult(result: SendResult, pending: PendingSubmission, retry: () => void): void {
    switch (result.kind) {
      case "submitted": {
        this.pending = null;
        this.conflict = null;
        replaceChildren(this.output, resultView(result.answer, this.lang));
        const changed = result.answer.rows.filter((r) => r.changed).length;
        this.say({
          kind: "success",
          text: result.replayed ? t(this.lang, "submittedReplayed") : t(this.lang, "submitted", { changed }),
        });
        return;
      }
      case "conflict":
        this.conflict = conflictState(pending, result.conflicts);
        this.showConflicts();
        this.say({
          kind: "error",
          text: t(this.lang, "conflictNotSaved", { count: result.conflicts.length }),
        });
        return;
      case "locked":
        replaceChildren(this.output);
        this.say({ kind: "error", text: t(this.lang, "periodLocked", { period: pending.metadata.period }) });
        return;
      case "rejected": {
        const items: IssueItem[] = result.issues.map((issue, i) => ({
          id: `server-${i}`,
          severity: "error",
          cell: issue.cell ?? null,
          seq: issue.seq,
          text: issue.seq !== null ? `${issue.seq}: ${issue.message}` : issue.message,
          suggestion: null,
        }));
        this.showIssues({ counts: { error: items.length, warning: 0, info: 0 }, items });
        this.say({
          kind: "error",
          text: `${t(this.lang, "serverIssues", { count: items.length })} ${result.detail[this.lang]}`,
        });
        return;
      }
      case "refused":
        replaceChildren(this.output);
        this.say({
          kind: "error",
          text: t(this.lang, result.status === 403 ? "forbidden" : "serverRejected", {
            detail: result.detail[this.lang],
          }),
        });
        return;
      case "network":
        // Nothing was written to the sheet; the same attempt (same Idempotency-Key) can be retried.
        replaceChildren(this.output, retryView(this.lang, retry));
        this.say({ kind: "error", text: t(this.lang, "networkFailed") });
        return;
    }
  }

  private showConflicts(): void {
    const state = this.conflict;
    if (!state) return;
    const tasks = new Map(state.pending.preview.map((p) => [p.seq, p.task]));
    replaceChildren(
      this.output,
      conflictView(
        state.conflicts,
        state.choices,
        tasks,
        this.lang,
        (seq, choice) => void this.choose(seq, choice),
      ),
    );
  }

  private async choose(seq: number, choice: Choice): Promise<void> {
    const state = this.conflict;
    if (!state || this.busy) return;
    state.choices.set(seq, choice);
    this.showConflicts();
    if (!state.conflicts.every((c) => state.choices.has(c.seq))) return;
    await this.resolve(state);
  }

  private async resolve(state: ConflictState): Promise<void> {
    await this.perform("busySubmit", async () => {
      const result = await resolveConflicts(this.env(), state);
      if (result.kind === "incomplete") return;
      if (result.kind === "resolved") {
        this.conflict = null;
        this.pending = null;
        replaceChildren(this.output, result.answer ? resultView(result.answer, this.lang) : null);
        this.say({
          kind: "success",
          text: t(this.lang, "conflictResolved", { kept: result.kept, taken: result.taken }),
        });
        return;
      }
      if (result.kind === "network") {
        replaceChildren(
          this.output,
          retryView(this.lang, () => void this.resolve(state)),
        );
        this.say({ kind: "error", text: t(this.lang, "networkFailed") });
        return;
      }
      this.showSendResult(result, state.pending, () => void this.resolve(state));
    });
  }

  private async pullMerged(): Promise<void> {
    const period = this.requirePeriod();
    if (!period) return;
    await this.perform("busyMerged", async () => {
      const result = await pullMerged(this.env(), period);
      replaceChildren(this.output);
      if (this.session?.user.role === "coordinator") this.coordinator.showCoverage(result.answer.coverage);
      this.say({
        kind: "success",
        text: t(this.lang, "mergedPulled", { sheet: result.sheetName, summary: result.summaryName }),
      });
    });
  }

  private async pick(item: IssueItem): Promise<void> {
    if (!item.cell || !this.lastSheetId) return;
    const sheet = this.lastSheetId;
    const cell = item.cell;
    await this.perform("busyWorking", async () => {
      try {
        await selectCell(this.env(), sheet, cell);
      } catch {
        this.say({ kind: "error", text: t(this.lang, "selectFailed", { cell }) });
      }
    });
  }

  /** Publishes the active sheet as a new period and switches to it (the coordinator panel's button). */
  private async publish(fields: PublishFields): Promise<void> {
    await this.perform("busyWorking", async () => {
      const result = await publishActiveSheet(this.env(), fields);
      if (result.kind === "invalid") {
        this.lastSheetId = result.sheetId;
        const view = issueList(result.issues, this.lang);
        this.showIssues(view);
        this.say({ kind: "error", text: t(this.lang, "publishInvalid", { count: view.counts.error }) });
        return;
      }
      this.periods = await this.api.periods();
      this.periodId = result.period.id;
      this.o.store.setItem(keys.lastPeriod(this.server), result.period.id);
      this.render();
      await this.loadPeriodExtras();
      this.say({ kind: "success", text: t(this.lang, "published", { period: result.period.id }) });
    });
  }

  // ---------------------------------------------------------------- rendering

  private showIssues(view: IssueListView): void {
    replaceChildren(
      this.output,
      issueListView(view, this.lang, (item) => void this.pick(item)),
    );
  }

  private showReturns(entries: readonly ReturnEntry[]): void {
    replaceChildren(this.returnsBox, entries.length > 0 ? returnsView(entries, this.lang) : null);
    show(this.returnsBox, entries.length > 0);
  }

  private requirePeriod(): string | null {
    if (!this.periodId) {
      this.say({ kind: "error", text: t(this.lang, "noPeriods") });
      return null;
    }
    return this.periodId;
  }

  private say(message: PaneMessage): void {
    this.message.textContent = message.text;
    this.message.setAttribute("data-kind", message.kind);
    this.message.hidden = message.text === "";
  }

  private render(): void {
    const user = this.session?.user ?? null;
    show(this.connectSection, user === null);
    show(this.workSection, user !== null && !this.passwordPane.isForced);
    show(this.coordinator.element, user?.role === "coordinator" && !this.passwordPane.isForced);
    this.serverInput.value = this.server;
    this.who.textContent = user ? whoText(user, this.lang) : "";
    show(this.pullMineButton, user !== null && user.role !== "viewer");
    show(this.submitButton, user !== null && user.role !== "viewer");
    replaceChildren(
      this.periodSelect,
      this.periods.length === 0
        ? h("option", { attrs: { value: "" } }, t(this.lang, "noPeriods"))
        : this.periods.map((p) =>
            h(
              "option",
              { attrs: { value: p.id, selected: p.id === this.periodId } },
              periodLabel(p, this.lang),
            ),
          ),
    );
    if (this.periodId) this.periodSelect.value = this.periodId;
    const period = this.periods.find((p) => p.id === this.periodId);
    this.coordinator.showPeriod(period);
  }

  /** Runs an action with the buttons disabled; shows progress once it takes longer than PROGRESS_DELAY_MS. */
  private async perform(label: MessageKey, action: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.setBusy(true);
    const timer = setTimeout(() => {
      this.progressLabel.textContent = t(this.lang, label);
      this.progress.hidden = false;
    }, PROGRESS_DELAY_MS);
    try {
      await action();
    } catch (error) {
      if (isSessionError(error) && this.session) {
        this.forgetSession();
        this.say({ kind: "error", text: t(this.lang, "sessionExpired") });
      } else {
        this.say(describeError(error, this.lang));
      }
    } finally {
      clearTimeout(timer);
      this.progress.hidden = true;
      this.busy = false;
      this.setBusy(false);
    }
  }

  private setBusy(busy: boolean): void {
    this.o.root.setAttribute("data-busy", String(busy));
    for (const b of Array.from(this.o.root.querySelectorAll("button"))) b.disabled = busy;
  }
}
