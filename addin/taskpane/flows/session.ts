// Signing in and out, restoring a stored session, choosing the period, and what each period brings
// (a reporter's open returns, a coordinator's coverage).
import { NetworkError } from "../../../client/errors.ts";
import { normalizeServerUrl } from "../../api/client.ts";
import { t } from "../i18n.ts";
import { whoText } from "../logic/describe.ts";
import { clearSession, keys, loadSession, saveSession, saveUnits } from "../storage.ts";
import { replaceChildren } from "../views/dom.ts";
import type { Pane } from "../pane.ts";

/** Restores a stored session (if still valid) and loads the periods. */
export async function restoreSession(pane: Pane, now: Date): Promise<void> {
  const { state } = pane;
  const session = loadSession(pane.store, state.server, now);
  if (!session) return;
  state.session = session;
  state.api = pane.client(session.token);
  pane.render();
  await pane.perform("busyLoading", async () => {
    try {
      const me = await state.api.me();
      state.session = { ...session, user: me };
      if (me.mustChangePassword) return pane.passwordPane.open(true);
      await loadAfterSignIn(pane);
    } catch (error) {
      if (error instanceof NetworkError) {
        // Offline: 校验 still works with what this pane cached; the server can wait.
        pane.say({ kind: "error", text: t(pane.lang, "networkFailedShort") });
        return;
      }
      throw error;
    }
  });
}

export interface Credentials {
  server: string;
  username: string;
  password: string;
}

/** Signs in; true when it worked (the caller then clears the password field). */
export async function signIn(pane: Pane, input: Credentials): Promise<boolean> {
  const { state } = pane;
  const username = input.username.trim();
  if (!username || !input.password) {
    pane.say({ kind: "error", text: t(pane.lang, "signInNeeds") });
    return false;
  }
  let done = false;
  await pane.perform("busySignIn", async () => {
    state.server = normalizeServerUrl(input.server || pane.defaultServer);
    const session = await pane.client(null).signIn(username, input.password);
    saveSession(pane.store, state.server, session);
    state.session = session;
    state.api = pane.client(session.token);
    done = true;
    // An initial or reset password: the change form first (everything else answers 403 until then).
    if (session.mustChangePassword) return pane.passwordPane.open(true);
    await loadAfterSignIn(pane);
    pane.say({ kind: "success", text: t(pane.lang, "signedIn", { who: whoText(session.user, pane.lang) }) });
  });
  return done;
}

export async function signOut(pane: Pane): Promise<void> {
  await pane.perform("busyWorking", async () => {
    try {
      await pane.state.api.signOut();
    } catch {
      // The token is forgotten here either way; an unreachable server cannot keep it alive.
    }
    forgetSession(pane);
    pane.say({ kind: "info", text: t(pane.lang, "signedOut") });
  });
}

export function forgetSession(pane: Pane): void {
  const { state } = pane;
  clearSession(pane.store, state.server);
  pane.passwordPane.reset();
  state.session = null;
  state.api = pane.client(null);
  state.periods = [];
  state.pending = null;
  state.conflict = null;
  replaceChildren(pane.output);
  pane.showReturns([]);
  pane.render();
}

export async function loadAfterSignIn(pane: Pane): Promise<void> {
  const { state } = pane;
  const [periods, units] = await Promise.all([state.api.periods(), state.api.units().catch(() => null)]);
  if (units) {
    saveUnits(pane.store, state.server, units.units);
    pane.coordinator.setUnits(units.units);
  }
  state.periods = periods;
  const remembered = pane.store.getItem(keys.lastPeriod(state.server));
  const open = [...periods].reverse().find((p) => !p.locked);
  state.periodId = periods.some((p) => p.id === remembered)
    ? remembered
    : ((open ?? periods[periods.length - 1])?.id ?? null);
  pane.render();
  await loadPeriodExtras(pane);
}

export async function choosePeriod(pane: Pane, id: string): Promise<void> {
  const { state } = pane;
  state.periodId = id || null;
  if (state.periodId) pane.store.setItem(keys.lastPeriod(state.server), state.periodId);
  state.pending = null;
  state.conflict = null;
  pane.render();
  await pane.perform("busyLoading", () => loadPeriodExtras(pane));
}

/** A reporter's open returns; a coordinator's coverage. */
export async function loadPeriodExtras(pane: Pane): Promise<void> {
  const { state } = pane;
  pane.showReturns([]);
  const user = state.session?.user;
  if (!user || !state.periodId) return;
  if (user.role === "reporter") {
    const returns = (await state.api.returns(state.periodId)).filter((r) => r.resolvedAt === null);
    pane.showReturns(returns);
  } else if (user.role === "coordinator") {
    pane.coordinator.showCoverage(await state.api.coverage(state.periodId));
  }
}
