// The web page end to end, in Debian's chromium against a real `keywork start` on a fresh SQLite file:
// download my tasks → fill the file as a person would → upload → issues at the right cells → fix →
// submit → the database holds exactly those rows; a stale file → conflict; a forged hidden sheet →
// refused, nothing stored; a lost answer → retried once; a locked period; the coordinator's tools;
// the merged download equals GET /merged.xlsx. Screenshots go to test-artifacts/web/.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { consoleGuard, launchBrowser, type Browser } from "../support/browser.ts";
import {
  ROOT,
  apiCall,
  buildWeb,
  download,
  openPage,
  readWorkbook,
  screenshot,
  see,
  sheetText,
  signIn,
  startKeywork,
  tokenFor,
  type Keywork,
} from "./support.ts";

const PERIOD = "2022-H1";
const KJJ = { username: "kjj", password: "Demo-kjj-2022", unit: "市科技局" };
const KJJ2 = { username: "kjj2", password: "Kjj2-password-2022" };
const CZJ = { username: "czj", password: "Demo-czj-2022" };
const COORDINATOR = { username: "coordinator", password: "Demo-coordinator-2022" };

interface Row {
  seq: number;
  status: string;
  progress: string;
  version: number;
  unit: string;
}

let server: Keywork;
let browser: Browser;
let guard: ReturnType<typeof consoleGuard>;
let dir: string;
let kjj: Page;

beforeAll(async () => {
  buildWeb();
  server = await startKeywork();
  await server.addUser(KJJ2.username, "科技局 第二填报人", KJJ.unit, "reporter", KJJ2.password);
  browser = await launchBrowser();
  guard = consoleGuard(browser.errors);
  dir = mkdtempSync(join(tmpdir(), "keywork-web-files-"));
  kjj = await open();
  await signIn(kjj, KJJ.username, KJJ.password);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  // No console error and no uncaught exception in any page, other than the HTTP answers a test expects.
  expect(guard.take(), "console errors in the page").toEqual([]);
});

const open = () => openPage(browser, `${server.url}/web/`);

async function rowsOf(user: { username: string; password: string }): Promise<Map<number, Row>> {
  const token = await tokenFor(server.url, user.username, user.password);
  const res = await apiCall<{ rows: Row[] }>(server.url, "GET", `/periods/${PERIOD}/tasks`, { token });
  expect(res.status).toBe(200);
  return new Map(res.body.rows.map((r) => [r.seq, r]));
}

/** Sheet rows (1-based) that hold a task: a number in 序号. */
function taskRows(sheet: ExcelJS.Worksheet): { row: number; seq: number }[] {
  const out: { row: number; seq: number }[] = [];
  sheet.eachRow((row, n) => {
    const v = row.getCell(1).value;
    if (typeof v === "number") out.push({ row: n, seq: v });
  });
  return out;
}

/** Opens a downloaded file, lets `edit` change it as a person would, saves it under `name`. */
async function editFile(
  source: string,
  name: string,
  edit: (sheet: ExcelJS.Worksheet, rows: { row: number; seq: number }[], workbook: ExcelJS.Workbook) => void,
): Promise<string> {
  const workbook = await readWorkbook(source);
  const sheet = workbook.worksheets.find((s) => s.state === "visible")!;
  edit(sheet, taskRows(sheet), workbook);
  const path = join(dir, name);
  await workbook.xlsx.writeFile(path);
  return path;
}

const progressText = (seq: number, tag = "本期") =>
  `${tag}:序号${seq}的工作按计划推进,已完成阶段性目标,下一步继续落实。`;

async function upload(page: Page, path: string): Promise<{ errors: number }> {
  const name = path.split("/").pop()!;
  await page.getByTestId("upload-file").setInputFiles(path);
  const summary = page.getByTestId("check-summary");
  await expect.poll(async () => (await summary.textContent()) ?? "").toContain(name);
  await page
    .locator("[data-testid=check-summary][data-errors], [data-testid=check-summary][data-refused]")
    .waitFor();
  return { errors: Number((await summary.getAttribute("data-errors")) ?? "-1") };
}

function issue(page: Page, cell: string, code: string) {
  return page.locator(`[data-testid=issue][data-cell="${cell}"][data-code="${code}"]`);
}

