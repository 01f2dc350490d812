// The coordinator's 单位名录 and 报送期次 screens and the publish's mapping step, in Debian's Chromium
// against a real `keywork serve` on an EMPTY database (no demo): import the directory, see a bad
// sheet refused by cell, publish the real fixture with one unknown unit mapped, rename a unit, open
// the next period, press 催报. Screenshots go to test-artifacts/web/.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addUserCli, startChildServer, type ChildServer } from "../support/child-server.ts";
import { consoleGuard, launchBrowser, type Browser } from "../support/browser.ts";
import { fixturePath } from "../support/fixtures.ts";
import { apiCall, buildWeb, screenshot, see, tokenFor } from "./support.ts";

const COORDINATOR = { username: "dcs", password: "Dcs-password-2022" };
let dir: string;
let server: ChildServer;
let browser: Browser;
let guard: ReturnType<typeof consoleGuard>;
let page: Page;

/** The fixture's directory as a 单位名录 sheet, without 市政府办公室 (the unknown unit to map). */
async function unitsSheet(): Promise<string> {
  const units = (
    JSON.parse(readFileSync(fixturePath("units.json"), "utf8")) as {
      units: { name: string; kind: string; aliases: string[] }[];
    }
  ).units.filter((u) => u.name !== "市政府办公室");
  const workbook = new ExcelJS.Workbook();
  workbook
    .addWorksheet("单位名录")
    .addRows([["单位名称", "类别", "别名"], ...units.map((u) => [u.name, u.kind, u.aliases.join("、")])]);
  const file = join(dir, "units.xlsx");
  await workbook.xlsx.writeFile(file);
  return file;
}

beforeAll(async () => {
  buildWeb();
  dir = mkdtempSync(join(tmpdir(), "keywork-web-dir-"));
  const databaseUrl = `sqlite:${join(dir, "keywork.db")}`;
  server = await startChildServer("serve", {
    DATABASE_URL: databaseUrl,
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
  });
  await addUserCli(databaseUrl, { ...COORDINATOR, name: "督查室", unit: null, role: "coordinator" });
  browser = await launchBrowser();
  guard = consoleGuard(browser.errors);
  page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.goto(`${server.url}/web/`);
  await page.getByTestId("signin-username").fill(COORDINATOR.username);
  await page.getByTestId("signin-password").fill(COORDINATOR.password);
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("sign-out").waitFor({ state: "visible" });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  expect(guard.take(), "console errors in the page").toEqual([]);
});

describe("单位名录 screen", () => {
  it("starts empty, then imports the directory from a sheet", async () => {
    await see(page.locator("#units")).visible();
    await see(page.getByTestId("units-count")).text("共 0 个单位");
    await page.getByTestId("units-import-file").setInputFiles(await unitsSheet());
    await page.getByTestId("units-import-submit").click();
    await see(page.locator("#flash")).text("已导入：新增 31 个");
    await see(page.getByTestId("units-count")).text("共 31 个单位");
    await see(page.locator('[data-testid="units-table"] tr[data-unit="市发展改革委"]')).text("市发改委");
    await page.locator("#units").scrollIntoViewIfNeeded();
    await screenshot(page, "units-directory");
  });

  it("a bad sheet is refused with each bad cell listed, and nothing changes", async () => {
    guard.allow(422);
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("单位名录").addRows([
      ["单位名称", "类别", "别名"],
      ["市新局", "", "市财政局"],
    ]);
    const file = join(dir, "bad.xlsx");
    await workbook.xlsx.writeFile(file);
    await page.getByTestId("units-import-file").setInputFiles(file);
    await page.getByTestId("units-import-submit").click();
    await see(page.getByTestId("units-issues")).text("B2: 第 2 行 B 列：类别为空");
    await see(page.getByTestId("units-issues")).text("C2: 第 2 行 C 列：");
    await see(page.getByTestId("units-count")).text("共 31 个单位");
    await screenshot(page, "units-import-refused");
  });
});

describe("publishing with a unit the directory does not know", () => {
  it("shows one mapping row per unknown name; nothing is published until it is chosen", async () => {
    guard.allow(422);
    await page.getByTestId("publish-file").setInputFiles(fixturePath("progress-2022h1-part.xlsx"));
    await page.getByTestId("publish-period").fill("2022-H1");
    await page.getByTestId("publish-due").fill("2022-07-10");
    await page.getByTestId("publish-submit").click();
    await see(page.getByTestId("mapping-table")).visible();
    await see(page.getByTestId("mapping-choice")).count(1);
    await see(page.locator('[data-testid="mapping-table"] tr[data-unit="市政府办公室"]')).text("E16");
    await page.getByTestId("mapping-submit").click();
    await see(page.getByTestId("mapping-status")).text("还有 1 个名称未对应");
    await page.getByTestId("publish-mapping").scrollIntoViewIfNeeded();
    await screenshot(page, "publish-mapping");
    const token = await tokenFor(server.url, COORDINATOR.username, COORDINATOR.password);
    expect(
      (await apiCall<{ periods: unknown[] }>(server.url, "GET", "/periods", { token })).body.periods,
    ).toEqual([]);
  });

  it("adding it as a new unit publishes the period", async () => {
    await page.getByTestId("mapping-choice").selectOption("+");
    await page.getByTestId("mapping-submit").click();
    await see(page.locator("#flash")).text("已发布报送期 2022-H1");
    await see(page.getByTestId("publish-mapping")).hidden();
    await see(page.locator('[data-testid="periods-table"] tr[data-period="2022-H1"]')).text("67");
  });

  it("the unit added in the mapping step is listed in 单位名录 without reloading the page", async () => {
    await see(page.locator('[data-testid="units-table"] tr[data-unit="市政府办公室"]')).visible();
    await see(page.getByTestId("units-count")).text("共 32 个单位");
  });
});

describe("rename and the next period", () => {
  it("renames a unit: the new name is listed, the old one is retired and an alias", async () => {
    await page.getByTestId("unit-rename-from").selectOption("市科技局");
    await page.getByTestId("unit-rename-to").fill("市科学技术局");
    await page.getByTestId("unit-rename-submit").click();
    await see(page.locator("#flash")).text("已将“市科技局”更名为“市科学技术局”");
    await see(page.locator('[data-testid="units-table"] tr[data-unit="市科学技术局"]')).text("市科技局");
    await see(page.getByTestId("units-retired")).text("市科技局 → 市科学技术局");
  });

  it("opens the next period from the last one, shown as its previous", async () => {
    await page.getByTestId("rollover-period").fill("2022-H2");
    await page.getByTestId("rollover-due").fill("2022-12-31");
    await page.getByTestId("rollover-submit").click();
    await see(page.locator("#flash")).text("已开启报送期 2022-H2");
    const row = page.locator('[data-testid="periods-table"] tr[data-period="2022-H2"]');
    await see(row).text("2022下半年重点工作进展情况统计表");
    await see(row).text("2022-H1");
    await page.locator("#periods-admin").scrollIntoViewIfNeeded();
    await screenshot(page, "periods-rollover");
  });

  it("催报 without a configured robot says so and points to the copyable text", async () => {
    guard.allow(409);
    await page.getByTestId("remind-send").click();
    await see(page.getByTestId("remind-result")).text("未配置催报机器人");
  });
});
