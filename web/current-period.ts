// The period chosen: reading the periods again (after a publish, a lock), choosing one, and the
// returns of the working unit in it.
import { api, type Period, type TasksAnswer } from "./api.ts";
import { byId } from "./dom.ts";
import { explain } from "./explain.ts";
import type { Unit } from "../schema/index.ts";
import { coordinatorPanel, parts, period, state, unitQuery, workingUnit } from "./page-state.ts";
import { flash, renderMine, renderPeriods, renderReturns } from "./page-render.ts";

export async function refreshPeriods(select?: string): Promise<void> {
  try {
    // A publish may have added units (the mapping step's 新增) or aliases: the units the page checks
    // with and the 单位名录 screen are read again with the periods.
    const [periods, units] = await Promise.all([
      api.get<{ periods: Period[] }>("/periods"),
      api.get<{ units: Unit[] }>("/units"),
    ]);
    state.periods = periods.periods;
    state.units = units.units;
  } catch (error) {
    flash(explain(error, "what.periods"), "error");
    return;
  }
  void parts.admin?.periods.load();
  void parts.admin?.units.load();
  if (select && state.periods.some((p) => p.id === select)) {
    const changed = select !== state.periodId;
    state.periodId = select;
    renderPeriods();
    if (changed) await periodChanged();
    else {
      renderMine();
      coordinatorPanel()?.render();
      await coordinatorPanel()?.load();
    }
  } else {
    renderPeriods();
    renderMine();
  }
}

export async function periodChanged(): Promise<void> {
  state.upload = null;
  state.uploadError = null;
  byId<HTMLInputElement>("upload-file").value = "";
  renderPeriods();
  renderMine();
  await Promise.all([loadReturns(), coordinatorPanel()?.load()]);
}

async function loadReturns(): Promise<void> {
  state.returns = [];
  const p = period();
  const unit = workingUnit();
  if (!p || !unit || state.me?.role === "viewer") return renderReturns();
  try {
    const tasks = await api.get<TasksAnswer>(
      `/periods/${encodeURIComponent(p.id)}/tasks?scope=mine${unitQuery()}`,
    );
    state.returns = tasks.rows.flatMap((r) => r.returns.map((x) => ({ seq: r.seq, ...x })));
  } catch {
    // The returns are a courtesy; the rest of the page works without them.
  }
  renderReturns();
}
