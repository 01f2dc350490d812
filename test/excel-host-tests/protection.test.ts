import { beforeEach, describe, expect, it } from "vitest";
import type { ExcelHost } from "../excel-host/host.ts";
import { install, oneSheet, rejectionOf } from "./helpers.ts";

let host: ExcelHost;

beforeEach(() => {
  // C is the only unlocked column, as on a reporter's fill sheet.
  host = install(oneSheet([["序号", "任务", "状态"]], { locked: { "C:C": false }, protected: true }));
});

async function runBatch(batch: (sheet: Excel.Worksheet) => void): Promise<void> {
  await Excel.run(async (context) => {
    batch(context.workbook.worksheets.getItem("Sheet1"));
    await context.sync();
  });
}

describe("sheet protection", () => {
  it("denies writing a locked cell of a protected sheet with AccessDenied", async () => {
    const error = await rejectionOf(runBatch((sheet) => (sheet.getRange("B2").values = [["x"]])));
    expect(error.code).toBe("AccessDenied");
    expect(host.snapshot().sheets[0]?.cells[1]).toBeUndefined();
  });

  it("allows writing an unlocked cell of a protected sheet", async () => {
    await runBatch((sheet) => (sheet.getRange("C2").values = [["序时推进"]]));
    expect(host.snapshot().sheets[0]?.cells[1]).toEqual([null, null, "序时推进"]);
  });

  it("denies a write whose range includes a locked cell even where the array holds null", async () => {
    const error = await rejectionOf(runBatch((sheet) => (sheet.getRange("B2:C2").values = [[null, "x"]])));
    expect(error.code).toBe("AccessDenied");
  });

  it("allows writing locked cells after unprotect", async () => {
    await runBatch((sheet) => {
      sheet.protection.unprotect();
      sheet.getRange("B2").values = [["x"]];
    });
    expect(host.snapshot().sheets[0]?.cells[1]).toEqual([null, "x"]);
  });

  it("denies formatting on a protected sheet unless allowFormatCells was given", async () => {
    const error = await rejectionOf(
      runBatch((sheet) => (sheet.getRange("C2").format.fill.color = "#FFFF00")),
    );
    expect(error.code).toBe("AccessDenied");
  });

  it("allows formatting when protected with allowFormatCells", async () => {
    await runBatch((sheet) => {
      sheet.protection.unprotect();
      sheet.protection.protect({ allowFormatCells: true });
      sheet.getRange("B2").format.fill.color = "#FFFF00";
    });
    expect(host.snapshot().sheets[0]?.fills).toEqual({ B2: "#FFFF00" });
  });

  it("denies changing a cell's lock while the sheet is protected", async () => {
    const error = await rejectionOf(
      runBatch((sheet) => (sheet.getRange("B2").format.protection.locked = false)),
    );
    expect(error.code).toBe("AccessDenied");
  });

  it("denies merging on a protected sheet", async () => {
    const error = await rejectionOf(runBatch((sheet) => sheet.getRange("A5:C5").merge()));
    expect(error.code).toBe("AccessDenied");
  });

  it("reports protection.protected after load", async () => {
    await Excel.run(async (context) => {
      const protection = context.workbook.worksheets.getItem("Sheet1").protection.load("protected");
      await context.sync();
      expect(protection.protected).toBe(true);
    });
  });

  it("leaves a protected sheet as it is when protect is called again", async () => {
    await runBatch((sheet) => sheet.protection.protect({ allowFormatCells: true }));
    const error = await rejectionOf(
      runBatch((sheet) => (sheet.getRange("C2").format.fill.color = "#FFFF00")),
    );
    expect(error.code).toBe("AccessDenied");
  });

  it("refuses unprotect with a wrong password", async () => {
    host = install(oneSheet([], { protected: true, protectionPassword: "secret" }));
    const error = await rejectionOf(runBatch((sheet) => sheet.protection.unprotect("guess")));
    expect(error.code).toBe("InvalidArgument");
  });

  it("records unlocked cells in the snapshot's locked map", async () => {
    host = install(oneSheet());
    await runBatch((sheet) => {
      sheet.getRange("D4:D5").format.protection.locked = false;
      sheet.protection.protect();
    });
    const sheet = host.snapshot().sheets[0];
    expect([sheet?.locked, sheet?.protected]).toEqual([{ D4: false, D5: false }, true]);
  });
});
