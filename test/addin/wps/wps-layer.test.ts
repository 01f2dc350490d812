// addin/wps's pieces on the WPS stand-in: reading a sheet, the layout, the `_keywork` book.
import { expect, test } from "vitest";
import { readWpsSheet } from "../../../addin/wps/grid.ts";
import { readWpsMetadata, writeWpsRecords } from "../../../addin/wps/metadata.ts";
import { writeWpsLayout } from "../../../addin/wps/write.ts";
import { bgr, hexOfBgr } from "../../../addin/wps/colour.ts";
import type { WpsApplication, WpsWorksheet } from "../../../addin/wps/wps-api.ts";
import { wpsHost } from "../../../addin/wps/host.ts";
import { render } from "../../../schema/layout.ts";
import { METADATA_SHEET } from "../../../schema/metadata.ts";
import { cellFormat, emptySheet, workbookSnapshot } from "../../excel-host/snapshot.ts";
import { fixtureDocument } from "../../support/fixtures.ts";
import { createWpsHost } from "../../wps-host/host.ts";

function stand(sheets = [emptySheet("Sheet1")]) {
  const host = createWpsHost(workbookSnapshot(sheets));
  const app = host.Application as WpsApplication;
  return {
    host,
    app,
    book: app.ActiveWorkbook!,
    sheet: (name = "Sheet1"): WpsWorksheet => app.ActiveWorkbook!.Worksheets.Item(name),
  };
}

test("colours go to WPS as BGR numbers and come back as #RRGGBB", () => {
  expect(bgr("#FFC7CE")).toBe(0xcec7ff);
  expect(hexOfBgr(0xcec7ff)).toBe("#FFC7CE");
});

test("reading a sheet trims formatted but empty edges, so the grid and origin match Office.js's values-only used range", () => {
  const { sheet } = stand();
  sheet().Range("A1:F10").Interior.Color = 0xffffff;
  sheet().Range("B3:C4").Value2 = [
    ["序号", "承担的重点工作"],
    [1, "任务"],
  ];
  const read = readWpsSheet(sheet());
  expect(read.origin).toEqual({ row: 2, column: 1 });
  expect(read.grid).toEqual([
    ["序号", "承担的重点工作"],
    [1, "任务"],
  ]);
  expect(read.id).toBe("Sheet1");
});

test("an empty sheet reads as an empty grid at A1", () => {
  const { sheet } = stand();
  expect(readWpsSheet(sheet())).toMatchObject({ grid: [], origin: { row: 0, column: 0 } });
});

test("the official layout lands with its merges, text format, 宋体 and widths in characters", () => {
  const { host, sheet } = stand();
  const layout = render(fixtureDocument());
  writeWpsLayout(sheet(), layout);
  const snap = host.snapshot().sheets[0]!;
  expect(snap.cells[0]![0]).toBe(layout.grid[0]![0]);
  expect(snap.merges).toContain("A1:E1");
  expect(snap.merges.length).toBe(layout.merges.length);
  expect(cellFormat(snap, "B5").numberFormat).toBe("@");
  expect(cellFormat(snap, "B5").font.name).toBe("宋体");
  expect(sheet().Range("B1").ColumnWidth).toBeCloseTo(layout.columnWidths[1]!, 1);
});

test("the _keywork book is created very hidden, keeps the active sheet active, and reads back", () => {
  const { host, book } = stand();
  const before = readWpsMetadata(book);
  expect(before.book.exists).toBe(false);
  const record = {
    sheetId: "Sheet1",
    sheetName: "Sheet1",
    metadata: null,
    highlights: [{ key: "a:C3", colour: "#FFC7CE" }],
  };
  writeWpsRecords(book, before.book, [record], new Set(["Sheet1"]));
  expect(host.tabs()).toEqual(["Sheet1"]);
  expect(book.ActiveSheet.Name).toBe("Sheet1");
  const after = readWpsMetadata(book);
  expect(after.sheets.map((s) => [s.name, s.visibility])).toEqual([
    ["Sheet1", "Visible"],
    [METADATA_SHEET, "VeryHidden"],
  ]);
  expect(after.book.blocks[0]).toMatchObject({ sheetId: "Sheet1", highlights: record.highlights });
});

test("replacing a sheet deletes the old one without WPS's prompt and puts DisplayAlerts back", async () => {
  const { app, host } = stand([emptySheet("Sheet1"), emptySheet("汇总", { cells: [["旧"]] })]);
  const session = wpsHost(app);
  await session.session(async (s) => {
    const { sheets } = await s.readWorkbook();
    await s.createSheets(
      sheets,
      [{ name: "汇总", replace: true, rows: { values: [["新"]], bold: [], firstColumnChars: 36 } }],
      0,
    );
  });
  expect(app.DisplayAlerts).toBe(true);
  expect(host.tabs()).toEqual(["Sheet1", "汇总"]);
  expect(host.snapshot().sheets[1]!.cells).toEqual([["新"]]);
});
