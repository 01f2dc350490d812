// The pane's actions on the WPS host (addin/wps/) over the WPS stand-in and a real sync server: the same
// actions as for Excel, only the host differs.
import { afterAll, beforeAll, expect, test } from "vitest";
import { pullMerged } from "../../../addin/taskpane/actions/pull-merged.ts";
import { pullMine } from "../../../addin/taskpane/actions/pull-mine.ts";
import { selectCell } from "../../../addin/taskpane/actions/select.ts";
import { confirmSubmission, prepareSubmission } from "../../../addin/taskpane/actions/submit.ts";
import { validateActive } from "../../../addin/taskpane/actions/validate.ts";
import { HIGHLIGHT_COLOURS } from "../../../addin/host/highlights.ts";
import { wpsHost } from "../../../addin/wps/host.ts";
import type { WpsApplication } from "../../../addin/wps/wps-api.ts";
import { METADATA_SHEET } from "../../../schema/metadata.ts";
import { SUMMARY_SHEET } from "../../../schema/merged-layout.ts";
import { emptySheet, workbookSnapshot } from "../../excel-host/snapshot.ts";
import { createWpsHost, type WpsHost } from "../../wps-host/host.ts";
import type { TestServer } from "../../support/server.ts";
import { PASSWORD, serverWithPlan, signedEnv } from "../support.ts";

const SHEET = "2022-H1 市科技局";
let server: TestServer;

beforeAll(async () => {
  server = await serverWithPlan(30);
});
afterAll(async () => {
  await server.stop();
});

async function wpsEnv(username: string) {
  const stand = createWpsHost(workbookSnapshot([emptySheet("Sheet1")]));
  const { env } = await signedEnv(server, username, PASSWORD(username));
  return { stand, env: { ...env, run: null, host: wpsHost(stand.Application as WpsApplication) } };
}

function app(stand: WpsHost): WpsApplication {
  return stand.Application as WpsApplication;
}

/** Types into the active sheet's row of this 序号, through the WPS API as a person's edit. */
function type(stand: WpsHost, seq: number, status: string, progress: string): void {
  const sheet = app(stand).ActiveWorkbook!.ActiveSheet;
  const values = sheet.UsedRange.Value2 as unknown[][];
  const row = values.findIndex((r) => r[0] === seq);
  if (row === -1) throw new Error(`no 序号 ${seq}`);
  sheet.Range(`C${row + 1}:D${row + 1}`).Value2 = [[status, progress]];
}

/** Every task row of the active sheet filled with valid text, as after a day of work. */
function fillAll(stand: WpsHost): void {
  const values = app(stand).ActiveWorkbook!.ActiveSheet.UsedRange.Value2 as unknown[][];
  for (const row of values)
    if (typeof row[0] === "number")
      type(stand, row[0], "序时推进", `第${row[0]}项工作已按计划推进,完成阶段目标。`);
}

test("pull my tasks in WPS: a new protected sheet after the others, the drop-down, _keywork very hidden and not a tab", async () => {
  const { stand, env } = await wpsEnv("kjj");
  const result = await pullMine(env, "2022-H1");
  expect(result.sheetName).toBe(SHEET);
  const snap = stand.snapshot();
  expect(snap.activeSheet).toBe(SHEET);
  expect(stand.tabs()).toEqual(["Sheet1", SHEET]);
  const sheet = snap.sheets.find((s) => s.name === SHEET)!;
  expect(sheet.protected).toBe(true);
  expect(sheet.validations[0]!.list).toEqual(["已完成", "序时推进", "进度滞后", "未启动"]);
  expect(sheet.cells[1]!.slice(0, 5)).toEqual([
    "序号",
    "承担的重点工作",
    "完成状态",
    "工作进展情况",
    "牵头责任单位",
  ]);
  expect(sheet.merges[0]).toBe("A1:E1");
  expect(snap.sheets.find((s) => s.name === METADATA_SHEET)!.visibility).toBe("VeryHidden");
  // The cursor waits in the first task's 完成状态.
  const first = sheet.cells.findIndex((r) => typeof r[0] === "number");
  expect(snap.selection).toEqual({ sheet: SHEET, address: `C${first + 1}` });
});

test("validate in WPS highlights the bad cells in the issue colours (BGR written, #RRGGBB shown)", async () => {
  const { stand, env } = await wpsEnv("kjj");
  await pullMine(env, "2022-H1");
  type(stand, 1, "差不多", "");
  const result = await validateActive(env);
  const errors = result.issues.filter((i) => i.severity === "error");
  expect(errors.length).toBeGreaterThan(0);
  const sheet = stand.snapshot().sheets.find((s) => s.name === SHEET)!;
  const row = sheet.cells.findIndex((r) => r[0] === 1) + 1;
  expect(sheet.fills[`C${row}`]).toBe(HIGHLIGHT_COLOURS.error);
  expect(sheet.fills[`D${row}`]).toBe(HIGHLIGHT_COLOURS.error);
  await selectCell(env, result.sheetId, `D${row}`);
  expect(stand.snapshot().selection).toEqual({ sheet: SHEET, address: `D${row}` });
});

test("submit in WPS sends the changed rows and records the new versions; fixed cells lose their highlight", async () => {
  const { stand, env } = await wpsEnv("kjj2");
  await pullMine(env, "2022-H1");
  fillAll(stand);
  type(stand, 2, "差不多", "");
  await validateActive(env);
  type(stand, 2, "已完成", "第2项工作已全部完成,验收合格。");
  const prepared = await prepareSubmission(env);
  if (prepared.kind !== "preview") throw new Error(prepared.kind);
  expect(prepared.pending.changes).toHaveLength(30);
  const sent = await confirmSubmission(env, prepared.pending);
  expect(sent.kind).toBe("submitted");
  const again = await prepareSubmission(env);
  expect(again.kind).toBe("nothing");
  const sheet = stand.snapshot().sheets.find((s) => s.name === SHEET)!;
  expect(Object.values(sheet.fills).filter((c) => c === HIGHLIGHT_COLOURS.error)).toEqual([]);
});

test("pull merged in WPS writes the merged sheet and the summary with its two charts, and replaces them the second time", async () => {
  const { stand, env } = await wpsEnv("coord");
  await pullMerged(env, "2022-H1");
  await pullMerged(env, "2022-H1");
  const snap = stand.snapshot();
  expect(stand.tabs()).toEqual(["Sheet1", "2022-H1", SUMMARY_SHEET]);
  expect(snap.activeSheet).toBe("2022-H1");
  const summary = snap.sheets.find((s) => s.name === SUMMARY_SHEET)!;
  expect(summary.charts.map((c) => c.type)).toEqual(["ColumnStacked", "BarClustered"]);
  const merged = snap.sheets.find((s) => s.name === "2022-H1")!;
  expect(merged.cells.filter((r) => typeof r[0] === "number")).toHaveLength(30);
});
