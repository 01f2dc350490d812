// Issue 11's acceptance, the screens path: from an EMPTY database to "first period open, 3 units'
// reporters signed in and submitted, merged sheet downloaded" through the web page only, in Debian's
// Chromium against a real `keywork serve`. The one step outside the page is the IT person's single
// command that creates the FIRST coordinator account (`keywork add-user … --role coordinator`), as
// docs/deployment.md's chapter 从零上线 says; everything after it is done on the page: 单位名录
// (upload the directory sheet), 账号管理 (roster, initial-password sheet), publishing the plan with
// one unknown unit mapped, reporters in their own browsers signing in with their initial passwords,
// made to change them, downloading their tasks, filling them with exceljs, uploading, submitting; the
// coordinator locking the period and downloading the merged sheet. No `keywork demo`, no store or
// SQL access. Screenshots of each screen go to test-artifacts/acceptance/.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { artifactsDir, consoleGuard, launchBrowser, type Browser } from "../support/browser.ts";
import { addUserCli, startChildServer, type ChildServer } from "../support/child-server.ts";
import { fixturePath } from "../support/fixtures.ts";
import { readInitialPasswords, rosterWorkbook } from "../support/roster.ts";
import { buildWeb, download, readWorkbook, see } from "../web/support.ts";

// Several Chromium launches and server round trips per step on a shared, loaded machine: the limits are
// for a hung step, not speed figures.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const COORDINATOR = { username: "dcs.admin", password: "Dcs-admin-password-2022" };
const PERIOD = "2022-H1";
/** A unit the plan names that the directory sheet leaves out: the mapping step must ask about it. */
const MISSING = "市数据资源局";
const REPORTERS = [
  { username: "fgw.li", name: "李明", unit: "市发展改革委", rosterUnit: "市发改委" },
  { username: "kjj.wang", name: "王芳", unit: "市科技局", rosterUnit: "市科技局" },
  { username: "czj.zhao", name: "赵强", unit: "市财政局", rosterUnit: "市财政局" },
] as const;
const NEW_PASSWORD = (username: string) => `Autumn-lake-${username.length}-2022!`;
const progressOf = (unit: string, seq: number) => `${unit}：序号${seq}的工作按计划推进,已完成阶段目标。`;

const SHOTS = artifactsDir("acceptance");
let dir: string;
let server: ChildServer;
let coordinatorBrowser: Browser;
let guard: ReturnType<typeof consoleGuard>;
let page: Page;
let passwords: Map<string, string>;

/** A screenshot of one screen (its section), kept for people to look at. */
async function shot(target: Locator | Page, name: string): Promise<void> {
  if ("scrollIntoViewIfNeeded" in target) await target.scrollIntoViewIfNeeded();
  await target.screenshot({ path: join(SHOTS, `${name}.png`) });
}

beforeAll(async () => {
  buildWeb();
  dir = mkdtempSync(join(tmpdir(), "keywork-accept-web-"));
  const databaseUrl = `sqlite:${join(dir, "keywork.db")}`;
  server = await startChildServer("serve", {
    DATABASE_URL: databaseUrl,
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
  });
  // The only step outside the page: IT creates the first coordinator account with one command.
  await addUserCli(databaseUrl, { ...COORDINATOR, name: "督查室管理员", unit: null, role: "coordinator" });
  coordinatorBrowser = await launchBrowser();
  guard = consoleGuard(coordinatorBrowser.errors);
  page = await coordinatorBrowser.newPage();
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.goto(`${server.url}/web/`);
});

afterAll(async () => {
  await coordinatorBrowser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  expect(guard.take(), "console errors in the coordinator's page").toEqual([]);
});

