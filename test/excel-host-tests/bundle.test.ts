import { beforeAll, describe, expect, it } from "vitest";
import { buildBrowserBundle } from "../excel-host/bundle.ts";
import type { ExcelHost } from "../excel-host/host.ts";
import { emptySheet, workbookSnapshot } from "../excel-host/snapshot.ts";

let bundle: string;

beforeAll(async () => {
  bundle = await buildBrowserBundle();
});

interface FakeWindow {
  __KEYWORK_EXCEL_SNAPSHOT__?: unknown;
  Office?: { onReady(): Promise<{ host: string }> };
  Excel?: { run(batch: (context: Excel.RequestContext) => Promise<unknown>): Promise<unknown> };
  __excelHost?: ExcelHost;
}

/** Runs the bundle with `window` and `globalThis` both bound to a plain object, as a page would. */
function evaluateIn(fake: FakeWindow): void {
  new Function("window", "globalThis", bundle)(fake, fake);
}

describe("the browser bundle", () => {
  it("builds into one script without imports", () => {
    expect(bundle.length).toBeGreaterThan(1000);
    expect(bundle).not.toMatch(/^\s*import\s/m);
    expect(bundle).not.toMatch(/require\(["']node:/);
  });

  it("installs Office and Excel on the window it runs in", async () => {
    const fake: FakeWindow = {};
    evaluateIn(fake);
    expect(typeof fake.Excel?.run).toBe("function");
    await expect(fake.Office?.onReady()).resolves.toMatchObject({ host: "Excel" });
  });

  it("starts from the snapshot put on __KEYWORK_EXCEL_SNAPSHOT__ and exposes the host", async () => {
    const fake: FakeWindow = {
      __KEYWORK_EXCEL_SNAPSHOT__: workbookSnapshot([emptySheet("预置", { cells: [["hello"]] })]),
    };
    evaluateIn(fake);
    await fake.Excel?.run(async (context) => {
      const range = context.workbook.worksheets.getItem("预置").getRange("A1").load("values");
      await context.sync();
      range.values = [[`${String(range.values[0]?.[0])} world`]];
    });
    expect(fake.__excelHost?.snapshot().sheets[0]?.cells).toEqual([["hello world"]]);
    expect(fake.__excelHost?.syncCount()).toBe(2);
  });
});
