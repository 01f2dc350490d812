// 修改密码 in the task pane, in Debian's Chromium on the Excel stand-in against a real sync server: a
// sign-in with an initial password shows only the change form (rules checked as typed), and after the
// change the pane loads the periods; a signed-in user opens the form from the who line.
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
// @ts-expect-error -- a plain .mjs script without type declarations
import { buildAddin } from "../../scripts/build-addin.mjs";
import { addUser } from "../../sync-server/use-cases/users.ts";
import { buildBrowserBundle } from "../excel-host/bundle.ts";
import { artifactsDir, consoleGuard, launchBrowser, type Browser } from "../support/browser.ts";
import { api, type TestServer } from "../support/server.ts";
import { click, idle, message, openPane as openPaneAt, signIn, tid } from "../support/taskpane.ts";
import { serverWithPlan } from "./support.ts";

let dist: string;
let pageServer: Server;
let origin: string;
let server: TestServer;
let browser: Browser;
let hostBundle: string;
let guard: ReturnType<typeof consoleGuard>;
const shots = artifactsDir("addin");

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), "keywork-addin-password-"));
  await buildAddin({ outdir: join(dist, "addin"), quiet: true });
  const app = express();
  app.use("/addin", express.static(join(dist, "addin")));
  pageServer = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => pageServer.once("listening", resolve));
  origin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
  server = await serverWithPlan(3, { CORS_ORIGINS: origin });
  hostBundle = await buildBrowserBundle();
  browser = await launchBrowser();
  guard = consoleGuard(browser.errors);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  pageServer?.close();
  rmSync(dist, { recursive: true, force: true });
});

const openPane = () => openPaneAt(browser, `${origin}/addin/taskpane.html`, { hostBundle });

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