describe.sequential("from an empty server to the first period, on the web page only", () => {
  it("the coordinator signs in with the account IT created and sees an empty directory", async () => {
    await page.getByTestId("signin-username").fill(COORDINATOR.username);
    await page.getByTestId("signin-password").fill(COORDINATOR.password);
    await shot(page, "01-sign-in");
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("sign-out").waitFor({ state: "visible" });
    await see(page.getByTestId("units-count")).text("共 0 个单位");
  });

  it("单位名录: uploads the directory sheet", async () => {
    const units = (
      JSON.parse(readFileSync(fixturePath("units.json"), "utf8")) as {
        units: { name: string; kind: string; aliases: string[] }[];
      }
    ).units.filter((u) => u.name !== MISSING);
    const workbook = new ExcelJS.Workbook();
    workbook
      .addWorksheet("单位名录")
      .addRows([["单位名称", "类别", "别名"], ...units.map((u) => [u.name, u.kind, u.aliases.join("、")])]);
    const file = join(dir, "units.xlsx");
    await workbook.xlsx.writeFile(file);
    await page.getByTestId("units-import-file").setInputFiles(file);
    await page.getByTestId("units-import-submit").click();
    await see(page.locator("#flash")).text("已导入：新增 31 个");
    await see(page.getByTestId("units-count")).text("共 31 个单位");
    await shot(page.locator("#units"), "02-units-directory");
  });

  it("账号管理: imports the roster and downloads the initial-password sheet", async () => {
    const roster = join(dir, "roster.xlsx");
    writeFileSync(
      roster,
      await rosterWorkbook([
        ...REPORTERS.map((r) => [r.username, r.name, r.rosterUnit, "填报人", null, null]),
        ["leader.liu", "刘副秘书长", null, "查阅", null, null],
      ]),
    );
    await page.getByTestId("roster-file").setInputFiles(roster);
    await see(page.getByTestId("roster-preview").locator("tbody tr")).count(4);
    await shot(page.locator("#accounts"), "03-roster-preview");
    const sheet = await download(page, "roster-create", dir, "initial-passwords.xlsx");
    passwords = await readInitialPasswords(await readFile(sheet));
    expect([...passwords.keys()].sort()).toEqual(["czj.zhao", "fgw.li", "kjj.wang", "leader.liu"]);
    await see(page.getByTestId("flash")).text("已创建 4 个账号");
    await see(page.getByTestId("accounts-table").locator("tbody tr")).count(5);
    await see(page.locator('tr[data-username="fgw.li"]')).text("市发展改革委");
    await shot(page.locator("#accounts"), "04-accounts");
  });

  it("publishes the plan: the unknown unit is asked about once, added as new, and the period opens", async () => {
    guard.allow(422);
    await page.getByTestId("publish-file").setInputFiles(fixturePath("progress-2022h1-part.xlsx"));
    await page.getByTestId("publish-period").fill(PERIOD);
    await page.getByTestId("publish-due").fill("2022-07-10");
    await page.getByTestId("publish-submit").click();
    await see(page.getByTestId("mapping-table")).visible();
    await see(page.getByTestId("mapping-choice")).count(1);
    await see(page.locator(`[data-testid="mapping-table"] tr[data-unit="${MISSING}"]`)).visible();
    await shot(page.getByTestId("publish-mapping"), "05-publish-mapping");
    await page.getByTestId("mapping-choice").selectOption("+");
    await page.getByTestId("mapping-submit").click();
    await see(page.locator("#flash")).text(`已发布报送期 ${PERIOD}`);
    await see(page.locator(`[data-testid="periods-table"] tr[data-period="${PERIOD}"]`)).text("67");
    await see(page.locator(`[data-testid="units-table"] tr[data-unit="${MISSING}"]`)).visible();
    await shot(page.locator("#periods-admin"), "06-periods");
  });

  it("each reporter, in their own browser, changes the initial password, fills the tasks and submits", async () => {
    for (const [i, r] of REPORTERS.entries()) {
      const browser = await launchBrowser();
      const reporterGuard = consoleGuard(browser.errors);
      try {
        const own = await browser.newPage();
        await own.setViewportSize({ width: 1280, height: 1200 });
        await own.goto(`${server.url}/web/`);
        await own.getByTestId("signin-username").fill(r.username);
        await own.getByTestId("signin-password").fill(passwords.get(r.username)!);
        await own.getByTestId("signin-submit").click();
        // Made to change the initial password before anything else.
        await see(own.getByTestId("password-form")).visible();
        expect(await own.locator("#app").isHidden()).toBe(true);
        await own.getByTestId("password-current").fill(passwords.get(r.username)!);
        await own.getByTestId("password-next").fill(NEW_PASSWORD(r.username));
        await own.getByTestId("password-repeat").fill(NEW_PASSWORD(r.username));
        if (i === 0) await shot(own.locator("#password"), "07-password-forced");
        await own.getByTestId("password-submit").click();
        await see(own.locator("#app")).visible();
        await see(own.getByTestId("who")).text(r.name);
        await expect.poll(() => own.getByTestId("period-select").inputValue()).toBe(PERIOD);

        // My tasks downloaded, filled in a spreadsheet program (exceljs here), uploaded, submitted.
        const file = await download(own, "download-tasks", dir, `${r.username}-tasks.xlsx`);
        const workbook = await readWorkbook(file);
        const sheet = workbook.worksheets.find((s) => s.state === "visible")!;
        let filled = 0;
        sheet.eachRow((row) => {
          const seq = row.getCell(1).value;
          if (typeof seq !== "number") return;
          row.getCell(3).value = "序时推进";
          row.getCell(4).value = progressOf(r.unit, seq);
          filled++;
        });
        expect(filled).toBeGreaterThan(0);
        const upload = join(dir, `${r.username}-filled.xlsx`);
        await workbook.xlsx.writeFile(upload);
        await own.getByTestId("upload-file").setInputFiles(upload);
        const summary = own.locator("[data-testid=check-summary][data-errors]");
        await summary.waitFor();
        expect(await summary.getAttribute("data-errors")).toBe("0");
        if (i === 0) await shot(own, "08-reporter-checked");
        await own.getByTestId("submit").click();
        await see(own.getByTestId("preview-row")).count(filled);
        await own.getByTestId("preview-confirm").click();
        await see(own.getByTestId("submit-done")).visible();
        if (i === 0) await shot(own, "09-reporter-submitted");
        expect(reporterGuard.take(), `console errors in ${r.username}'s page`).toEqual([]);
      } finally {
        await browser.close();
      }
    }
  });

  it("the coordinator locks the period and downloads the merged sheet holding the 3 units' text", async () => {
    await page.reload();
    await page.getByTestId("sign-out").waitFor({ state: "visible" });
    await expect.poll(() => page.getByTestId("period-select").inputValue()).toBe(PERIOD);
    await page.getByTestId("lock-toggle").click();
    await see(page.getByTestId("lock-toggle")).attr("data-locked", "true");
    await see(page.getByTestId("period-state")).text("已锁定");
    const merged = await download(page, "download-merged", dir, "merged.xlsx");
    const workbook = await readWorkbook(merged);
    const texts: string[] = [];
    workbook.worksheets[0]!.eachRow((row) => row.eachCell((cell) => texts.push(cell.text)));
    const all = texts.join("\n");
    for (const r of REPORTERS) expect(all).toContain(`${r.unit}：序号`);
    await shot(page, "10-coordinator-merged");
  });

  it("审计日志 lists the day's administrative steps", async () => {
    await page.getByTestId("audit-refresh").click();
    const table = page.getByTestId("audit-table");
    for (const action of [
      "units.import",
      "users.import",
      "period.publish",
      "user.change-password",
      "period.lock",
    ])
      await see(table.locator(`tr[data-action="${action}"]`)).visible();
    await shot(page.locator("#audit"), "11-audit");
  });
});
