// Signing in and out: the session, what a signed-in user sees first, the parts created for each role.
import { ApiError } from "../client/errors.ts";
import type { Unit } from "../schema/index.ts";
import { AccountsView } from "./accounts-view.ts";
import { api, type Me, type Period } from "./api.ts";
import { AuditView } from "./audit-view.ts";
import { CoordinatorPanel } from "./coordinator.ts";
import { byId } from "./dom.ts";
import { explain } from "./explain.ts";
import { msg } from "./i18n.ts";
import { PeriodsView } from "./periods-view.ts";
import { UnitsView } from "./units-view.ts";
import { defaultPeriod, parts, period, state } from "./page-state.ts";
import { flash, renderAll } from "./page-render.ts";
import { periodChanged, refreshPeriods } from "./current-period.ts";

export async function signIn(event: Event): Promise<void> {
  event.preventDefault();
  const username = byId<HTMLInputElement>("signin-username");
  const password = byId<HTMLInputElement>("signin-password");
  for (const [input, key] of [
    [username, "signin.username"],
    [password, "signin.password"],
  ] as const) {
    if (input.value.trim() === "") {
      flash(msg("field.required", { field: msg(key) }), "error");
      input.focus();
      return;
    }
  }
  try {
    const session = await api.post<{ token: string }>("/sessions", {
      username: username.value.trim(),
      password: password.value,
    });
    api.token = session.token;
    password.value = "";
    state.flash = null;
    await start();
  } catch (error) {
    const detail = error instanceof ApiError ? error.detail : explain(error, "what.signin");
    flash(msg("signin.failed", { detail }), "error");
    password.focus();
  }
}

export async function signOut(): Promise<void> {
  try {
    await api.request("DELETE", "/sessions/current");
  } catch {
    // Signing out locally is what matters; the session expires on the server anyway.
  }
  api.token = null;
  resetSession();
  renderAll();
  byId("signin-username").focus();
}

function resetSession(): void {
  parts.passwords?.reset();
  state.me = null;
  state.upload = null;
  state.uploadError = null;
  state.periods = [];
  state.periodId = null;
  byId("check").hidden = true;
}

export function sessionExpired(): void {
  api.token = null;
  resetSession();
  renderAll();
  flash(msg("signin.expired"), "error");
}

/** After sign-in (or a reload with a live session): who am I, the directory, the periods. */
export async function start(): Promise<void> {
  try {
    const me = await api.get<Me>("/me");
    state.me = me;
    // An initial or reset password: nothing else answers until it is changed (403).
    if (me.mustChangePassword) {
      parts.passwords?.open(true);
      renderAll();
      return;
    }
    const [units, periods] = await Promise.all([
      api.get<{ units: Unit[] }>("/units"),
      api.get<{ periods: Period[] }>("/periods"),
    ]);
    state.units = units.units;
    state.periods = periods.periods;
    state.actFor = me.role === "coordinator" ? (me.unit ?? state.units[0]?.name ?? null) : me.unit;
    state.periodId = defaultPeriod(state.periods);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) flash(explain(error, "what.periods"), "error");
    return;
  }
  byId("coord").hidden = state.me.role === "reporter";
  byId("mine").hidden = state.me.role === "viewer";
  byId("act-for-box").hidden = state.me.role !== "coordinator";
  if (state.me.role !== "reporter") parts.panel ??= new CoordinatorPanel(coordinatorHost);
  byId("accounts").hidden = byId("audit").hidden = state.me.role !== "coordinator";
  if (state.me.role === "coordinator") {
    parts.accounts ??= new AccountsView({ me: () => state.me!, units: () => state.units, flash });
    parts.audit ??= new AuditView();
    void parts.accounts.load();
    void parts.audit.load();
  }
  startAdmin();
  renderAll();
  await periodChanged();
  byId("period-select").focus();
}

// 单位名录 and 报送期次 (units-view.ts, periods-view.ts): coordinators only.
function startAdmin(): void {
  const on = state.me?.role === "coordinator";
  byId("units").hidden = byId("periods-admin").hidden = !on;
  if (!on) return;
  const unitsChanged = async () => void (state.units = (await api.get<{ units: Unit[] }>("/units")).units);
  parts.admin ??= {
    units: new UnitsView({ flash, unitsChanged }),
    periods: new PeriodsView({ period, flash, refreshPeriods }),
  };
  void parts.admin.units.load().then(() => parts.admin?.periods.load());
}

const coordinatorHost = {
  me: () => state.me!,
  period,
  periods: () => state.periods,
  flash,
  refreshPeriods,
};
