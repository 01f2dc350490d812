// 修改密码 in the task pane, in Debian's Chromium on the Excel stand-in against a real sync server: a
// sign-in with an initial password shows only the change form (rules checked as typed), and after the
// change the pane loads the periods; a signed-in user opens the form from the who line.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addUser } from "../../sync-server/use-cases/users.ts";
import { artifactsDir } from "../support/browser.ts";
import { api, type TestServer } from "../support/server.ts";
import { click, idle, message, signIn, tid } from "../support/taskpane.ts";
import { startPaneRig, type PaneRig } from "./pane-rig.ts";

let rig: PaneRig;
let server: TestServer;
let guard: PaneRig["guard"];
const shots = artifactsDir("addin");

beforeAll(async () => {
  rig = await startPaneRig(3);
  ({ server, guard } = rig);
}, 120_000);

afterAll(() => rig?.close());

const openPane = () => rig.openPane();

describe("task pane password change", () => {
  test("an initial password opens only the change form; after the change the pane loads the periods", async () => {
    // No --password: a generated one-time password, to be changed at first sign-in.
    const created = await addUser(server.deps, {
      username: "newcomer",
      name: "新填报人",
      unit: "市科技局",
      role: "reporter",
    });
    const page = await openPane();
    await signIn(page, "newcomer", created.password, server.url);
    expect(await page.isVisible(tid("password-form"))).toBe(true);
    expect(await page.isVisible(tid("work"))).toBe(false);
    expect(await page.isVisible(tid("password-cancel"))).toBe(false);
    expect(await page.textContent(tid("password-intro"))).toContain("请先设置自己的新密码");

    await page.fill(tid("password-current"), created.password);
    await page.fill(tid("password-next"), "short");
    expect(await page.textContent(tid("password-problems"))).toContain("密码至少 10 个字符");
    await page.fill(tid("password-next"), "Harbour-lights-2022");
    await page.fill(tid("password-repeat"), "Harbour-lights-2022");
    await page.screenshot({ path: join(shots, "password-forced.png") });
    await click(page, "password-submit");
    await idle(page);
    await page.waitForSelector(tid("work"), { state: "visible" });
    expect(await page.isVisible(tid("password-form"))).toBe(false);
    expect(await page.inputValue(tid("period"))).toBe("2022-H1");
    const signed = await api<{ mustChangePassword: boolean }>(server, "POST", "/sessions", {
      body: { username: "newcomer", password: "Harbour-lights-2022" },
    });
    expect(signed.body.mustChangePassword).toBe(false);
    expect(guard.take()).toEqual([]);
    // The pane keeps its session in the browser's storage, shared with the next test's pane.
    await click(page, "sign-out");
    await page.close();
  });

  test("a signed-in user opens the form, a wrong current password is said and changes nothing", async () => {
    await addUser(server.deps, {
      username: "settled",
      name: "老用户",
      unit: "市科技局",
      role: "reporter",
      password: "Settled-password-1",
    });
    const page = await openPane();
    await signIn(page, "settled", "Settled-password-1", server.url);
    await page.click(tid("password-open"));
    expect(await page.isVisible(tid("password-form"))).toBe(true);
    await page.fill(tid("password-current"), "not-the-password");
    await page.fill(tid("password-next"), "Another-password-9");
    await page.fill(tid("password-repeat"), "Another-password-9");
    await page.click(tid("password-submit"));
    await page.waitForSelector(`${tid("message")}[data-kind="error"]`);
    expect(await message(page)).toEqual({ kind: "error", text: "当前密码不正确,密码未修改。" });
    guard.allow(403);
    expect(guard.take()).toEqual([]);
    await page.click(tid("password-cancel"));
    expect(await page.isVisible(tid("password-form"))).toBe(false);
    expect(await page.isVisible(tid("work"))).toBe(true);
    await page.close();
  });
});
