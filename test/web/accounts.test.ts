// 账号管理, 审计日志 and 修改密码 on the web page, in Debian's chromium against a real `keywork serve`
// on an EMPTY database (no demo): the coordinator imports a roster (a bad one first: every bad cell
// listed, nothing created), downloads the initial-password sheet once, searches, resets a password
// (shown once), disables and enables; a reporter signs in with the initial password, is made to change
// it, then reaches the page; the audit log lists it all. Screenshots go to test-artifacts/web/.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../sync-server/store/sqlite/index.ts";
import { consoleGuard, launchBrowser, type Browser } from "../support/browser.ts";
import { addUserCli, startChildServer, type ChildServer } from "../support/child-server.ts";
import { CITY_UNITS, readInitialPasswords, rosterWorkbook } from "../support/roster.ts";
import { mkdirSync } from "node:fs";
import type { Locator } from "playwright-core";
import { ARTIFACTS, apiCall, buildWeb, download, openPage, see, tokenFor } from "./support.ts";

/** A screenshot of one screen (the section), not of the viewport's top. */
async function shot(section: Locator, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

const BOSS = { username: "boss", password: "Boss-password-2022" };

let server: ChildServer;
let browser: Browser;
let guard: ReturnType<typeof consoleGuard>;
let dir: string;
let boss: Page;
let passwords: Map<string, string>;

beforeAll(async () => {
  buildWeb();
  dir = mkdtempSync(join(tmpdir(), "keywork-web-accounts-"));
  const databaseUrl = `sqlite:${join(dir, "keywork.db")}`;
  server = await startChildServer("serve", {
    DATABASE_URL: databaseUrl,
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
  });
  // The unit directory as `keywork units import` (branch directory) loads it.
  const store = openSqliteStore(join(dir, "keywork.db"));
  await store.replaceUnits(CITY_UNITS);
  await store.close();
  await addUserCli(databaseUrl, { ...BOSS, name: "王主任", unit: null, role: "coordinator" });
  browser = await launchBrowser();
  guard = consoleGuard(browser.errors);
  boss = await openPage(browser, `${server.url}/web/`);
  await boss.getByTestId("signin-username").fill(BOSS.username);
  await boss.getByTestId("signin-password").fill(BOSS.password);
  await boss.getByTestId("signin-submit").click();
  await see(boss.getByTestId("accounts-table")).visible();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  expect(guard.take(), "console errors in the page").toEqual([]);
});

async function chooseRoster(page: Page, name: string, rows: (string | null)[][]): Promise<void> {
  const path = join(dir, name);
  writeFileSync(path, await rosterWorkbook(rows));
  await page.getByTestId("roster-file").setInputFiles(path);
}

describe("账号管理", () => {
  it("lists every bad cell of a roster and creates nobody", async () => {
    await chooseRoster(boss, "bad.xlsx", [
      ["fgw.li", "李明", "市发改", "填报人"],
      ["fgw.li", "李明二", "市发展改革委", "填报人"],
      ["kjj.wang", "王芳", null, "填报人"],
      ["czj.zhao", "赵", "市财政局", "局长"],
    ]);
    const issues = boss.getByTestId("roster-issues");
    await see(issues).visible();
    await see(issues.locator("li")).count(4);
    await see(issues).text("C2: 第 2 行 C 列(单位):单位“市发改”不在单位名录中");
    await see(issues).text("A3: 第 3 行 A 列(用户名):用户名“fgw.li”与第 2 行重复");
    await see(issues).text("C4");
    await see(issues).text("D5");
    expect(await boss.getByTestId("roster-create").isDisabled()).toBe(true);
    await shot(boss.locator("#accounts"), "accounts-roster-refused");
    const token = await tokenFor(server.url, BOSS.username, BOSS.password);
    const users = await apiCall<{ users: unknown[] }>(server.url, "GET", "/users", { token });
    expect(users.body.users).toHaveLength(1);
  });

  it("creates the accounts of a good roster and downloads the initial passwords once", async () => {
    await chooseRoster(boss, "roster.xlsx", [
      ["fgw.li", "李明", "市发改委", "填报人", "13800000001"],
      ["kjj.wang", "王芳", "市科技局", "reporter", null],
      ["leader", "赵领导", null, "查阅", null],
    ]);
    await see(boss.getByTestId("roster-preview").locator("tbody tr")).count(3);
    const path = await download(boss, "roster-create", dir, "initial-passwords.xlsx");
    passwords = await readInitialPasswords(await readFile(path));
    expect([...passwords.keys()]).toEqual(["fgw.li", "kjj.wang", "leader"]);
    await see(boss.getByTestId("flash")).text("已创建 3 个账号");
    await see(boss.getByTestId("accounts-table").locator("tbody tr")).count(4);
    expect(await boss.getByTestId("roster-create").isDisabled()).toBe(true);
    await shot(boss.locator("#accounts"), "accounts-list");
  });

  it("searches by unit and name", async () => {
    await boss.getByTestId("accounts-search").fill("发展改革");
    await see(boss.getByTestId("accounts-table").locator("tbody tr")).count(1);
    await see(boss.locator('tr[data-username="fgw.li"]')).visible();
    await boss.getByTestId("accounts-search").fill("王");
    await see(boss.getByTestId("accounts-table").locator("tbody tr")).count(2);
    await boss.getByTestId("accounts-search").fill("");
  });

  it("resets a password and shows the new one once", async () => {
    boss.once("dialog", (d) => void d.accept());
    await boss.locator('tr[data-username="leader"]').getByTestId("account-reset").click();
    const shown = boss.getByTestId("accounts-reset-password");
    await see(shown).visible();
    const password = (await shown.textContent())!.trim();
    expect(password).toMatch(/^[A-Za-z0-9]{14}$/u);
    expect(
      (await apiCall(server.url, "POST", "/sessions", { body: { username: "leader", password } })).status,
    ).toBe(201);
    await shot(boss.locator("#accounts"), "accounts-reset");
    await boss.getByTestId("accounts-refresh").click();
    await see(shown).count(1);
  });

  it("disables an account, whose sign-in is then refused, and enables it again", async () => {
    const row = boss.locator('tr[data-username="kjj.wang"]');
    await row.getByTestId("account-disable").click();
    await see(row.getByTestId("account-state")).text("已停用");
    guard.allow(403);
    const refused = await apiCall<{ title: string }>(server.url, "POST", "/sessions", {
      body: { username: "kjj.wang", password: passwords.get("kjj.wang") },
    });
    expect(refused.body.title).toBe("account-disabled");
    await row.getByTestId("account-enable").click();
    await see(row.getByTestId("account-state")).text("在用");
  });

  it("refuses to disable the last coordinator, saying so", async () => {
    guard.allow(409);
    await boss.locator('tr[data-username="boss"]').getByTestId("account-disable").click();
    await see(boss.getByTestId("flash")).text("最后一个在用的督查室账号");
    await see(boss.locator('tr[data-username="boss"]').getByTestId("account-state")).text("在用");
  });
});

describe("first sign-in", () => {
  it("makes a reporter change the initial password, checking the rules as typed, then shows the page", async () => {
    const page = await openPage(browser, `${server.url}/web/`);
    await page.getByTestId("signin-username").fill("fgw.li");
    await page.getByTestId("signin-password").fill(passwords.get("fgw.li")!);
    await page.getByTestId("signin-submit").click();
    await see(page.getByTestId("password-form")).visible();
    await see(page.getByTestId("password-intro")).text("请先设置自己的新密码");
    expect(await page.locator("#app").isHidden()).toBe(true);
    expect(await page.getByTestId("password-cancel").isHidden()).toBe(true);
    await page.getByTestId("password-current").fill(passwords.get("fgw.li")!);
    await page.getByTestId("password-next").fill("fgw.li-2022");
    await see(page.getByTestId("password-problems")).text("密码不能包含用户名");
    await page.getByTestId("password-next").fill("Spring-river-2022");
    await page.getByTestId("password-repeat").fill("Spring-river-2021");
    await page.getByTestId("password-submit").click();
    await see(page.getByTestId("password-problems")).text("两次输入的新密码不一致");
    await shot(page.locator("#password"), "password-forced");
    await page.getByTestId("password-repeat").fill("Spring-river-2022");
    await page.getByTestId("password-submit").click();
    await see(page.locator("#app")).visible();
    await see(page.getByTestId("flash")).text("密码已修改");
    await see(page.getByTestId("who")).text("李明");
    expect(await page.locator("#accounts").isHidden()).toBe(true);
    expect(
      (
        await apiCall(server.url, "POST", "/sessions", {
          body: { username: "fgw.li", password: "Spring-river-2022" },
        })
      ).status,
    ).toBe(201);
    await page.close();
  });
});

describe("审计日志", () => {
  it("lists the account actions newest first and filters by action", async () => {
    await boss.getByTestId("audit-refresh").click();
    const table = boss.getByTestId("audit-table");
    await see(table.locator('tr[data-action="user.change-password"]')).visible();
    await see(table.locator('tr[data-action="users.import"]')).text("roster.xlsx");
    await see(table.locator('tr[data-action="user.disable"]')).text("kjj.wang");
    await boss.getByTestId("audit-action").selectOption("user.reset-password");
    await boss.getByTestId("audit-refresh").click();
    await see(table.locator("tbody tr")).count(1);
    await see(table).text("leader");
    await shot(boss.locator("#audit"), "audit-log");
  });
});
