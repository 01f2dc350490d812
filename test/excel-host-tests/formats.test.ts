import { beforeEach, describe, expect, it } from "vitest";
import type { ExcelHost } from "../excel-host/host.ts";
import { cellFormat } from "../excel-host/snapshot.ts";
import { install, oneSheet, rejectionOf } from "./helpers.ts";

let host: ExcelHost;

beforeEach(() => {
  host = install(
    oneSheet([
      ["a", "b"],
      ["c", "d"],
    ]),
  );
});

async function runBatch(batch: (sheet: Excel.Worksheet) => void): Promise<void> {
  await Excel.run(async (context) => {
    batch(context.workbook.worksheets.getItem("Sheet1"));
    await context.sync();
  });
}

describe("range formats", () => {
  it("sets and reads a fill colour", async () => {
    await runBatch((sheet) => (sheet.getRange("A1:B1").format.fill.color = "yellow"));
    await Excel.run(async (context) => {
      const fill = context.workbook.worksheets.getItem("Sheet1").getRange("A1:B1").format.fill.load("color");
      await context.sync();
      expect(fill.color).toBe("#FFFF00");
    });
    expect(host.snapshot().sheets[0]?.fills).toEqual({ A1: "#FFFF00", B1: "#FFFF00" });
  });

  it("reads a format as null when the cells of the range differ", async () => {
    await runBatch((sheet) => (sheet.getRange("A1").format.font.bold = true));
    await Excel.run(async (context) => {
      const font = context.workbook.worksheets.getItem("Sheet1").getRange("A1:B1").format.font.load("bold");
      await context.sync();
      expect(font.bold).toBeNull();
    });
  });

  it("removes the fill with fill.clear()", async () => {
    await runBatch((sheet) => (sheet.getRange("A1").format.fill.color = "#FF0000"));
    await runBatch((sheet) => sheet.getRange("A1").format.fill.clear());
    expect(host.snapshot().sheets[0]?.fills).toEqual({});
  });

  it("fails with InvalidArgument for a colour Excel does not know", async () => {
    const error = await rejectionOf(
      runBatch((sheet) => (sheet.getRange("A1").format.fill.color = "notacolor")),
    );
    expect(error.code).toBe("InvalidArgument");
  });

  it("records bold, font colour and size in the snapshot", async () => {
    await runBatch((sheet) => {
      const font = sheet.getRange("A1").format.font;
      font.bold = true;
      font.color = "#C00000";
      font.size = 16;
    });
    expect(host.snapshot().sheets[0]?.fonts).toEqual({ A1: { bold: true, color: "#C00000", size: 16 } });
  });

  it("applies a column width set on a range to all its columns", async () => {
    await runBatch((sheet) => (sheet.getRange("B1:C1").format.columnWidth = 120));
    expect(host.snapshot().sheets[0]?.columnWidths).toEqual([48, 120, 120]);
  });

  it("reads column width as null across columns of different widths", async () => {
    await runBatch((sheet) => (sheet.getRange("B:B").format.columnWidth = 120));
    await Excel.run(async (context) => {
      const format = context.workbook.worksheets
        .getItem("Sheet1")
        .getRange("A1:B1")
        .format.load("columnWidth");
      await context.sync();
      expect(format.columnWidth).toBeNull();
    });
  });

  it("wraps text and grows the row on autofitRows", async () => {
    await runBatch((sheet) => {
      const cell = sheet.getRange("A3");
      cell.values = [["很长的工作进展情况".repeat(10)]];
      cell.format.wrapText = true;
      cell.format.autofitRows();
    });
    const sheet = host.snapshot().sheets[0]!;
    expect(sheet.wrap).toEqual(["A3"]);
    expect(sheet.rowHeights?.["3"]).toBeGreaterThan(15);
  });

  it("keeps a format set on whole columns as a column key", async () => {
    await runBatch((sheet) => (sheet.getRange("D:D").format.protection.locked = false));
    const sheet = host.snapshot().sheets[0]!;
    expect(sheet.locked).toEqual({ "D:D": false });
    expect(cellFormat(sheet, "D40").locked).toBe(false);
    expect(cellFormat(sheet, "C40").locked).toBe(true);
  });

  it("lets a later cell format win over its column's format", async () => {
    await runBatch((sheet) => {
      sheet.getRange("A:A").format.fill.color = "#FF0000";
      sheet.getRange("A2").format.fill.color = "#00FF00";
    });
    const sheet = host.snapshot().sheets[0]!;
    expect([
      cellFormat(sheet, "A1").fill,
      cellFormat(sheet, "A2").fill,
      cellFormat(sheet, "A9").fill,
    ]).toEqual(["#FF0000", "#00FF00", "#FF0000"]);
  });

  it("records alignment set on a range in the snapshot", async () => {
    await runBatch((sheet) => (sheet.getRange("A1").format.verticalAlignment = "Top"));
    expect(host.snapshot().sheets[0]?.alignment).toEqual({ A1: { vertical: "Top" } });
  });

  it("fails with InvalidArgument for an alignment Excel does not have", async () => {
    const error = await rejectionOf(
      runBatch(
        (sheet) => (sheet.getRange("A1").format.horizontalAlignment = "Middle" as Excel.HorizontalAlignment),
      ),
    );
    expect(error.code).toBe("InvalidArgument");
  });

  it("sets several properties at once with set()", async () => {
    await runBatch((sheet) =>
      sheet.getRange("B2").set({ values: [["v"]], format: { font: { bold: true }, wrapText: true } }),
    );
    const sheet = host.snapshot().sheets[0]!;
    expect([sheet.cells[1]?.[1], sheet.fonts.B2, sheet.wrap]).toEqual(["v", { bold: true }, ["B2"]]);
  });
});
