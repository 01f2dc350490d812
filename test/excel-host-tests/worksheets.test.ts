import { beforeEach, describe, expect, it } from "vitest";
import type { ExcelHost } from "../excel-host/host.ts";
import { emptySheet, workbookSnapshot } from "../excel-host/snapshot.ts";
import { install, rejectionOf } from "./helpers.ts";

let host: ExcelHost;

beforeEach(() => {
  host = install(workbookSnapshot([emptySheet("Sheet1", { cells: [["x"]] }), emptySheet("Data")]));
});

async function runBatch(batch: (context: Excel.RequestContext) => void): Promise<void> {
  await Excel.run(async (context) => {
    batch(context);
    await context.sync();
  });
}

describe("finding worksheets", () => {
  it("fails the sync with ItemNotFound when getItem names a missing sheet", async () => {
    const error = await rejectionOf(
      runBatch((context) => void context.workbook.worksheets.getItem("Missing")),
    );
    expect(error.code).toBe("ItemNotFound");
    expect(error.debugInfo.errorLocation).toBe("WorksheetCollection.getItem");
  });

  it("does not fail when getItem is called, only when the batch is synced", async () => {
    await Excel.run(async (context) => {
      expect(() => context.workbook.worksheets.getItem("Missing")).not.toThrow();
      await expect(context.sync()).rejects.toMatchObject({ code: "ItemNotFound" });
    });
  });

  it("gives a null object for a missing sheet from getItemOrNullObject", async () => {
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItemOrNullObject("Missing");
      await context.sync();
      expect(sheet.isNullObject).toBe(true);
    });
  });

  it("gives a real sheet from getItemOrNullObject when it exists", async () => {
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItemOrNullObject("Data");
      await context.sync();
      expect(sheet.isNullObject).toBe(false);
    });
  });

  it("throws PropertyNotLoaded when isNullObject is read before a sync", async () => {
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItemOrNullObject("Missing");
      expect(() => sheet.isNullObject).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await context.sync();
    });
  });

  it("ignores writes through a null object", async () => {
    await runBatch((context) => {
      context.workbook.worksheets.getItemOrNullObject("Missing").getRange("A1").values = [["lost"]];
    });
    expect(host.snapshot().sheets.map((s) => s.name)).toEqual(["Sheet1", "Data"]);
  });

  it("finds sheets by name regardless of case, as Excel does", async () => {
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("data").load("name");
      await context.sync();
      expect(sheet.name).toBe("Data");
    });
  });

  it("lists the sheets after load('items/name')", async () => {
    await Excel.run(async (context) => {
      const sheets = context.workbook.worksheets.load("items/name");
      await context.sync();
      expect(sheets.items.map((s) => s.name)).toEqual(["Sheet1", "Data"]);
    });
  });

  it("throws PropertyNotLoaded for items of a collection that was not loaded", async () => {
    await Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      await context.sync();
      expect(() => sheets.items).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
    });
  });

  it("counts sheets through getCount after sync", async () => {
    await Excel.run(async (context) => {
      const count = context.workbook.worksheets.getCount();
      expect(() => count.value).toThrow(expect.objectContaining({ code: "ValueNotLoaded" }));
      await context.sync();
      expect(count.value).toBe(2);
    });
  });
});

describe("adding, renaming and deleting", () => {
  it("adds a sheet at the end", async () => {
    await runBatch((context) => void context.workbook.worksheets.add("新表"));
    expect(host.snapshot().sheets.map((s) => s.name)).toEqual(["Sheet1", "Data", "新表"]);
  });

  it("fails with ItemAlreadyExists when the added name exists in any case", async () => {
    const error = await rejectionOf(runBatch((context) => void context.workbook.worksheets.add("DATA")));
    expect(error.code).toBe("ItemAlreadyExists");
  });

  it("fails with InvalidArgument for a name longer than 31 characters", async () => {
    const error = await rejectionOf(
      runBatch((context) => void context.workbook.worksheets.add("x".repeat(32))),
    );
    expect(error.code).toBe("InvalidArgument");
  });

  it.each(["a[b", "a]b", "a:b", "a*b", "a?b", "a/b", "a\\b"])(
    "fails with InvalidArgument for the name %s",
    async (name) => {
      const error = await rejectionOf(runBatch((context) => void context.workbook.worksheets.add(name)));
      expect(error.code).toBe("InvalidArgument");
    },
  );

  it("names an unnamed new sheet after the highest SheetN", async () => {
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.add().load("name");
      await context.sync();
      expect(sheet.name).toBe("Sheet2");
    });
  });

  it("renames a sheet by setting its name", async () => {
    await runBatch((context) => {
      context.workbook.worksheets.getItem("Data").name = "数据";
    });
    expect(host.snapshot().sheets.map((s) => s.name)).toEqual(["Sheet1", "数据"]);
  });

  it("deletes a sheet", async () => {
    await runBatch((context) => context.workbook.worksheets.getItem("Data").delete());
    expect(host.snapshot().sheets.map((s) => s.name)).toEqual(["Sheet1"]);
  });

  it("fails with ItemNotFound when a deleted sheet is used again", async () => {
    const error = await rejectionOf(
      Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("Data");
        sheet.delete();
        await context.sync();
        sheet.getRange("A1").values = [[1]];
        await context.sync();
      }),
    );
    expect(error.code).toBe("ItemNotFound");
  });
});

