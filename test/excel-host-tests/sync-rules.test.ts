import { beforeEach, describe, expect, it } from "vitest";
import type { ExcelHost } from "../excel-host/host.ts";
import { install, oneSheet, rejectionOf } from "./helpers.ts";

let host: ExcelHost;

beforeEach(() => {
  host = install(
    oneSheet([
      ["a", "b"],
      [1, 2],
    ]),
  );
});

describe("loading and reading proxy properties", () => {
  it("throws PropertyNotLoaded when a property is read without load and sync", async () => {
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:B2");
      expect(() => range.values).toThrow(OfficeExtension.Error);
      try {
        void range.values;
      } catch (error) {
        expect((error as OfficeExtension.Error).code).toBe("PropertyNotLoaded");
        expect((error as OfficeExtension.Error).message).toContain("'values'");
      }
      await context.sync();
    });
  });

  it("throws PropertyNotLoaded when a property was loaded but the sync has not completed", async () => {
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:B2").load("values");
      const pending = context.sync();
      expect(() => range.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await pending;
      expect(range.values).toEqual([
        ["a", "b"],
        [1, 2],
      ]);
    });
  });

  it("throws PropertyNotLoaded for a property other than the ones loaded", async () => {
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:B2").load("values");
      await context.sync();
      expect(() => range.address).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
    });
  });

  it("loads the string, array and object forms of load alike", async () => {
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const a = sheet.getRange("A1:B2").load("values, address");
      const b = sheet.getRange("A1:B2").load(["values", "address"]);
      const c = sheet.getRange("A1:B2").load({ select: "values,address" });
      const d = sheet.getRange("A1:B2").load({ values: true, address: true });
      await context.sync();
      for (const range of [a, b, c, d]) {
        expect(range.address).toBe("Sheet1!A1:B2");
        expect(range.values).toEqual([
          ["a", "b"],
          [1, 2],
        ]);
      }
    });
  });

  it("loads navigation paths such as format/fill/color", async () => {
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets
        .getItem("Sheet1")
        .getRange("A1")
        .load("format/fill/color, format/font/bold");
      await context.sync();
      expect(range.format.fill.color).toBe("#FFFFFF");
      expect(range.format.font.bold).toBe(false);
      expect(() => range.format.wrapText).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
    });
  });

  it("keeps loaded values as they were at the sync that loaded them", async () => {
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1").load("values");
      await context.sync();
      context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["changed"]];
      await context.sync();
      expect(range.values).toEqual([["a"]]);
    });
  });

  it("loads a value at its place in the batch, after the writes queued before it", async () => {
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      range.values = [["first"]];
      const early = context.workbook.worksheets.getItem("Sheet1").getRange("A1").load("values");
      range.values = [["second"]];
      await context.sync();
      expect(early.values).toEqual([["first"]]);
    });
  });

  it("returns a value just set without a sync, as office.js keeps what was assigned", async () => {
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      range.values = [["x"]];
      expect(range.values).toEqual([["x"]]);
      await context.sync();
    });
  });
});

describe("queued writes", () => {
  it("applies a write to the workbook only when the sync runs", async () => {
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["new"]];
      expect(host.snapshot().sheets[0]?.cells[0]?.[0]).toBe("a");
      await context.sync();
      expect(host.snapshot().sheets[0]?.cells[0]?.[0]).toBe("new");
    });
  });

  it("flushes writes left queued when the Excel.run batch ends", async () => {
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["late"]];
    });
    expect(host.snapshot().sheets[0]?.cells[0]?.[0]).toBe("late");
  });

  it("applies queued operations in the order they were made", async () => {
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      range.values = [["one"]];
      range.values = [["two"]];
      await context.sync();
    });
    expect(host.snapshot().sheets[0]?.cells[0]?.[0]).toBe("two");
  });

  it("keeps the operations before a failing one and drops those after it", async () => {
    const error = await rejectionOf(
      Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("Sheet1");
        sheet.getRange("A1").values = [["before"]];
        sheet.getRange("A1:B1").values = [["only one"]];
        sheet.getRange("B1").values = [["after"]];
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidArgument");
    expect(host.snapshot().sheets[0]?.cells[0]).toEqual(["before", "b"]);
  });

  it("reports the failing member in debugInfo.errorLocation", async () => {
    const error = await rejectionOf(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1:B1").values = [[1]];
        await context.sync();
      }),
    );
    expect(error).toBeInstanceOf(OfficeExtension.Error);
    expect(error.debugInfo.errorLocation).toBe("Range.values");
  });

  it("delivers nothing loaded in a batch that failed", async () => {
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const range = sheet.getRange("A1").load("values");
      sheet.getRange("A1:B1").values = [[1]];
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
      expect(() => range.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
    });
  });
});

describe("sync counting", () => {
  it("counts every context.sync across Excel.run calls", async () => {
    await Excel.run(async (context) => {
      await context.sync();
      await context.sync();
    });
    await Excel.run(async (context) => {
      await context.sync();
    });
    expect(host.syncCount()).toBe(3);
  });

  it("counts the flush at the end of Excel.run only when work was left queued", async () => {
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
    });
    await Excel.run(async () => undefined);
    expect(host.syncCount()).toBe(1);
  });

  it("starts again from zero after resetSyncCount", async () => {
    await Excel.run(async (context) => context.sync());
    host.resetSyncCount();
    expect(host.syncCount()).toBe(0);
  });
});

describe("objects across request contexts", () => {
  it("fails with InvalidObjectPath when a proxy of a finished Excel.run is used in a later one", async () => {
    let stale: Excel.Range | undefined;
    await Excel.run(async (context) => {
      stale = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      await context.sync();
    });
    const error = await rejectionOf(
      Excel.run(async (context) => {
        stale!.values = [["x"]];
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidObjectPath");
    expect(host.snapshot().sheets[0]?.cells[0]?.[0]).toBe("a");
  });

  it("fails with InvalidObjectPath when the finished context itself is synced", async () => {
    let stale: Excel.Range | undefined;
    await Excel.run(async (context) => {
      stale = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      await context.sync();
    });
    stale!.load("values");
    await expect(stale!.context.sync()).rejects.toMatchObject({ code: "InvalidObjectPath" });
  });

  it("keeps values loaded in a finished Excel.run readable", async () => {
    let range: Excel.Range | undefined;
    await Excel.run(async (context) => {
      range = context.workbook.worksheets.getItem("Sheet1").getRange("B2").load("values");
      await context.sync();
    });
    expect(range!.values).toEqual([[2]]);
  });

  it("refuses a proxy of another context as an argument with InvalidRequestContext", async () => {
    await Excel.run(async (outer) => {
      const a1 = outer.workbook.worksheets.getItem("Sheet1").getRange("A1");
      await Excel.run(async (inner) => {
        const b2 = inner.workbook.worksheets.getItem("Sheet1").getRange("B2");
        expect(() => b2.getBoundingRect(a1)).toThrow(
          expect.objectContaining({ code: "InvalidRequestContext" }),
        );
      });
    });
  });
});

describe("Excel.run", () => {
  it("returns what the batch function returns", async () => {
    const result = await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A2").load("values");
      await context.sync();
      return range.values[0]?.[0];
    });
    expect(result).toBe(1);
  });

  it("rejects with RunMustReturnPromise when the batch does not return a promise", async () => {
    const batch = (() => 1) as unknown as (context: Excel.RequestContext) => Promise<unknown>;
    await expect(Excel.run(batch)).rejects.toMatchObject({ code: "RunMustReturnPromise" });
  });
});
