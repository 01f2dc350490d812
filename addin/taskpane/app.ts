// The task pane: builds the cards (views/), holds the state (pane.ts) and runs the flows (flows/):
// connect, pick a period, pull / validate / submit / pull merged, coordinator extras. The workbook is
// reached through the host (Excel through `run`, or `host`: WPS) by the actions in actions/.
import type { FetchLike } from "../../client/http.ts";
import { ApiClient, normalizeServerUrl } from "../api/client.ts";
import type { Capabilities, SpreadsheetHost } from "../host/host.ts";
import type { ActionEnv, ExcelRun } from "./actions/env.ts";
import { CoordinatorPanel } from "./coordinator.ts";
import * as session from "./flows/session.ts";
import * as sheet from "./flows/sheet.ts";
import { prepareSubmit } from "./flows/submit.ts";
import { t, type Lang, type MessageKey } from "./i18n.ts";
import type { IssueListView } from "./logic/check.ts";
import { describeError, isSessionError, periodLabel, whoText, type PaneMessage } from "./logic/describe.ts";
import type { Pane, PaneState } from "./pane.ts";
import { PasswordPane } from "./password-view.ts";
import { keys, type KeyValueStore } from "./storage.ts";
import { connectView, type ConnectView } from "./views/connect.ts";
import { h, replaceChildren, show } from "./views/dom.ts";
import { issueListView, returnsView, type ReturnEntry } from "./views/lists.ts";
import { statusView, workView, type StatusView, type WorkView } from "./views/work.ts";

export interface AppOptions {
  root: HTMLElement;
  run: ExcelRun | null;
  /** The spreadsheet program when it is not Excel through `run` (WPS). */
  host?: SpreadsheetHost | null;
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

export class App implements Pane {
  readonly lang: Lang;
  readonly state: PaneState;
  readonly store: KeyValueStore;
  readonly defaultServer: string;
  readonly coordinator: CoordinatorPanel;
  readonly passwordPane: PasswordPane;
  private readonly o: AppOptions;
  private readonly now: () => Date;
  private busy = false;
  private readonly connect: ConnectView;
  private readonly work: WorkView;
  private readonly status: StatusView;

  constructor(options: AppOptions) {
    this.o = options;
    this.lang = options.lang;
    this.store = options.store;
    this.defaultServer = options.defaultServer;
    this.now = options.now ?? (() => new Date());
    const server = normalizeServerUrl(options.store.getItem(keys.lastServer) ?? options.defaultServer);
    this.state = {
      server,
      session: null,
      api: this.client(null, server),
      periods: [],
      periodId: null,
      pending: null,
      conflict: null,
      lastSheetId: null,
    };
    this.connect = connectView(this.lang, server, () => void this.signIn());
    this.work = workView(this.lang, {
      signOut: () => void session.signOut(this),
      choosePeriod: (id) => void session.choosePeriod(this, id),
      pullMine: () => void sheet.pullMine(this),
      validate: () => void sheet.validate(this),
      submit: () => void prepareSubmit(this),
      pullMerged: () => void sheet.pullMerged(this),
    });
    this.status = statusView();
    this.passwordPane = new PasswordPane({
      lang: this.lang,
      api: () => this.state.api,
      username: () => this.state.session?.user.username ?? "",
      say: (message) => this.say(message),
      busy: (action) => this.perform("busyWorking", action),
      changed: () => session.loadAfterSignIn(this),
      toggled: () => this.render(),
    });
    this.work.who.after(this.passwordPane.opener);
    this.coordinator = this.coordinatorPanel();
    this.mount();
    this.render();
  }

  /** Restores a stored session (if still valid) and loads the periods. */
  async start(): Promise<void> {
    await session.restoreSession(this, this.now());
  }

  get output(): HTMLElement {
    return this.status.output;
  }

  client(token: string | null, server = this.state.server): ApiClient {
    return new ApiClient({
      baseUrl: server,
      token,
      lang: this.lang,
      ...(this.o.fetch ? { fetch: this.o.fetch } : {}),
    });
  }

  env(): ActionEnv {
    return {
      run: this.o.run,
      host: this.o.host ?? null,
      api: this.state.api,
      server: this.state.server,
      user: this.state.session?.user ?? null,
      caps: this.o.caps,
      lang: this.lang,
      store: this.store,
      now: this.now,
    };
  }

