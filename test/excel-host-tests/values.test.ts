import { beforeEach, describe, expect, it } from "vitest";
import type { ExcelHost } from "../excel-host/host.ts";
import { install, oneSheet, rejectionOf } from "./helpers.ts";

let host: ExcelHost;

beforeEach(() => {
  host = install(
    oneSheet([
      ["a", "b", "c"],
      [1, 2, 3],
    ]),
  );
});

async function write(address: string, values: unknown): Promise<void> {
  await Excel.run(async (context) => {
    context.workbook.worksheets.getItem("Sheet1").getRange(address).values = values as unknown[][];
    await context.sync();
  });
}

async function read(
  address: string,
  property: "values" | "text" | "numberFormat" | "formulas" | "valueTypes" = "values",
) {
  return Excel.run(async (context) => {
    const range = context.workbook.worksheets.getItem("Sheet1").getRange(address).load(property);
    await context.sync();
    return range[property] as unknown[][];
  });
}

describe("writing values", () => {
  it("rejects a 2-D array whose shape differs from the range with InvalidArgument", async () => {
    const error = await rejectionOf(write("A1:C2", [[1, 2, 3]]));
    expect(error.code).toBe("InvalidArgument");
  });

  it("rejects a ragged 2-D array with InvalidArgument", async () => {
    const error = await rejectionOf(write("A1:B2", [[1, 2], [3]]));
    expect(error.code).toBe("InvalidArgument");
  });

  it("fails only at sync, not when the mismatching array is assigned", async () => {
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:B1");
      expect(() => (range.values = [[1]])).not.toThrow();
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
    });
  });

  it("writes a single scalar into every cell of the range", async () => {
    await write("A1:B2", "x");
    expect(await read("A1:B2")).toEqual([
      ["x", "x"],
      ["x", "x"],
    ]);
  });

  it("rejects null as the whole value with InvalidArgument", async () => {
    const error = await rejectionOf(write("A1", null));
    expect(error.code).toBe("InvalidArgument");
  });

  it("leaves cells given null in the array unchanged", async () => {
    await write("A1:C1", [[null, "B", null]]);
    expect(await read("A1:C1")).toEqual([["a", "B", "c"]]);
  });

  it("empties cells given an empty string", async () => {
    await write("A1:B1", [["", ""]]);
    expect(await read("A1:C1")).toEqual([["", "", "c"]]);
  });

  it("reads empty cells as empty strings", async () => {
    expect(await read("D1:E1")).toEqual([["", ""]]);
  });

  it("turns number-like text into a number, as typing it into Excel does", async () => {
    await write("A1:C1", [["12", "1,234", "50%"]]);
    expect(await read("A1:C1")).toEqual([[12, 1234, 0.5]]);
  });

  it("turns TRUE and FALSE text into booleans", async () => {
    await write("A1:B1", [["TRUE", "false"]]);
    expect(await read("A1:B1")).toEqual([[true, false]]);
  });

  it("turns a date-like text into a date serial number with a date format", async () => {
    await write("A1", [["2022-07-01"]]);
    expect(await read("A1")).toEqual([[44743]]);
    expect(await read("A1", "numberFormat")).toEqual([["yyyy/m/d"]]);
    expect(await read("A1", "text")).toEqual([["2022/7/1"]]);
  });

  it("keeps text after a leading apostrophe as text", async () => {
    await write("A1", [["'0012"]]);
    expect(await read("A1")).toEqual([["0012"]]);
  });

  it("keeps text as written in a cell formatted as text (@)", async () => {
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      range.numberFormat = [["@"]];
      range.values = [["0012"]];
      await context.sync();
    });
    expect(await read("A1")).toEqual([["0012"]]);
  });

  it("reads text starting with = + or - as a formula, which the host does not evaluate", async () => {
    await write("A1:B1", [["=SUM(1,2)", "- 完成情况"]]);
    expect(await read("A1:B1")).toEqual([["#NAME?", "#NAME?"]]);
    expect(await read("A1:B1", "formulas")).toEqual([["=SUM(1,2)", "=- 完成情况"]]);
    expect(await read("A1:B1", "valueTypes")).toEqual([["Error", "Error"]]);
  });

  it("rejects text longer than Excel's 32767 characters per cell", async () => {
    const error = await rejectionOf(write("A1", [["x".repeat(32_768)]]));
    expect(error.code).toBe("InvalidArgument");
  });

  it("takes the array as it is at sync time, not at assignment", async () => {
    await Excel.run(async (context) => {
      const values = [["first"]];
      context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = values;
      values[0]![0] = "mutated";
      await context.sync();
    });
    expect(await read("A1")).toEqual([["mutated"]]);
  });
});

