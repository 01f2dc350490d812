import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { createExcelHost } from "../excel-host/host.ts";
import { cellFormat, emptySheet, workbookSnapshot, type WorkbookSnapshot } from "../excel-host/snapshot.ts";
import { snapshotFromXlsx, snapshotToXlsx } from "../excel-host/xlsx.ts";

const FIXTURE = fileURLToPath(new URL("../fixtures/progress-2022h1-part.xlsx", import.meta.url));

let fixture: WorkbookSnapshot;

beforeAll(async () => {
  fixture = await snapshotFromXlsx(FIXTURE);
});

describe("reading the 2022 H1 progress fixture", () => {
  it("names its one sheet 2022上半年", () => {
    expect(fixture.sheets.map((s) => s.name)).toEqual(["2022上半年"]);
  });

  it("holds the title in A1", () => {
    expect(fixture.sheets[0]?.cells[0]?.[0]).toBe("2022上半年重点工作进展情况统计表");
  });

  it("keeps the title only in the top-left cell of its merge", () => {
    expect(fixture.sheets[0]?.cells[0]).toEqual(["2022上半年重点工作进展情况统计表"]);
  });

  it("lists the title merge A1:E1", () => {
    expect(fixture.sheets[0]?.merges).toContain("A1:E1");
  });

  it("reads row 4 as the first task", () => {
    const row = fixture.sheets[0]?.cells[3] ?? [];
    expect(row.slice(0, 3)).toEqual([1, "全市生产总值增长x%。", "序时推进"]);
    expect(row[4]).toBe("市发展改革委");
  });

  it("reads the title bold at 16 points and task rows wrapped", () => {
    const sheet = fixture.sheets[0]!;
    expect(cellFormat(sheet, "A1").font).toMatchObject({ bold: true, size: 16 });
    expect(cellFormat(sheet, "D4").wrap).toBe(true);
  });

  it("reads column widths in points", () => {
    expect(fixture.sheets[0]?.columnWidths).toEqual([31.5, 210, 52.5, 420, 94.5]);
  });

  it("serves the fixture through Excel.run like a real workbook", async () => {
    const host = createExcelHost(fixture);
    await host.Excel.run(async (context) => {
      const used = context.workbook.worksheets
        .getItem("2022上半年")
        .getUsedRange(true)
        .load("address, values");
      await context.sync();
      expect(used.address).toBe("'2022上半年'!A1:E83");
      expect(used.values[0]).toEqual(["2022上半年重点工作进展情况统计表", "", "", "", ""]);
    });
  });
});

describe("writing .xlsx", () => {
  it("reloads the fixture's dump with the same cells, merges, formats and widths", async () => {
    const again = await snapshotFromXlsx(await snapshotToXlsx(fixture));
    const [before, after] = [fixture.sheets[0]!, again.sheets[0]!];
    expect(after.cells.length).toBe(before.cells.length);
    before.cells.forEach((row, r) => expect(after.cells[r], `row ${r + 1}`).toEqual(row));
    expect(after.merges).toEqual(before.merges);
    expect(after.columnWidths).toEqual(before.columnWidths);
    expect([after.fills, after.fonts, after.wrap, after.locked]).toEqual([
      before.fills,
      before.fonts,
      before.wrap,
      before.locked,
    ]);
  });

  it("keeps sheet state, validations, unlocked cells and protection through a round trip", async () => {
    const snapshot = workbookSnapshot([
      emptySheet("填报", {
        cells: [
          ["序号", "状态"],
          [1, "序时推进"],
        ],
        fills: { A1: "#DDEBF7" },
        validations: [{ range: "B2:B40", list: ["已完成", "序时推进", "进度滞后", "未启动"] }],
        locked: { "B2:B40": false },
        protected: true,
      }),
      emptySheet("_keywork", { visibility: "VeryHidden", cells: [["rowVersion"], [7]] }),
      emptySheet("Hidden", { visibility: "Hidden" }),
    ]);
    const again = await snapshotFromXlsx(await snapshotToXlsx(snapshot));
    expect(again.sheets.map((s) => [s.name, s.visibility])).toEqual([
      ["填报", "Visible"],
      ["_keywork", "VeryHidden"],
      ["Hidden", "Hidden"],
    ]);
    const sheet = again.sheets[0]!;
    expect(sheet.validations).toEqual([
      { range: "B2:B40", list: ["已完成", "序时推进", "进度滞后", "未启动"] },
    ]);
    expect([sheet.protected, cellFormat(sheet, "B7").locked, cellFormat(sheet, "A7").locked]).toEqual([
      true,
      false,
      true,
    ]);
    expect(sheet.fills).toEqual({ A1: "#DDEBF7" });
    expect(again.sheets[1]?.cells).toEqual([["rowVersion"], [7]]);
  });
});