  private coordinatorPanel(): CoordinatorPanel {
    return new CoordinatorPanel({
      lang: this.lang,
      api: () => this.state.api,
      requirePeriod: () => this.requirePeriod(),
      perform: (label, action) => this.perform(label, action),
      say: (message) => this.say(message),
      periodChanged: (updated) => {
        this.state.periods = this.state.periods.map((p) => (p.id === updated.id ? { ...p, ...updated } : p));
        this.render();
      },
      publish: (fields) => sheet.publish(this, fields),
    });
  }

  private mount(): void {
    const root = this.o.root;
    replaceChildren(
      root,
      h("header", { class: "top" }, h("h1", {}, t(this.lang, "appTitle"))),
      this.o.run || this.o.host
        ? null
        : h("p", { testid: "not-in-excel", class: "notice" }, t(this.lang, "notInExcel")),
      this.connect.element,
      this.passwordPane.element,
      this.work.element,
      this.status.message,
      this.status.progress,
      this.status.returnsBox,
      this.status.output,
      this.coordinator.element,
    );
    root.setAttribute("data-busy", "false");
  }

  private async signIn(): Promise<void> {
    const signedIn = await session.signIn(this, {
      server: this.connect.serverInput.value,
      username: this.connect.usernameInput.value,
      password: this.connect.passwordInput.value,
    });
    if (signedIn) this.connect.passwordInput.value = "";
  }

  // ---------------------------------------------------------------- rendering

  showIssues(view: IssueListView): void {
    replaceChildren(
      this.output,
      issueListView(view, this.lang, (item) => void sheet.pick(this, item)),
    );
  }

  showReturns(entries: readonly ReturnEntry[]): void {
    const box = this.status.returnsBox;
    replaceChildren(box, entries.length > 0 ? returnsView(entries, this.lang) : null);
    show(box, entries.length > 0);
  }

  requirePeriod(): string | null {
    if (!this.state.periodId) {
      this.say({ kind: "error", text: t(this.lang, "noPeriods") });
      return null;
    }
    return this.state.periodId;
  }

  say(message: PaneMessage): void {
    const line = this.status.message;
    line.textContent = message.text;
    line.setAttribute("data-kind", message.kind);
    line.hidden = message.text === "";
  }

  render(): void {
    const { state, work } = this;
    const user = state.session?.user ?? null;
    show(this.connect.element, user === null);
    // While an initial or reset password must be changed, only the change form shows.
    const forced = this.passwordPane.isForced;
    show(work.element, user !== null && !forced);
    show(this.coordinator.element, user?.role === "coordinator" && !forced);
    this.connect.serverInput.value = state.server;
    work.who.textContent = user ? whoText(user, this.lang) : "";
    show(work.pullMineButton, user !== null && user.role !== "viewer");
    show(work.submitButton, user !== null && user.role !== "viewer");
    replaceChildren(
      work.periodSelect,
      state.periods.length === 0
        ? h("option", { attrs: { value: "" } }, t(this.lang, "noPeriods"))
        : state.periods.map((p) =>
            h(
              "option",
              { attrs: { value: p.id, selected: p.id === state.periodId } },
              periodLabel(p, this.lang),
            ),
          ),
    );
    if (state.periodId) work.periodSelect.value = state.periodId;
    this.coordinator.showPeriod(state.periods.find((p) => p.id === state.periodId));
  }

  isBusy(): boolean {
    return this.busy;
  }

  /** Runs an action with the buttons disabled; shows progress once it takes longer than PROGRESS_DELAY_MS. */
  async perform(label: MessageKey, action: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.setBusy(true);
    const timer = setTimeout(() => {
      this.status.progressLabel.textContent = t(this.lang, label);
      this.status.progress.hidden = false;
    }, PROGRESS_DELAY_MS);
    try {
      await action();
    } catch (error) {
      if (isSessionError(error) && this.state.session) {
        session.forgetSession(this);
        this.say({ kind: "error", text: t(this.lang, "sessionExpired") });
      } else {
        this.say(describeError(error, this.lang));
      }
    } finally {
      clearTimeout(timer);
      this.status.progress.hidden = true;
      this.busy = false;
      this.setBusy(false);
    }
  }

  private setBusy(busy: boolean): void {
    this.o.root.setAttribute("data-busy", String(busy));
    for (const b of Array.from(this.o.root.querySelectorAll("button"))) b.disabled = busy;
  }
}
