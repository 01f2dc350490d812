// The server hands out the task pane's page with Office.js from its own copy or from Microsoft's CDN.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  OFFICE_JS_CDN,
  OFFICE_JS_LOCAL,
  addinRoutes,
  withOfficeJs,
} from "../../sync-server/http/routes/addin.ts";

const PAGE = `<html><head><script src="${OFFICE_JS_LOCAL}" data-office-js></script><script src="taskpane.js" defer></script></head></html>`;
let dist: string;

beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), "keywork-addin-dist-"));
  writeFileSync(join(dist, "taskpane.html"), PAGE);
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));

async function page(
  mode: "local" | "cdn",
  path: string,
): Promise<{ status: number; text: string; type: string | null }> {
  const app = express().use(addinRoutes({ OFFICE_JS: mode }, dist));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
    return { status: res.status, text: await res.text(), type: res.headers.get("content-type") };
  } finally {
    server.close();
  }
}

describe("task pane page", () => {
  test("OFFICE_JS=local serves the page with our own copy of Office.js", async () => {
    const res = await page("local", "/addin/taskpane.html");
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/text\/html/u);
    expect(res.text).toContain(`src="${OFFICE_JS_LOCAL}"`);
  });

  test("OFFICE_JS=cdn serves the page with Microsoft's CDN", async () => {
    const res = await page("cdn", "/addin/");
    expect(res.text).toContain(`src="${OFFICE_JS_CDN}"`);
    expect(res.text).not.toContain(OFFICE_JS_LOCAL);
  });

  test("only the script tag changes", () => {
    expect(withOfficeJs(PAGE, "local")).toBe(PAGE);
    expect(withOfficeJs(PAGE, "cdn").replace(OFFICE_JS_CDN, OFFICE_JS_LOCAL)).toBe(PAGE);
  });
});
