// What the page holds between clicks: the signed-in user, the periods, the upload and its check, the
// message shown, and the parts created once; and what follows from them (the period, the working unit).
import type { SheetMetadata, Unit } from "../schema/index.ts";
import type { AccountsView } from "./accounts-view.ts";
import type { Me, Period } from "./api.ts";
import type { AuditView } from "./audit-view.ts";
import type { CheckedUpload, ViewIssue } from "./check.ts";
import type { CoordinatorPanel } from "./coordinator.ts";
import type { Msg } from "./i18n.ts";
import type { PasswordView } from "./password-view.ts";
import type { PeriodsView } from "./periods-view.ts";
import type { SubmitFlow } from "./submit-flow.ts";
import type { UnitsView } from "./units-view.ts";

export interface Upload {
  checked: CheckedUpload;
  fileName: string;
  metadata: SheetMetadata;
  /** Issues from a refused submission (422), shown beside the upload's. */
  extra: ViewIssue[];
  flow: SubmitFlow;
}

export const state = {
  me: null as Me | null,
  periods: [] as Period[],
  periodId: null as string | null,
  units: [] as Unit[],
  actFor: null as string | null,
  returns: [] as { seq: number; comment: string; createdBy: string; createdAt: string }[],
  upload: null as Upload | null,
  uploadError: null as Msg | null,
  flash: null as { message: Msg; kind: "ok" | "error" | "info" } | null,
};

export const parts = {
  // Created once (it wires its controls' listeners); active only for coordinators and viewers.
  panel: null as CoordinatorPanel | null,
  // 账号管理 and 审计日志: created once, for coordinators. The password form: for everyone (init).
  accounts: null as AccountsView | null,
  audit: null as AuditView | null,
  passwords: null as PasswordView | null,
  // 单位名录 and 报送期次 (units-view.ts, periods-view.ts): coordinators only.
  admin: null as { units: UnitsView; periods: PeriodsView } | null,
};

export function coordinatorPanel(): CoordinatorPanel | null {
  return state.me && state.me.role !== "reporter" ? parts.panel : null;
}

export function period(): Period | null {
  return state.periods.find((p) => p.id === state.periodId) ?? null;
}

/** The unit whose tasks the "my tasks" part works on. */
export function workingUnit(): string | null {
  if (!state.me) return null;
  return state.me.role === "coordinator" ? state.actFor : state.me.unit;
}

/** The latest open period, else the latest. */
export function defaultPeriod(periods: readonly Period[]): string | null {
  const open = periods.filter((p) => !p.locked);
  return (open[open.length - 1] ?? periods[periods.length - 1])?.id ?? null;
}

export function unitQuery(prefix = "&"): string {
  return state.me?.role === "coordinator" && state.actFor
    ? `${prefix}unit=${encodeURIComponent(state.actFor)}`
    : "";
}
