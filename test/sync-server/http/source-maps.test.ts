// Source maps of the task pane and the web page are served only when configuration asks for them.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ADDIN_DIST, WEB_DIST } from "../../../sync-server/app.ts";
import { startTestServer, type TestServer } from "../../support/server.ts";

const servers: TestServer[] = [];

beforeAll(() => {
  for (const script of ["scripts/build-web.mjs", "scripts/build-addin.mjs"]) {
    const out = spawnSync(process.execPath, [script], { cwd: process.cwd(), encoding: "utf8" });
    if (out.status !== 0) throw new Error(`${script} failed:\n${out.stdout}\n${out.stderr}`);
  }
  // The builds write the maps: what is refused below exists on disk.
  expect(existsSync(join(WEB_DIST, "main.js.map"))).toBe(true);
  expect(existsSync(join(ADDIN_DIST, "taskpane.js.map"))).toBe(true);
}, 180_000);
afterAll(async () => {
  for (const s of servers) await s.stop();
});

async function get(server: TestServer, path: string) {
  const res = await fetch(`${server.url}${path}`);
  await res.arrayBuffer();
  return res.status;
}

describe("source maps", () => {
  test("are not served by default, while the bundles are", async () => {
    const server = await startTestServer();
    servers.push(server);
    expect(await get(server, "/web/main.js")).toBe(200);
    expect(await get(server, "/addin/taskpane.js")).toBe(200);
    expect(await get(server, "/web/main.js.map")).toBe(404);
    expect(await get(server, "/addin/taskpane.js.map")).toBe(404);
    expect(await get(server, "/WEB/main.js.MAP")).toBe(404);
  });

  test("are served with SERVE_SOURCE_MAPS=true", async () => {
    const server = await startTestServer({ SERVE_SOURCE_MAPS: "true" });
    servers.push(server);
    expect(await get(server, "/web/main.js.map")).toBe(200);
    expect(await get(server, "/addin/taskpane.js.map")).toBe(200);
  });
});