describe("reading", () => {
  it("reports the sheet-qualified address, indexes and counts", async () => {
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets
        .getItem("Sheet1")
        .getRange("B2:E40")
        .load("address, rowIndex, columnIndex, rowCount, columnCount");
      await context.sync();
      expect([range.address, range.rowIndex, range.columnIndex, range.rowCount, range.columnCount]).toEqual([
        "Sheet1!B2:E40",
        1,
        1,
        39,
        4,
      ]);
    });
  });

  it("reads text with numbers as displayed", async () => {
    expect(await read("A1:C2", "text")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
  });

  it("quotes a sheet name starting with a digit in addresses, as Excel does", async () => {
    install({
      sheets: [{ ...oneSheet().sheets[0]!, name: "2022上半年" }],
      activeSheet: "2022上半年",
      selection: { sheet: "2022上半年", address: "A1" },
    });
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("2022上半年").getRange("A1:E1").load("address");
      await context.sync();
      expect(range.address).toBe("'2022上半年'!A1:E1");
    });
  });

  it("reads a whole column given as C:C", async () => {
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets
        .getItem("Sheet1")
        .getRange("C:C")
        .load("address, rowCount, isEntireColumn");
      await context.sync();
      expect([range.address, range.rowCount, range.isEntireColumn]).toEqual(["Sheet1!C:C", 1_048_576, true]);
    });
  });

  it("navigates with getCell, getRow, getColumn, getResizedRange and getOffsetRange", async () => {
    await Excel.run(async (context) => {
      const base = context.workbook.worksheets.getItem("Sheet1").getRange("A1:C2");
      const ranges = [
        base.getCell(1, 2),
        base.getRow(1),
        base.getColumn(0),
        base.getResizedRange(1, -1),
        base.getOffsetRange(2, 1),
      ].map((r) => r.load("address"));
      await context.sync();
      expect(ranges.map((r) => r.address)).toEqual([
        "Sheet1!C2",
        "Sheet1!A2:C2",
        "Sheet1!A1:A2",
        "Sheet1!A1:B3",
        "Sheet1!B3:D4",
      ]);
    });
  });

  it("fails at sync with InvalidArgument for a range that would leave the sheet", async () => {
    const error = await rejectionOf(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1").getOffsetRange(-1, 0).load("address");
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidArgument");
    expect(error.debugInfo.errorLocation).toBe("Range.getOffsetRange");
  });

  it("fails at sync with InvalidArgument for an address Excel cannot read", async () => {
    const error = await rejectionOf(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1:B2:C3").load("values");
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidArgument");
  });

  it("gets the same cells through getRangeByIndexes as through an A1 address", async () => {
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets
        .getItem("Sheet1")
        .getRangeByIndexes(0, 0, 2, 3)
        .load("address, values");
      await context.sync();
      expect(range.address).toBe("Sheet1!A1:C2");
      expect(range.values).toEqual([
        ["a", "b", "c"],
        [1, 2, 3],
      ]);
    });
  });
});

describe("merged cells", () => {
  it("keeps only the top-left value when cells are merged", async () => {
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1:C1").merge();
      await context.sync();
    });
    expect(await read("A1:C1")).toEqual([["a", "", ""]]);
    expect(host.snapshot().sheets[0]?.merges).toEqual(["A1:C1"]);
  });

  it("merges each row separately when merging across", async () => {
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1:C2").merge(true);
      await context.sync();
    });
    expect(host.snapshot().sheets[0]?.merges).toEqual(["A1:C1", "A2:C2"]);
  });

  it("ignores values written under a merge outside its top-left cell", async () => {
    install(oneSheet([["title"]], { merges: ["A1:E1"] }));
    await write("A1:E1", [["new title", "x", "y", "z", "w"]]);
    expect(await read("A1:E1")).toEqual([["new title", "", "", "", ""]]);
  });

  it("removes the merge on unmerge, leaving the value in the top-left cell", async () => {
    host = install(oneSheet([["title"]], { merges: ["A1:E1"] }));
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("B1").unmerge();
      await context.sync();
    });
    expect(host.snapshot().sheets[0]?.merges).toEqual([]);
    expect(host.snapshot().sheets[0]?.cells[0]).toEqual(["title"]);
  });
});

describe("clear", () => {
  it("clears contents but keeps formats with Contents", async () => {
    host = install(oneSheet([["a"]], { fills: { A1: "#FFFF00" } }));
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1").clear("Contents");
      await context.sync();
    });
    const sheet = host.snapshot().sheets[0];
    expect([sheet?.cells, sheet?.fills]).toEqual([[], { A1: "#FFFF00" }]);
  });

  it("clears contents and formats with All", async () => {
    host = install(oneSheet([["a"]], { fills: { A1: "#FFFF00" }, merges: ["A1:B1"] }));
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1:B1").clear();
      await context.sync();
    });
    const sheet = host.snapshot().sheets[0];
    expect([sheet?.cells, sheet?.fills, sheet?.merges]).toEqual([[], {}, []]);
  });
});
