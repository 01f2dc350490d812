// The WPS stand-in keeps the object model's rules the add-in depends on.
import { expect, test } from "vitest";
import { emptySheet, workbookSnapshot } from "../excel-host/snapshot.ts";
import { createWpsHost } from "../wps-host/host.ts";
import type { WpsApplication } from "../../addin/wps/wps-api.ts";

function app(sheets = [emptySheet("Sheet1"), emptySheet("Sheet2")]) {
  const host = createWpsHost(workbookSnapshot(sheets));
  return {
    host,
    app: host.Application as WpsApplication,
    book: (host.Application as WpsApplication).ActiveWorkbook!,
  };
}

test("Worksheets.Item and Cells are 1-based: index 0 throws", () => {
  const { book } = app();
  expect(book.Worksheets.Item(1).Name).toBe("Sheet1");
  expect(() => book.Worksheets.Item(0)).toThrow(/下标越界/u);
  expect(() => book.Worksheets.Item(1).Cells(0, 1)).toThrow(/下标越界/u);
  expect(book.Worksheets.Item(1).Cells(1, 1).Row).toBe(1);
});

test("Value2 of a range is a 2-D array, of a single cell a scalar", () => {
  const { book } = app();
  const sheet = book.Worksheets.Item("Sheet1");
  sheet.Range("A1:B2").Value2 = [
    ["a", 1],
    ["b", 2],
  ];
  expect(sheet.Range("A1:B2").Value2).toEqual([
    ["a", 1],
    ["b", 2],
  ]);
  expect(sheet.Range("B2").Value2).toBe(2);
  expect(sheet.Cells(2, 2).Value2).toBe(2);
});

test("a merged area reports its value in the top-left cell only", () => {
  const { book } = app();
  const sheet = book.Worksheets.Item("Sheet1");
  sheet.Range("A1:C1").Value2 = [["标题", "", ""]];
  sheet.Range("A1:C1").Merge();
  sheet.Range("B1").Value2 = "ignored";
  expect(sheet.Range("A1:C1").Value2).toEqual([["标题", null, null]]);
});

test("a very hidden sheet is not among the tabs but is reachable by name", () => {
  const { host, book } = app();
  book.Worksheets.Item("Sheet2").Visible = 2;
  expect(host.tabs()).toEqual(["Sheet1"]);
  expect(book.Worksheets.Item("Sheet2").Visible).toBe(2);
  expect(book.Worksheets.Count).toBe(2);
});

test("a protected sheet refuses writes to locked cells until unprotected", () => {
  const { book } = app();
  const sheet = book.Worksheets.Item("Sheet1");
  sheet.Range("B1").Locked = false;
  sheet.Protect("", true, true, false, false, true);
  expect(() => (sheet.Range("A1").Value2 = "x")).toThrow();
  sheet.Range("B1").Value2 = "ok";
  sheet.Range("A1").Interior.Color = 0xcec7ff;
  sheet.Unprotect();
  sheet.Range("A1").Value2 = "x";
  expect(sheet.Range("A1:B1").Value2).toEqual([["x", "ok"]]);
});

test("a wrong member, a wrong argument or an RGB string as a colour throws", () => {
  const { book } = app();
  const sheet = book.Worksheets.Item("Sheet1") as unknown as Record<string, unknown>;
  expect(() => sheet["getRange"]).toThrow(/没有成员 getRange/u);
  const range = book.Worksheets.Item("Sheet1").Range("A1");
  expect(() => ((range.Interior as { Color: unknown }).Color = "#FFC7CE")).toThrow(/BGR/u);
  expect(() => book.Worksheets.Item("Sheet1").Range("not an address")).toThrow(/地址无效/u);
  expect(() => (book.Worksheets.Item("Sheet1").Visible = 1)).toThrow(/Visible/u);
});

test("Interior.Color is BGR: 0xCEC7FF paints #FFC7CE", () => {
  const { host, book } = app();
  book.Worksheets.Item("Sheet1").Range("C3").Interior.Color = 0xcec7ff;
  expect(host.snapshot().sheets[0]!.fills).toEqual({ C3: "#FFC7CE" });
});

test("deleting a sheet needs DisplayAlerts off (WPS would ask), and Add activates the new sheet after the anchor", () => {
  const { app: application, book, host } = app();
  const added = book.Worksheets.Add(null, book.Worksheets.Item(1));
  expect(host.tabs()).toEqual(["Sheet1", added.Name, "Sheet2"]);
  expect(book.ActiveSheet.Name).toBe(added.Name);
  expect(() => added.Delete()).toThrow(/DisplayAlerts/u);
  application.DisplayAlerts = false;
  added.Delete();
  expect(host.tabs()).toEqual(["Sheet1", "Sheet2"]);
});

test("Select works on the active sheet only", () => {
  const { book } = app();
  expect(() => book.Worksheets.Item("Sheet2").Range("A1").Select()).toThrow(/活动工作表/u);
  book.Worksheets.Item("Sheet2").Activate();
  book.Worksheets.Item("Sheet2").Range("B3").Select();
});