describe("visibility and activation", () => {
  it("hides a sheet as very hidden with Excel.SheetVisibility.veryHidden", async () => {
    await runBatch((context) => {
      context.workbook.worksheets.getItem("Data").visibility = Excel.SheetVisibility.veryHidden;
    });
    expect(host.snapshot().sheets[1]?.visibility).toBe("VeryHidden");
  });

  it("reads visibility back as the string VeryHidden", async () => {
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Data");
      sheet.visibility = Excel.SheetVisibility.veryHidden;
      await context.sync();
      sheet.load("visibility");
      await context.sync();
      expect(sheet.visibility).toBe("VeryHidden");
    });
  });

  it("fails with InvalidOperation when a very hidden sheet is deleted", async () => {
    host = install(
      workbookSnapshot([emptySheet("Sheet1"), emptySheet("Meta", { visibility: "VeryHidden" })]),
    );
    const error = await rejectionOf(
      runBatch((context) => context.workbook.worksheets.getItem("Meta").delete()),
    );
    expect(error.code).toBe("InvalidOperation");
  });

  it("fails with InvalidOperation when the last visible sheet would be hidden", async () => {
    host = install(workbookSnapshot([emptySheet("Only")]));
    const error = await rejectionOf(
      runBatch((context) => {
        context.workbook.worksheets.getItem("Only").visibility = Excel.SheetVisibility.hidden;
      }),
    );
    expect(error.code).toBe("InvalidOperation");
  });

  it("makes an activated sheet the active worksheet", async () => {
    await runBatch((context) => context.workbook.worksheets.getItem("Data").activate());
    await Excel.run(async (context) => {
      const active = context.workbook.worksheets.getActiveWorksheet().load("name");
      await context.sync();
      expect(active.name).toBe("Data");
    });
    expect(host.snapshot().activeSheet).toBe("Data");
  });

  it("moves the selection with Range.select", async () => {
    await runBatch((context) => context.workbook.worksheets.getItem("Data").getRange("B3:C4").select());
    await Excel.run(async (context) => {
      const selected = context.workbook.getSelectedRange().load("address");
      await context.sync();
      expect(selected.address).toBe("Data!B3:C4");
    });
    expect(host.snapshot().selection).toEqual({ sheet: "Data", address: "B3:C4" });
  });

  it("reorders sheets through position", async () => {
    await runBatch((context) => {
      context.workbook.worksheets.getItem("Data").position = 0;
    });
    expect(host.snapshot().sheets.map((s) => s.name)).toEqual(["Data", "Sheet1"]);
  });
});

describe("used range", () => {
  it("returns A1 for an empty sheet from getUsedRange", async () => {
    await Excel.run(async (context) => {
      const used = context.workbook.worksheets.getItem("Data").getUsedRange().load("address");
      await context.sync();
      expect(used.address).toBe("Data!A1");
    });
  });

  it("returns a null object for an empty sheet from getUsedRangeOrNullObject", async () => {
    await Excel.run(async (context) => {
      const used = context.workbook.worksheets.getItem("Data").getUsedRangeOrNullObject();
      await context.sync();
      expect(used.isNullObject).toBe(true);
    });
  });

  it("covers values and formatted cells", async () => {
    host = install(workbookSnapshot([emptySheet("S", { cells: [[null, "v"]], fills: { D5: "#FF0000" } })]));
    await Excel.run(async (context) => {
      const used = context.workbook.worksheets.getItem("S").getUsedRange().load("address");
      const valuesOnly = context.workbook.worksheets.getItem("S").getUsedRange(true).load("address");
      await context.sync();
      expect([used.address, valuesOnly.address]).toEqual(["S!B1:D5", "S!B1"]);
    });
  });
});
