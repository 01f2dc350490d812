// Driving the task pane in Chromium on the Excel stand-in: the stand-in injected before the page loads
// (Office.js's request answered with an empty script, or it would replace the stand-in's globals), idle
// waits, clicks by data-testid, the message line, and typing into the workbook as a person does.
import type { Page } from "playwright-core";
import type { WorkbookSnapshot } from "../excel-host/snapshot.ts";
import type { Browser } from "./browser.ts";

export interface PaneOptions {
  /** Which spreadsheet program the pane runs in: the Excel stand-in (default) or the WPS stand-in. */
  kind?: "excel" | "wps";
  /** The stand-in's browser bundle (test/excel-host/bundle.ts's buildBrowserBundle(), or test/wps-host/bundle.ts's). */
  hostBundle: string;
  /** The stand-in's options (globalThis.__KEYWORK_EXCEL_OPTIONS__), e.g. { displayLanguage: "en-US" }. */
  excel?: Record<string, unknown>;
  /** The workbook Excel opens with (globalThis.__KEYWORK_EXCEL_SNAPSHOT__); an empty Sheet1 when absent. */
  workbook?: WorkbookSnapshot;
  viewport?: { width: number; height: number };
}

/** A new page of the task pane at `url` (…/addin/taskpane.html, or …/wps/taskpane.html), idle after start. */
export async function openPane(browser: Browser, url: string, options: PaneOptions): Promise<Page> {
  const page = await browser.newPage();
  if (options.viewport) await page.setViewportSize(options.viewport);
  if (options.kind === "wps") {
    // WPS's globals (Application, wps) are there before the page's scripts, as in WPS's task pane.
    if (options.workbook)
      await page.addInitScript({
        content: `globalThis.__KEYWORK_WPS_SNAPSHOT__ = ${JSON.stringify(options.workbook)};`,
      });
    await page.addInitScript({ content: options.hostBundle });
    await page.goto(url);
    await idle(page);
    return page;
  }
  await page.route(
    "**/addin/office-js/office.js",
    (route) =>
      void route.fulfill({
        contentType: "text/javascript",
        body: "/* the Excel stand-in replaces office.js */",
      }),
  );
  const globals = [`globalThis.__KEYWORK_EXCEL_OPTIONS__ = ${JSON.stringify(options.excel ?? {})};`];
  if (options.workbook)
    globals.push(`globalThis.__KEYWORK_EXCEL_SNAPSHOT__ = ${JSON.stringify(options.workbook)};`);
  await page.addInitScript({ content: globals.join("\n") });
  await page.addInitScript({ content: options.hostBundle });
  await page.goto(url);
  await idle(page);
  return page;
}

/** Waits until the pane's current action (if any) has ended. */
export const idle = (page: Page) =>
  page.waitForFunction(() => document.getElementById("app")?.getAttribute("data-busy") === "false");

export const tid = (id: string) => `[data-testid="${id}"]`;

/** Clicks a control and waits for the action it started to end. */
export async function click(page: Page, target: string): Promise<void> {
  await page.click(target.startsWith("[") ? target : tid(target));
  await idle(page);
}

export async function message(page: Page): Promise<{ kind: string | null; text: string | null }> {
  return {
    kind: await page.getAttribute(tid("message"), "data-kind"),
    text: await page.textContent(tid("message")),
  };
}

/** Signs in through the connect form (the server URL left as the pane proposes unless given). */
export async function signIn(
  page: Page,
  username: string,
  password: string,
  serverUrl?: string,
): Promise<void> {
  if (serverUrl !== undefined) await page.fill(tid("server-url"), serverUrl);
  await page.fill(tid("username"), username);
  await page.fill(tid("password"), password);
  await click(page, "sign-in");
}

/**
 * Types status and progress into the active sheet's row of this 序号 (found in column A), as a person
 * would: through Excel's API in the page, so the stand-in applies what typing does (values typed as
 * Excel types them, locked cells of a protected sheet refused).
 */
export async function type(page: Page, seq: number, status: string, progress: string): Promise<void> {
  if (await isWps(page)) {
    await page.evaluate(
      ([seq, status, progress]) => {
        const app = (globalThis as unknown as { Application: WpsApp }).Application;
        const sheet = app.ActiveWorkbook.ActiveSheet;
        const used = sheet.UsedRange;
        const i = (used.Value2 as unknown[][]).findIndex((r) => r[0] === seq);
        if (i === -1) throw new Error(`no row of 序号 ${seq} on the active sheet`);
        const row = used.Row + i;
        sheet.Range(`C${row}:D${row}`).Value2 = [[status, progress]];
      },
      [seq, status, progress] as const,
    );
    return;
  }
  await page.evaluate(
    async ([seq, status, progress]) => {
      const excel = (globalThis as unknown as { Excel: typeof Excel }).Excel;
      await excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getActiveWorksheet();
        const used = sheet.getUsedRange(true);
        used.load("values,rowIndex");
        await context.sync();
        const i = used.values.findIndex((r) => r[0] === seq);
        if (i === -1) throw new Error(`no row of 序号 ${seq} on the active sheet`);
        sheet.getRangeByIndexes(used.rowIndex + i, 2, 1, 2).values = [[status, progress]];
        await context.sync();
      });
    },
    [seq, status, progress] as const,
  );
}

interface HostWindow {
  __excelHost?: { syncCount(): number; snapshot(): WorkbookSnapshot };
  __wpsHost?: { snapshot(): WorkbookSnapshot; tabs(): string[] };
}

/** The part of WPS's object model the page-side helpers use (typed loosely: it runs in the page). */
export interface WpsApp {
  ActiveWorkbook: {
    ActiveSheet: WpsSheet;
    Worksheets: { Item(key: string | number): WpsSheet };
  };
}
interface WpsSheet {
  Name: string;
  UsedRange: { Row: number; Column: number; Value2: unknown };
  Range(address: string): { Value2: unknown };
  Cells(row: number, column: number): { Value2: unknown };
  Unprotect(password?: string): void;
}

/** Whether the page runs on the WPS stand-in. */
export function isWps(page: Page): Promise<boolean> {
  return page.evaluate(() => (globalThis as unknown as HostWindow).__wpsHost !== undefined);
}

/** The sheet tabs WPS shows (visible sheets only); only on the WPS stand-in. */
export function tabsOf(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as { __wpsHost: { tabs(): string[] } }).__wpsHost.tabs());
}

/** The stand-in's workbook, as JSON. */
export function workbookOf(page: Page): Promise<WorkbookSnapshot> {
  return page.evaluate(() => {
    const w = globalThis as unknown as HostWindow;
    return (w.__wpsHost ?? w.__excelHost)!.snapshot();
  });
}

/** `context.sync()` round trips so far, across every Excel.run of the page; 0 in WPS (its calls are synchronous). */
export function syncCount(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as HostWindow).__excelHost?.syncCount() ?? 0);
}
