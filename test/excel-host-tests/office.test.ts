import { describe, expect, it } from "vitest";
import { createExcelHost } from "../excel-host/host.ts";
import { install } from "./helpers.ts";

describe("the Office global", () => {
  it("resolves onReady with the Excel host and calls the callback", async () => {
    install();
    const seen: unknown[] = [];
    const info = await Office.onReady((i) => seen.push(i));
    expect(info).toEqual({ host: "Excel", platform: "PC" });
    expect(seen).toEqual([info]);
    expect(info.host).toBe(Office.HostType.Excel);
  });

  it("reports zh-CN as display language unless told otherwise", () => {
    expect(createExcelHost().Office.context.displayLanguage).toBe("zh-CN");
    expect(createExcelHost(undefined, { displayLanguage: "en-US" }).Office.context.displayLanguage).toBe(
      "en-US",
    );
  });

  it("supports ExcelApi up to 1.9 by default", () => {
    install();
    expect(Office.context.requirements.isSetSupported("ExcelApi", "1.9")).toBe(true);
    expect(Office.context.requirements.isSetSupported("ExcelApi", "1.10")).toBe(false);
  });

  it("supports a higher ExcelApi when configured", () => {
    install(undefined, { excelApiVersion: "1.12" });
    expect(Office.context.requirements.isSetSupported("ExcelApi", "1.10")).toBe(true);
  });

  it("accepts an assignment to Office.initialize", () => {
    install();
    expect(() => (Office.initialize = () => undefined)).not.toThrow();
  });

  it("starts from one empty Sheet1 without a snapshot", () => {
    const host = createExcelHost();
    expect(host.snapshot().sheets.map((s) => s.name)).toEqual(["Sheet1"]);
  });
});
