// Where office-addin-mock fits (checking which calls an action queues on plain objects) it is used;
// where it does not, the Excel stand-in is: the mock hands back a warning string for a property that
// was never loaded, where Excel throws — so a missing load() would pass a mock-only test.
import { OfficeMockObject } from "office-addin-mock";
import { describe, expect, test } from "vitest";
import { detectCapabilities } from "../../addin/excel/capabilities.ts";
import { queueSelectCell } from "../../addin/excel/select.ts";
import { installExcelHost } from "../excel-host/host.ts";
import { emptySheet, workbookSnapshot } from "../excel-host/snapshot.ts";

describe("with office-addin-mock", () => {
  test("selecting an issue's cell activates its sheet and selects that address", async () => {
    const calls: string[] = [];
    const mock = new OfficeMockObject({
      workbook: {
        worksheets: {
          getItem: (name: string) => {
            calls.push(`getItem ${name}`);
            return {
              activate: () => calls.push("activate"),
              getRange: (address: string) => {
                calls.push(`getRange ${address}`);
                return { select: () => calls.push("select") };
              },
            };
          },
        },
      },
    }) as unknown as Excel.RequestContext;
    queueSelectCell(mock, "2022-H1 市科技局", "C17");
    expect(calls).toEqual(["getItem 2022-H1 市科技局", "activate", "getRange C17", "select"]);
  });

  test("the status drop-down is used only where Office reports ExcelApi 1.8", () => {
    const office = (version: number) =>
      new OfficeMockObject({
        context: {
          requirements: {
            isSetSupported: (name: string, v: string) => name === "ExcelApi" && Number(v) <= version,
          },
        },
      }) as unknown as Parameters<typeof detectCapabilities>[0];
    expect(detectCapabilities(office(1.7))).toEqual({ dataValidation: false });
    expect(detectCapabilities(office(1.9))).toEqual({ dataValidation: true });
  });
});

describe("why the Excel stand-in backs the Office.js layer's tests", () => {
  test("office-addin-mock answers an unloaded property with a warning string instead of failing", async () => {
    const mock = new OfficeMockObject({ range: { values: [["序时推进"]] } }) as unknown as {
      range: { values: unknown };
    };
    expect(typeof mock.range.values).toBe("string");
    expect(String(mock.range.values)).toMatch(/load/iu);
  });

  test("the stand-in throws PropertyNotLoaded for the same mistake, as Excel does", async () => {
    installExcelHost(globalThis, workbookSnapshot([emptySheet("表1", { cells: [["序时推进"]] })]));
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("表1").getRange("A1");
      expect(() => range.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      range.load("values");
      await context.sync();
      expect(range.values).toEqual([["序时推进"]]);
    });
  });
});
