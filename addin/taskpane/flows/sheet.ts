// The pane's actions on the sheet: pull my tasks, validate, pull merged, jump to an issue's cell,
// publish the active sheet (coordinator).
import { publishActiveSheet } from "../actions/publish.ts";
import { pullMerged as pullMergedAction } from "../actions/pull-merged.ts";
import { pullMine as pullMineAction } from "../actions/pull-mine.ts";
import { selectCell } from "../actions/select.ts";
import { validateActive } from "../actions/validate.ts";
import type { PublishFields } from "../coordinator.ts";
import { t } from "../i18n.ts";
import { issueList, type IssueItem } from "../logic/check.ts";
import type { Pane } from "../pane.ts";
import { keys } from "../storage.ts";
import { replaceChildren } from "../views/dom.ts";
import { loadPeriodExtras } from "./session.ts";

export async function pullMine(pane: Pane): Promise<void> {
  const period = pane.requirePeriod();
  if (!period) return;
  await pane.perform("busyPull", async () => {
    const result = await pullMineAction(pane.env(), period);
    pane.state.pending = null;
    pane.state.conflict = null;
    replaceChildren(pane.output);
    pane.showReturns(
      result.answer.rows.flatMap((r) =>
        r.returns.map((x) => ({
          seq: r.seq,
          comment: x.comment,
          createdBy: x.createdBy,
          createdAt: x.createdAt,
        })),
      ),
    );
    if (result.sheetName === null) pane.say({ kind: "info", text: t(pane.lang, "pulledNone") });
    else
      pane.say({
        kind: "success",
        text: t(pane.lang, "pulled", { count: result.count, sheet: result.sheetName }),
      });
  });
}

export async function validate(pane: Pane): Promise<void> {
  const { lang } = pane;
  await pane.perform("busyValidate", async () => {
    const result = await validateActive(pane.env());
    pane.state.pending = null;
    pane.state.conflict = null;
    pane.state.lastSheetId = result.sheetId;
    if (result.empty) {
      replaceChildren(pane.output);
      pane.say({ kind: "info", text: t(lang, "emptySheet") });
      return;
    }
    const view = issueList(result.issues, lang);
    pane.showIssues(view);
    const summary =
      view.items.length === 0 ? t(lang, "validateClean") : t(lang, "validateSummary", view.counts);
    const note = result.highlighted ? "" : ` ${t(lang, "notHighlighted")}`;
    pane.say({
      kind: view.counts.error > 0 ? "error" : view.items.length === 0 ? "success" : "info",
      text: summary + note,
    });
  });
}

export async function pullMerged(pane: Pane): Promise<void> {
  const period = pane.requirePeriod();
  if (!period) return;
  await pane.perform("busyMerged", async () => {
    const result = await pullMergedAction(pane.env(), period);
    replaceChildren(pane.output);
    if (pane.state.session?.user.role === "coordinator")
      pane.coordinator.showCoverage(result.answer.coverage);
    pane.say({
      kind: "success",
      text: t(pane.lang, "mergedPulled", { sheet: result.sheetName, summary: result.summaryName }),
    });
  });
}

export async function pick(pane: Pane, item: IssueItem): Promise<void> {
  const sheet = pane.state.lastSheetId;
  const cell = item.cell;
  if (!cell || !sheet) return;
  await pane.perform("busyWorking", async () => {
    try {
      await selectCell(pane.env(), sheet, cell);
    } catch {
      pane.say({ kind: "error", text: t(pane.lang, "selectFailed", { cell }) });
    }
  });
}

/** Publishes the active sheet as a new period and switches to it (the coordinator panel's button). */
export async function publish(pane: Pane, fields: PublishFields): Promise<void> {
  const { lang, state } = pane;
  await pane.perform("busyWorking", async () => {
    const result = await publishActiveSheet(pane.env(), fields);
    if (result.kind === "invalid") {
      state.lastSheetId = result.sheetId;
      const view = issueList(result.issues, lang);
      pane.showIssues(view);
      pane.say({ kind: "error", text: t(lang, "publishInvalid", { count: view.counts.error }) });
      return;
    }
    state.periods = await state.api.periods();
    state.periodId = result.period.id;
    pane.store.setItem(keys.lastPeriod(state.server), result.period.id);
    pane.render();
    await loadPeriodExtras(pane);
    pane.say({ kind: "success", text: t(lang, "published", { period: result.period.id }) });
  });
}
