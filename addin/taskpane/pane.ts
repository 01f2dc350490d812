// What the pane's flows (flows/) share: the state of the pane, and the few things every flow does to
// the screen (say, render, show issues, run an action with the buttons disabled). App implements it.
import type { ApiClient } from "../api/client.ts";
import type { Period, Session } from "../../schema/api.ts";
import type { ActionEnv } from "./actions/env.ts";
import type { ConflictState, PendingSubmission } from "./actions/submit.ts";
import type { CoordinatorPanel } from "./coordinator.ts";
import type { PasswordPane } from "./password-view.ts";
import type { Lang, MessageKey } from "./i18n.ts";
import type { IssueListView } from "./logic/check.ts";
import type { PaneMessage } from "./logic/describe.ts";
import type { KeyValueStore } from "./storage.ts";
import type { ReturnEntry } from "./views/lists.ts";

/** The pane's state: who is signed in where, the periods, and the submission in progress. */
export interface PaneState {
  server: string;
  session: Session | null;
  api: ApiClient;
  periods: Period[];
  periodId: string | null;
  pending: PendingSubmission | null;
  conflict: ConflictState | null;
  /** The sheet whose issues the list shows (for jumping to a cell). */
  lastSheetId: string | null;
}

export interface Pane {
  readonly lang: Lang;
  readonly state: PaneState;
  readonly store: KeyValueStore;
  readonly defaultServer: string;
  readonly output: HTMLElement;
  readonly coordinator: CoordinatorPanel;
  readonly passwordPane: PasswordPane;
  /** An API client for the current server with this token. */
  client(token: string | null): ApiClient;
  env(): ActionEnv;
  perform(label: MessageKey, action: () => Promise<void>): Promise<void>;
  isBusy(): boolean;
  say(message: PaneMessage): void;
  render(): void;
  showIssues(view: IssueListView): void;
  showReturns(entries: readonly ReturnEntry[]): void;
  requirePeriod(): string | null;
}