describe("the web page", () => {
  let rows: { row: number; seq: number }[] = [];

  it("downloads my tasks, shows the issues of a filled file at their cells, and submits once fixed", async () => {
    const page = kjj;
    await expect.poll(() => page.getByTestId("period-select").inputValue()).toBe(PERIOD);
    await screenshot(page, "01-signed-in");

    const file = await download(page, "download-tasks", dir, "kjj-download.xlsx");
    const workbook = await readWorkbook(file);
    const sheet = workbook.worksheets[0]!;
    rows = taskRows(sheet);
    expect(rows.map((r) => r.seq)).toEqual([9, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
    expect(sheet.getCell(2, 6).value).toBe("上期进展(参考)");
    expect(sheet.getCell(rows[0]!.row, 3).dataValidation?.type).toBe("list");
    expect(String(sheet.getCell(rows[0]!.row, 6).value ?? "")).not.toBe("");
    expect(workbook.getWorksheet("_keywork")?.state).toBe("veryHidden");

    // Filled as a person would: one status typed wrong, one progress left empty, a unit name pasted
    // with a stray space, one status written in a common variant.
    const [r0, r1, r2, r3] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
    const filled = await editFile(file, "kjj-filled.xlsx", (s, rs) => {
      for (const { row, seq } of rs) {
        s.getCell(row, 3).value = "序时推进";
        s.getCell(row, 4).value = progressText(seq);
      }
      s.getCell(r0.row, 3).value = "差不多吧";
      s.getCell(r1.row, 4).value = null;
      s.getCell(r2.row, 5).value = "市科技 局";
      s.getCell(r3.row, 3).value = "完成";
    });
    expect((await upload(page, filled)).errors).toBe(2);

    await see(issue(page, `C${r0.row}`, "status.unknown")).attr("data-severity", "error");
    await see(issue(page, `D${r1.row}`, "progress.empty")).attr("data-severity", "error");
    await see(issue(page, `E${r2.row}`, "unit.spacing")).attr("data-severity", "info");
    await see(issue(page, `C${r3.row}`, "status.alias")).attr("data-severity", "info");
    // The page's run of the rules and the server's found the same things.
    const summary = page.getByTestId("check-summary");
    expect(await summary.getAttribute("data-browser-issues")).toBe(
      await summary.getAttribute("data-server-issues"),
    );
    expect(await page.locator("[data-testid=issue]:not([data-source=both])").count()).toBe(0);
    // Bad cells are marked in the table; the issue list jumps to them, by mouse and by keyboard.
    await see(page.getByTestId(`cell-C${r0.row}`)).cls(/sev-error/u);
    await see(page.getByTestId(`cell-D${r1.row}`)).cls(/sev-error/u);
    await see(page.getByTestId(`cell-E${r2.row}`)).cls(/sev-info/u);
    await issue(page, `D${r1.row}`, "progress.empty").click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-cell"))).toBe(`D${r1.row}`);
    await issue(page, `C${r0.row}`, "status.unknown").focus();
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-cell"))).toBe(`C${r0.row}`);
    await see(page.getByTestId("submit")).disabled();
    await see(page.getByTestId("submit-blocked")).text("2");
    await screenshot(page, "02-issues-at-cells");

    await page.getByTestId("lang-toggle").click();
    await see(issue(page, `D${r1.row}`, "progress.empty")).text("is empty");
    await screenshot(page, "03-issues-english");
    await page.getByTestId("lang-toggle").click();
    await see(issue(page, `D${r1.row}`, "progress.empty")).text("为空");

    // Fixed in the spreadsheet program, saved, uploaded again.
    const fixed = await editFile(filled, "kjj-fixed.xlsx", (s) => {
      s.getCell(r0.row, 3).value = "进度滞后";
      s.getCell(r1.row, 4).value = progressText(r1.seq, "补充");
    });
    expect((await upload(page, fixed)).errors).toBe(0);
    await see(page.getByTestId("submit")).enabled();
    await page.getByTestId("submit").click();
    await see(page.getByTestId("preview-row")).count(rows.length);
    await screenshot(page, "04-preview");
    await page.getByTestId("preview-confirm").click();
    await see(page.getByTestId("submit-done")).visible();
    await screenshot(page, "05-submitted");

    const stored = await rowsOf(KJJ);
    expect([...stored.keys()]).toEqual(rows.map((r) => r.seq));
    for (const { seq } of rows) {
      const expected = {
        status: seq === r0.seq ? "进度滞后" : seq === r3.seq ? "已完成" : "序时推进",
        progress: seq === r1.seq ? progressText(seq, "补充") : progressText(seq),
        version: 1,
        unit: KJJ.unit,
      };
      expect(stored.get(seq), `序号 ${seq}`).toMatchObject(expected);
    }
    // The shared task's other unit is untouched.
    expect((await rowsOf(CZJ)).get(19)).toMatchObject({ version: 0, status: "", progress: "" });
  });

  it("shows a stale file's conflicts mine vs theirs and resubmits with the reporter's choices", async () => {
    const page = kjj;
    const [x, y, , , z] = rows as [(typeof rows)[0], (typeof rows)[0], unknown, unknown, (typeof rows)[0]];
    const file = await download(page, "download-tasks", dir, "kjj-stale.xlsx");
    // Meanwhile a colleague of the same unit changes two rows.
    const token = await tokenFor(server.url, KJJ2.username, KJJ2.password);
    const theirs = await apiCall(server.url, "POST", `/periods/${PERIOD}/submissions`, {
      token,
      headers: { "idempotency-key": "kjj2-conflict-0001" },
      body: {
        rows: [x, y].map(({ seq }) => ({
          seq,
          status: "已完成",
          progress: progressText(seq, "同事"),
          baseVersion: 1,
        })),
      },
    });
    expect(theirs.status).toBe(200);

    const mine = await editFile(file, "kjj-stale-edited.xlsx", (s) => {
      for (const { row, seq } of [x, y, z]) s.getCell(row, 4).value = progressText(seq, "我的");
    });
    expect((await upload(page, mine)).errors).toBe(0);
    guard.allow(409);
    await page.getByTestId("submit").click();
    await see(page.getByTestId("preview-row")).count(3);
    // The preview already warns that two rows changed on the server.
    await see(page.locator("[data-testid=preview-row].stale")).count(2);
    await page.getByTestId("preview-confirm").click();
    await see(page.getByTestId("conflict")).count(2);
    const conflictX = page.locator(`[data-testid=conflict][data-seq="${x.seq}"]`);
    await see(conflictX.locator(".mine")).text(progressText(x.seq, "我的"));
    await see(conflictX.locator(".theirs")).text(progressText(x.seq, "同事"));
    await see(conflictX.locator(".theirs")).text(KJJ2.username);
    await screenshot(page, "06-conflicts");
    // Nothing was written by the refused batch (z included).
    expect((await rowsOf(KJJ)).get(z.seq)).toMatchObject({ version: 1, progress: progressText(z.seq) });

    await page.getByTestId("conflict-continue").click();
    await see(page.getByTestId("conflicts")).text("请为每一行作出选择");
    await page.getByTestId(`conflict-mine-${x.seq}`).check();
    await page.getByTestId(`conflict-theirs-${y.seq}`).check();
    await page.getByTestId("conflict-continue").click();
    await see(page.getByTestId("submit-done")).visible();
    await see(page.getByTestId("submit-done")).text(String(y.seq));
    await screenshot(page, "07-conflict-resolved");

    const stored = await rowsOf(KJJ);
    expect(stored.get(x.seq)).toMatchObject({
      progress: progressText(x.seq, "我的"),
      status: "进度滞后",
      version: 3,
    });
    expect(stored.get(y.seq)).toMatchObject({
      progress: progressText(y.seq, "同事"),
      status: "已完成",
      version: 2,
    });
    expect(stored.get(z.seq)).toMatchObject({ progress: progressText(z.seq, "我的"), version: 2 });
  });

  it("refuses a file whose hidden sheet was forged to claim another unit, storing nothing", async () => {
    const page = kjj;
    const before = { kjj: await rowsOf(KJJ), czj: await rowsOf(CZJ) };
    const file = await download(page, "download-tasks", dir, "kjj-forge.xlsx");
    const forged = await editFile(file, "kjj-forged.xlsx", (s, rs, workbook) => {
      for (const { row, seq } of rs) {
        s.getCell(row, 3).value = "已完成";
        s.getCell(row, 4).value = progressText(seq, "伪造");
      }
      const meta = workbook.getWorksheet("_keywork")!;
      meta.eachRow((row) => {
        if (row.getCell(1).value === "unit") row.getCell(2).value = "市财政局";
      });
    });
    guard.allow(403);
    await upload(page, forged);
    const summary = page.getByTestId("check-summary");
    await see(summary).attr("data-refused", "true");
    await see(summary).text("_keywork");
    await see(summary).text("市财政局");
    await see(page.getByTestId("submit")).count(0);
    await screenshot(page, "08-forged-refused");
    expect(await rowsOf(KJJ)).toEqual(before.kjj);
    expect(await rowsOf(CZJ)).toEqual(before.czj);
  });

  it("retries a submission whose answer was lost with the same key, applying it once", async () => {
    const page = kjj;
    const z = rows[4]!;
    const versionBefore = (await rowsOf(KJJ)).get(z.seq)!.version;
    const file = await download(page, "download-tasks", dir, "kjj-retry.xlsx");
    const edited = await editFile(file, "kjj-retry-edited.xlsx", (s) => {
      s.getCell(z.row, 4).value = progressText(z.seq, "重试");
    });
    expect((await upload(page, edited)).errors).toBe(0);
    await page.getByTestId("submit").click();
    await see(page.getByTestId("preview-row")).count(1);

    // The request reaches the server; the answer is lost on the way back.
    guard.allow("network");
    let keys: string[] = [];
    await page.route("**/api/v1/periods/*/submissions", async (route) => {
      keys.push(route.request().headers()["idempotency-key"] ?? "");
      await route.fetch();
      await route.abort("failed");
    });
    await page.getByTestId("preview-confirm").click();
    await see(page.getByTestId("submit-network")).visible();
    await screenshot(page, "09-network-failure");
    await page.unrouteAll();
    const retried = keys;
    keys = [];
    await page.route("**/api/v1/periods/*/submissions", async (route) => {
      keys.push(route.request().headers()["idempotency-key"] ?? "");
      await route.continue();
    });
    await page.getByTestId("submit-retry").click();
    await see(page.getByTestId("submit-done")).visible();
    await page.unrouteAll();
    expect(keys).toEqual(retried);

    const stored = (await rowsOf(KJJ)).get(z.seq)!;
    expect(stored).toMatchObject({ progress: progressText(z.seq, "重试"), version: versionBefore + 1 });
    const token = await tokenFor(server.url, KJJ.username, KJJ.password);
    const history = await apiCall<{ entries: { unit: string; version: number }[] }>(
      server.url,
      "GET",
      `/periods/${PERIOD}/tasks/${z.seq}/history`,
      { token },
    );
    expect(
      history.body.entries.filter((e) => e.unit === KJJ.unit && e.version === versionBefore + 1),
    ).toHaveLength(1);
  });

  it("explains a period locked between upload and submit; the coordinator locks and reopens", async () => {
    const page = kjj;
    const z = rows[5]!;
    const file = await download(page, "download-tasks", dir, "kjj-lock.xlsx");
    const edited = await editFile(file, "kjj-lock-edited.xlsx", (s) => {
      s.getCell(z.row, 4).value = progressText(z.seq, "锁定后");
    });
    expect((await upload(page, edited)).errors).toBe(0);

    const coordinator = await open();
    await signIn(coordinator, COORDINATOR.username, COORDINATOR.password);
    await expect.poll(() => coordinator.getByTestId("period-select").inputValue()).toBe(PERIOD);
    await coordinator.getByTestId("lock-toggle").click();
    await see(coordinator.getByTestId("lock-toggle")).attr("data-locked", "true");

    guard.allow(423);
    await page.getByTestId("submit").click();
    await page.getByTestId("preview-confirm").click();
    await see(page.getByTestId("submit-failed")).text("已被督查室锁定");
    await see(page.getByTestId("period-state")).text("已锁定");
    await screenshot(page, "10-locked");
    expect((await rowsOf(KJJ)).get(z.seq)!.progress).toBe(progressText(z.seq));

    await coordinator.getByTestId("lock-toggle").click();
    await see(coordinator.getByTestId("lock-toggle")).attr("data-locked", "false");
    await coordinator.close();
  });

  it("gives the coordinator coverage with a copyable reminder, returns, publishing and the merged sheet", async () => {
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    const page = await open();
    await signIn(page, COORDINATOR.username, COORDINATOR.password);
    await expect.poll(() => page.getByTestId("period-select").inputValue()).toBe(PERIOD);

    // Coverage: 市科技局 has reported everything, 市财政局 nothing.
    await see(page.locator(`[data-testid=coverage-table] tr[data-unit="${KJJ.unit}"]`)).notCls(/missing/u);
    await see(page.locator(`[data-testid=coverage-table] tr[data-unit="市财政局"]`)).cls(/missing/u);
    const reminder = await page.getByTestId("coverage-reminder").inputValue();
    expect(reminder).toContain("市财政局");
    expect(reminder).not.toContain(`${KJJ.unit}(`);
    await page.getByTestId("coverage-copy").click();
    await see(page.getByTestId("flash")).text("已复制");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(reminder);

    // Return a row with a comment; the reporter sees it.
    await page.getByTestId("return-seq").fill(String(rows[0]!.seq));
    await page.getByTestId("return-unit").selectOption(KJJ.unit);
    await page.getByTestId("return-comment").fill("请补充研发投入的具体数据。");
    await page.getByTestId("return-submit").click();
    await see(page.getByTestId("flash")).text(`已退回序号 ${rows[0]!.seq}`);
    await screenshot(page, "11-coordinator");
    await kjj.reload();
    await see(kjj.getByTestId("returns")).text("请补充研发投入的具体数据。");

    // The merged download is GET /merged.xlsx, in content.
    const merged = await download(page, "download-merged", dir, "merged-page.xlsx");
    const token = await tokenFor(server.url, COORDINATOR.username, COORDINATOR.password);
    const api = await apiCall(server.url, "GET", `/periods/${PERIOD}/merged.xlsx`, { token });
    expect(api.status).toBe(200);
    const apiPath = join(dir, "merged-api.xlsx");
    writeFileSync(apiPath, api.raw);
    const [fromPage, fromApi] = [await readWorkbook(merged), await readWorkbook(apiPath)];
    expect(fromPage.worksheets.map((s) => s.name)).toEqual(fromApi.worksheets.map((s) => s.name));
    fromApi.worksheets.forEach((sheet, i) => {
      expect(sheetText(fromPage.worksheets[i]!)).toEqual(sheetText(sheet));
    });
    expect(sheetText(fromPage.worksheets[0]!).flat().join("\n")).toContain(
      progressText(rows[1]!.seq, "同事"),
    );

    // Publishing: a file that is not a workbook is refused by content; an official-layout plan opens a period.
    guard.allow(422);
    const fake = join(dir, "not-a-plan.xlsx");
    writeFileSync(fake, "序号,承担的重点工作\n1,假的");
    await page.getByTestId("publish-file").setInputFiles(fake);
    await page.getByTestId("publish-period").fill("2022-Q3");
    await page.getByTestId("publish-submit").click();
    await see(page.getByTestId("flash")).text(".xlsx");
    await page
      .getByTestId("publish-file")
      .setInputFiles(join(ROOT, "test/fixtures/progress-2022h1-part.xlsx"));
    await page.getByTestId("publish-period").fill("2022-Q3");
    await page.getByTestId("publish-title").fill("2022年第三季度重点工作进展情况统计表");
    await page.getByTestId("publish-due").fill("2022-10-10");
    await page.getByTestId("publish-submit").click();
    await see(page.getByTestId("flash")).text("已发布报送期 2022-Q3");
    await expect.poll(() => page.getByTestId("period-select").inputValue()).toBe("2022-Q3");
    const periods = await apiCall<{ periods: { id: string; title: string }[] }>(
      server.url,
      "GET",
      "/periods",
      { token },
    );
    expect(periods.body.periods.find((p) => p.id === "2022-Q3")?.title).toBe(
      "2022年第三季度重点工作进展情况统计表",
    );
    await screenshot(page, "12-published");
  });

  it("shows a viewer the merged sheet and coverage, without the reporter's part", async () => {
    const viewer = await open();
    await signIn(viewer, "viewer", "Demo-viewer-2022");
    await see(viewer.getByTestId("download-merged")).visible();
    await see(viewer.getByTestId("download-tasks")).hidden();
    await see(viewer.getByTestId("coverage-table")).visible();
    await see(viewer.getByTestId("lock-toggle")).hidden();
  });
});
