// The WPS add-in's own parts: the build (dist/wps/), the ribbon's button toggling the task pane, the
// publish page's call to WPS, and the server's /wps/ with jsplugins.xml for its own address.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import express from "express";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
// @ts-expect-error -- a plain .mjs script without type declarations
import { buildWps } from "../../../scripts/build-wps.mjs";
import { addinEntry, encodeParams, sendToWps } from "../../../addin/wps/publish.ts";
import { TASKPANE_KEY, baseUrl, ribbonHandlers, type WpsGlobal } from "../../../addin/wps/ribbon.ts";
import { problemHandler } from "../../../sync-server/http/problem.ts";
import { jspluginsXml, wpsRoutes } from "../../../sync-server/http/routes/wps.ts";
import { createWpsHost } from "../../wps-host/host.ts";
import { pino } from "pino";

const exec = promisify(execFile);
let dist: string;
let summary: { js: { gzip: number }; budget: number };

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), "keywork-wps-build-"));
  summary = await buildWps({ outdir: dist, quiet: true });
}, 120_000);
afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe("the build", () => {
  test("dist/wps holds the add-in's main page, ribbon, task pane, publish page and icons", () => {
    for (const file of [
      "index.html",
      "main.js",
      "ribbon.xml",
      "taskpane.html",
      "taskpane.js",
      "taskpane.css",
      "publish.html",
      "publish.js",
      "assets/icon-32.png",
    ])
      expect(existsSync(join(dist, file)), file).toBe(true);
  });

  test("ribbon.xml is well-formed, with a 重点工作 tab whose button calls ribbon.OnAction", async () => {
    const xml = readFileSync(join(dist, "ribbon.xml"), "utf8");
    await exec("xmllint", ["--noout", join(dist, "ribbon.xml")]);
    expect(xml).toContain('onLoad="ribbon.OnAddinLoad"');
    expect(xml).toMatch(/<tab id="keyworkTab" label="重点工作">/u);
    expect(xml).toMatch(/<button id="keyworkOpenPane"[^>]*onAction="ribbon.OnAction"/u);
  });

  test("the WPS task pane page loads no Office.js and no inline script, and its JS is within the pane's budget", () => {
    const html = readFileSync(join(dist, "taskpane.html"), "utf8");
    expect(html).not.toContain("office.js");
    expect(html).toContain('<script src="taskpane.js" defer></script>');
    expect(html).not.toMatch(/<script>(?!<\/script>)/u);
    expect(summary.js.gzip).toBeLessThanOrEqual(summary.budget);
  });
});

describe("the ribbon's button", () => {
  const wpsOf = () => createWpsHost();

  test("opens the task pane at the add-in's taskpane.html, then hides and shows the same pane", () => {
    const stand = wpsOf();
    const ribbon = ribbonHandlers(
      stand.wps as WpsGlobal,
      () => "https://keywork.example.gov.cn/wps/index.html",
    );
    expect(ribbon.OnAddinLoad()).toBe(true);
    ribbon.OnAction({ Id: "keyworkOpenPane" });
    expect(stand.taskPanes()).toEqual([
      { id: 1, url: "https://keywork.example.gov.cn/wps/taskpane.html", visible: true },
    ]);
    ribbon.OnAction({ Id: "keyworkOpenPane" });
    expect(stand.taskPanes()).toEqual([
      { id: 1, url: "https://keywork.example.gov.cn/wps/taskpane.html", visible: false },
    ]);
    ribbon.OnAction({ Id: "keyworkOpenPane" });
    expect(stand.taskPanes().map((p) => p.visible)).toEqual([true]);
    expect((stand.wps as WpsGlobal).PluginStorage.getItem(TASKPANE_KEY)).toBe(1);
  });

  test("after WPS restarts the add-in, a new pane is created rather than a stale id used", () => {
    const stand = wpsOf();
    const wps = stand.wps as WpsGlobal;
    wps.PluginStorage.setItem(TASKPANE_KEY, 7);
    const ribbon = ribbonHandlers(wps, () => "http://10.1.2.3:3000/wps/");
    ribbon.OnAddinLoad();
    ribbon.OnAction({ Id: "keyworkOpenPane" });
    expect(stand.taskPanes()).toEqual([
      { id: 1, url: "http://10.1.2.3:3000/wps/taskpane.html", visible: true },
    ]);
  });

  test("the add-in's base URL is the folder of the page, without query or hash", () => {
    expect(baseUrl("http://h:3000/wps/index.html?x=1#y")).toBe("http://h:3000/wps/");
  });
});

