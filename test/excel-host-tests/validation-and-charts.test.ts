import { beforeEach, describe, expect, it } from "vitest";
import type { ExcelHost } from "../excel-host/host.ts";
import { install, oneSheet, rejectionOf } from "./helpers.ts";

let host: ExcelHost;

beforeEach(() => {
  host = install(oneSheet([["状态"], ["序时推进"], ["完成"]]));
});

async function runBatch(batch: (sheet: Excel.Worksheet) => void): Promise<void> {
  await Excel.run(async (context) => {
    batch(context.workbook.worksheets.getItem("Sheet1"));
    await context.sync();
  });
}

const STATUSES = "已完成,序时推进,进度滞后,未启动";

describe("list data validation", () => {
  it("puts a drop-down list on a range", async () => {
    await runBatch((sheet) => {
      sheet.getRange("A2:A3").dataValidation.rule = { list: { inCellDropDown: true, source: STATUSES } };
    });
    expect(host.snapshot().sheets[0]?.validations).toEqual([{ range: "A2:A3", list: STATUSES.split(",") }]);
  });

  it("reads the list rule back after load", async () => {
    await runBatch((sheet) => {
      sheet.getRange("A2:A3").dataValidation.rule = { list: { inCellDropDown: true, source: STATUSES } };
    });
    await Excel.run(async (context) => {
      const validation = context.workbook.worksheets
        .getItem("Sheet1")
        .getRange("A2:A3")
        .dataValidation.load("rule, type");
      await context.sync();
      expect([validation.type, validation.rule.list?.source]).toEqual(["List", STATUSES]);
    });
  });

  it("reports valid as false when a cell holds a value outside the list", async () => {
    await runBatch((sheet) => {
      sheet.getRange("A2:A3").dataValidation.rule = { list: { inCellDropDown: true, source: STATUSES } };
    });
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const listed = sheet.getRange("A2").dataValidation.load("valid");
      const unlisted = sheet.getRange("A3").dataValidation.load("valid"); // 完成 is not in the list
      await context.sync();
      expect([listed.valid, unlisted.valid]).toEqual([true, false]);
    });
  });

  it("removes the rule with dataValidation.clear()", async () => {
    host = install(oneSheet([], { validations: [{ range: "A2:A9", list: ["a", "b"] }] }));
    await runBatch((sheet) => sheet.getRange("A5:A9").dataValidation.clear());
    expect(host.snapshot().sheets[0]?.validations).toEqual([{ range: "A2:A4", list: ["a", "b"] }]);
  });

  it("fails with InvalidArgument for a typed list longer than Excel's 255 characters", async () => {
    const source = Array.from({ length: 60 }, (_, i) => `单位${i}`).join(",");
    const error = await rejectionOf(
      runBatch(
        (sheet) => (sheet.getRange("A2").dataValidation.rule = { list: { inCellDropDown: true, source } }),
      ),
    );
    expect(error.code).toBe("InvalidArgument");
  });

  it("takes a list from cells given as a Range", async () => {
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("C1:C2").values = [["甲"], ["乙"]];
      sheet.getRange("A2").dataValidation.rule = {
        list: { inCellDropDown: true, source: sheet.getRange("C1:C2") },
      };
      await context.sync();
    });
    expect(host.snapshot().sheets[0]?.validations).toEqual([
      { range: "A2", list: ["甲", "乙"], source: "=Sheet1!$C$1:$C$2" },
    ]);
  });
});

describe("charts", () => {
  it("adds a chart with a title and records it in the snapshot", async () => {
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const chart = sheet.charts.add(
        Excel.ChartType.columnClustered,
        sheet.getRange("A1:A3"),
        Excel.ChartSeriesBy.auto,
      );
      chart.title.text = "完成状态";
      chart.setPosition("C2", "H15");
      chart.load("name");
      await context.sync();
      expect(chart.name).toBe("Chart 1");
    });
    expect(host.snapshot().sheets[0]?.charts).toEqual([
      { name: "Chart 1", type: "ColumnClustered", sourceRange: "Sheet1!A1:A3", title: "完成状态" },
    ]);
  });

  it("fails with InvalidArgument for an unknown chart type", async () => {
    const error = await rejectionOf(
      runBatch((sheet) => void sheet.charts.add("Pyramid3000" as Excel.ChartType, sheet.getRange("A1:A3"))),
    );
    expect(error.code).toBe("InvalidArgument");
  });
});
