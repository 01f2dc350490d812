// The task pane's page in Debian's Chromium on the Excel stand-in, against a real sync server:
// the controls behind the data-testids, messages, progress, the conflict view and the language.
// (The full three-user scenario is the E2E suite's; this checks the pane itself.)
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { artifactsDir } from "../support/browser.ts";
import { api, type TestServer } from "../support/server.ts";
import { click, idle, message, signIn as signInAs, tid, type } from "../support/taskpane.ts";
import { startPaneRig, type PaneRig } from "./pane-rig.ts";
import { PASSWORD } from "./support.ts";

let rig: PaneRig;
let server: TestServer;
let guard: PaneRig["guard"];
const shots = artifactsDir("addin");

beforeAll(async () => {
  rig = await startPaneRig(12);
  ({ server, guard } = rig);
}, 120_000);

afterAll(() => rig?.close());

const openPane = (excel: Record<string, unknown> = {}) => rig.openPane(excel);
const signIn = (page: Page, username: string) => signInAs(page, username, PASSWORD(username), server.url);

/** Console errors, except Chromium's own "Failed to load resource" line for an HTTP answer the test expects. */
function unexpectedErrors(...statuses: number[]): string[] {
  guard.allow(...statuses);
  return guard.take();
}

describe("task pane", () => {
  test("a reporter signs in, pulls, validates, jumps to an issue, and submits the previewed rows", async () => {
    const page = await openPane();
    expect(await page.inputValue(tid("server-url"))).toBe(rig.origin);
    await signIn(page, "kjj");
    expect(await page.textContent(tid("who"))).toContain("市科技局");
    expect(await page.inputValue(tid("period"))).toBe("2022-H1");

    await click(page, "pull-mine");
    expect(await message(page)).toEqual({
      kind: "success",
      text: "已将 12 项任务写入工作表“2022-H1 市科技局”",
    });

    await click(page, "validate");
    expect((await message(page)).kind).toBe("error");
    expect(await page.locator(tid("issue-item")).count()).toBe(24);
    await page.screenshot({ path: join(shots, "pane-validated.png"), fullPage: true });
    const cell = await page.getAttribute(`${tid("issue-item")} >> nth=1`, "data-cell");
    await page.click(`${tid("issue-item")} >> nth=1`);
    await idle(page);
    const selection = await page.evaluate(
      () =>
        (
          globalThis as unknown as { __excelHost: { snapshot(): { selection: unknown } } }
        ).__excelHost.snapshot().selection,
    );
    expect(selection).toEqual({ sheet: "2022-H1 市科技局", address: cell });

    // Errors refuse the submission; filled in, the preview lists the changed rows.
    await click(page, "submit");
    expect((await message(page)).text).toMatch(/请先改正/u);
    for (let seq = 1; seq <= 12; seq++) await type(page, seq, "未启动", "");
    await type(page, 5, "序时推进", "第5项:平台已完成选址,正在办理审批手续。");
    await click(page, "submit");
    expect(await page.locator(tid("preview-item")).count()).toBe(12);
    await page.screenshot({ path: join(shots, "pane-preview.png"), fullPage: true });
    await click(page, "confirm-submit");
    expect(await message(page)).toEqual({ kind: "success", text: "报送成功:12 行已保存" });
    expect(await page.locator(tid("result-item")).count()).toBe(12);

    // The session survives a reload (kept in the pane's storage, not the workbook) until signing out.
    await page.reload();
    await idle(page);
    expect(await page.textContent(tid("who"))).toContain("市科技局");
    await click(page, "sign-out");
    expect(await page.isVisible(tid("connect"))).toBe(true);
    expect(
      await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes(":session:"))),
    ).toEqual([]);
    expect(unexpectedErrors()).toEqual([]);
    await page.close();
  });

  test("a conflict shows mine and theirs side by side, and keep mine wins", async () => {
    const page = await openPane();
    await signIn(page, "kjj2");
    await click(page, "pull-mine");
    await type(page, 6, "序时推进", "A:第6项已完成用地审批,按计划推进。");
    // Meanwhile a colleague submits the same row.
    const token = await server.signIn("kjj");
    const mine = await api<{ rows: { seq: number; version: number }[] }>(
      server,
      "GET",
      "/periods/2022-H1/tasks?scope=mine",
      { token },
    );
    const base = mine.body.rows.find((r) => r.seq === 6)!.version;
    const theirs = await api(server, "POST", "/periods/2022-H1/submissions", {
      token,
      headers: { "Idempotency-Key": "ui-test-conflict-1" },
      body: {
        rows: [
          { seq: 6, status: "进度滞后", progress: "B:第6项受用地影响进度滞后,正在协调。", baseVersion: base },
        ],
      },
    });
    expect(theirs.status).toBe(200);

    await click(page, "submit");
    await click(page, "confirm-submit");
    expect(await page.isVisible(tid("conflict-view"))).toBe(true);
    const item = page.locator(`${tid("conflict-item")}[data-seq="6"]`);
    expect(await item.locator(tid("conflict-mine")).textContent()).toContain("A:");
    expect(await item.locator(tid("conflict-theirs")).textContent()).toContain("B:");
    await page.screenshot({ path: join(shots, "pane-conflict.png"), fullPage: true });
    for (const button of await page.locator(tid("keep-mine")).all()) {
      await button.click();
      await idle(page);
    }
    expect((await message(page)).kind).toBe("success");
    const after = await api<{ rows: { seq: number; progress: string }[] }>(
      server,
      "GET",
      "/periods/2022-H1/tasks?scope=mine",
      { token },
    );
    expect(after.body.rows.find((r) => r.seq === 6)!.progress).toContain("A:");
    await click(page, "sign-out");
    expect(unexpectedErrors(409)).toEqual([]);
    await page.close();
  });

  test("the pane speaks English when Office's display language is not Chinese", async () => {
    const page = await openPane({ displayLanguage: "en-US" });
    expect(await page.textContent(tid("sign-in"))).toBe("Sign in");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await signIn(page, "kjj");
    expect(await page.textContent(tid("pull-mine"))).toBe("Pull my tasks");
    expect((await message(page)).text).toMatch(/^Signed in/u);
    await click(page, "sign-out");
    expect(unexpectedErrors()).toEqual([]);
    await page.close();
  });
});