describe("the publish page's install call", () => {
  test("sends WPS's local service the add-in as base64 JSON: enable, et, online, this server's /wps/", async () => {
    let sent: { url: string; body: string } | null = null;
    const fake = (async (url: string, init: { body: string }) => {
      sent = { url, body: init.body };
      return new Response("ok", { status: 200 });
    }) as unknown as typeof fetch;
    const answer = await sendToWps("enable", addinEntry("http://10.1.2.3:3000/wps/", "1.0.0"), fake);
    expect(answer.ok).toBe(true);
    expect(sent!.url).toBe("http://127.0.0.1:58890/deployaddons/runParams");
    expect(JSON.parse(Buffer.from(sent!.body, "base64").toString("utf8"))).toEqual({
      cmd: "enable",
      name: "keywork",
      addonType: "et",
      online: "true",
      url: "http://10.1.2.3:3000/wps/",
      version: "1.0.0",
    });
    expect(encodeParams({ 名: "重点工作" })).toBe(Buffer.from('{"名":"重点工作"}').toString("base64"));
  });

  test("reports failure, not an exception, when WPS is not running", async () => {
    const down = (async () => {
      throw new TypeError("fetch failed");
    }) as unknown as typeof fetch;
    expect(await sendToWps("enable", addinEntry("http://h/wps/", "1.0.0"), down)).toEqual({
      ok: false,
      text: "",
    });
  });
});

describe("the server's /wps/", () => {
  async function get(
    path: string,
    host?: string,
  ): Promise<{ status: number; text: string; type: string; csp: string }> {
    const app = express()
      .use(wpsRoutes(dist))
      .use(problemHandler(pino({ level: "silent" })));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      return await new Promise((resolve, reject) => {
        const req = request(
          { host: "127.0.0.1", port, path, headers: { host: host ?? `127.0.0.1:${port}` } },
          (res) => {
            let text = "";
            res.setEncoding("utf8").on("data", (c: string) => (text += c));
            res.on("end", () =>
              resolve({
                status: res.statusCode!,
                text,
                type: String(res.headers["content-type"]),
                csp: String(res.headers["content-security-policy"] ?? ""),
              }),
            );
          },
        );
        req.on("error", reject).end();
      });
    } finally {
      server.close();
    }
  }

  test("jsplugins.xml points WPS at the address the request came to", async () => {
    const answer = await get("/wps/jsplugins.xml", "keywork.example.gov.cn:8443");
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/xml/u);
    expect(answer.text).toBe(jspluginsXml("http://keywork.example.gov.cn:8443/wps/"));
    expect(answer.text).toContain(
      '<jspluginonline name="keywork" type="et" url="http://keywork.example.gov.cn:8443/wps/" />',
    );
  });

  test("a Host header that is not a host name is refused with a problem, not echoed into the XML", async () => {
    const answer = await get("/wps/jsplugins.xml", 'evil"><x');
    expect(answer.status).toBe(400);
    expect(answer.type).toMatch(/problem\+json/u);
  });

  test("the publish page may reach WPS's local service; the add-in's files are served", async () => {
    const publish = await get("/wps/publish.html");
    expect(publish.status).toBe(200);
    expect(publish.csp).toContain("connect-src 'self' http://127.0.0.1:58890");
    expect((await get("/wps/ribbon.xml")).status).toBe(200);
    expect((await get("/wps/")).text).toContain('<script src="main.js"></script>');
  });
});
