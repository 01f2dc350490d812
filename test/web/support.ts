// Web-page test support on top of the shared helpers (test/support/browser.ts: Debian's chromium via
// playwright-core and the console guard; test/support/child-server.ts: `keywork start` and `keywork
// add-user` as child processes): the build, waiting assertions, workbooks.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import type { Browser } from "../support/browser.ts";
import { addUserCli, startChildServer } from "../support/child-server.ts";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const ARTIFACTS = join(ROOT, "test-artifacts", "web");

export function buildWeb(): string {
  const out = spawnSync(process.execPath, [join(ROOT, "scripts/build-web.mjs")], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (out.status !== 0) throw new Error(`build-web failed:\n${out.stdout}\n${out.stderr}`);
  return out.stdout;
}

export interface Keywork {
  url: string;
  databaseUrl: string;
  stop(): Promise<void>;
  /** `keywork add-user … --json` against the same database, while the server runs. */
  addUser(
    username: string,
    name: string,
    unit: string,
    role: "reporter" | "coordinator" | "viewer",
    password: string,
  ): Promise<void>;
}

/** `keywork start` (migrate, seed the demo, serve) as a child process on a fresh SQLite file, port 0. */
export async function startKeywork(): Promise<Keywork> {
  const dir = mkdtempSync(join(tmpdir(), "keywork-web-"));
  const databaseUrl = `sqlite:${join(dir, "keywork.db")}`;
  const child = await startChildServer("start", {
    DATABASE_URL: databaseUrl,
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
  });
  return {
    url: child.url,
    databaseUrl,
    async stop() {
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    async addUser(username, name, unit, role, password) {
      await addUserCli(databaseUrl, { username, name, unit, role, password });
    },
  };
}

export async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url);
  return page;
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId("signin-username").fill(username);
  await page.getByTestId("signin-password").fill(password);
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("sign-out").waitFor({ state: "visible" });
  await page.locator("#period-select option").first().waitFor({ state: "attached" });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** Clicks a button that triggers a download and returns the saved file. */
export async function download(page: Page, testId: string, dir: string, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  const path = join(dir, name);
  await file.saveAs(path);
  return path;
}

export async function readWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

/** A sheet's values as plain text, for comparing workbooks by content. */
export function sheetText(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const values: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const v = row.getCell(c).value;
      values.push(v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));
    }
    rows[n - 1] = values;
  });
  return rows;
}

export async function apiCall<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T; raw: Buffer }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const raw = Buffer.from(await res.arrayBuffer());
  let body: unknown = null;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    // a workbook
  }
  return { status: res.status, body: body as T, raw };
}

export async function tokenFor(base: string, username: string, password: string): Promise<string> {
  const res = await apiCall<{ token: string }>(base, "POST", "/sessions", { body: { username, password } });
  if (res.status !== 201) throw new Error(`sign-in of ${username}: ${res.status}`);
  return res.body.token;
}

/**
 * Waiting assertions on a locator (vitest's expect has no web-first matchers; @playwright/test is not
 * a dependency): each polls until it holds or the poll times out.
 */
export function see(locator: Locator, timeout = 10_000) {
  const poll = <T>(fn: () => Promise<T>, message: string) => expect.poll(fn, { timeout, message });
  return {
    visible: () => locator.first().waitFor({ state: "visible", timeout }),
    hidden: () => locator.first().waitFor({ state: "hidden", timeout }),
    count: (n: number) => poll(() => locator.count(), `count of ${locator}`).toBe(n),
    text: (part: string) =>
      poll(async () => (await locator.allTextContents()).join("\n"), `text of ${locator}`).toContain(part),
    attr: (name: string, value: string) =>
      poll(() => locator.getAttribute(name), `${name} of ${locator}`).toBe(value),
    cls: (pattern: RegExp) =>
      poll(async () => (await locator.getAttribute("class")) ?? "", `class of ${locator}`).toMatch(pattern),
    notCls: (pattern: RegExp) =>
      poll(async () => (await locator.getAttribute("class")) ?? "", `class of ${locator}`).not.toMatch(
        pattern,
      ),
    enabled: () => poll(() => locator.isEnabled(), `${locator} enabled`).toBe(true),
    disabled: () => poll(() => locator.isDisabled(), `${locator} disabled`).toBe(true),
    value: (value: string) => poll(() => locator.inputValue(), `value of ${locator}`).toBe(value),
  };
}
