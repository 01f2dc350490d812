// The reader's worker threads in the real `keywork start` child (bin/keywork.js, TypeScript through tsx):
// an upload is read in a worker there too, a hostile one is refused, and /healthz keeps answering.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startChildServer, type ChildServer } from "../../support/child-server.ts";
import { manyStringsXlsx, sheetXml, textCell, xlsxOf } from "../../support/hostile-xlsx.ts";
import { healthzWhile } from "../../support/server.ts";

let dir: string;
let server: ChildServer;
let token: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "keywork-child-uploads-"));
  server = await startChildServer("start", { DATABASE_URL: `sqlite:${join(dir, "keywork.db")}` });
  // `start` reports ready a moment before the demo accounts exist: retry the sign-in briefly.
  for (let attempt = 0; attempt < 50 && !token; attempt++) {
    const res = await fetch(`${server.url}/api/v1/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "kjj", password: "Demo-kjj-2022" }),
    });
    if (res.status === 201) token = ((await res.json()) as { token: string }).token;
    else await new Promise((r) => setTimeout(r, 100));
  }
  expect(token).toBeTruthy();
}, 60_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function upload(file: Buffer) {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(file)]), "upload.xlsx");
  return fetch(`${server.url}/api/v1/periods/2022-H1/uploads`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
}

test("the reporter's own download is read back by the child's worker thread", async () => {
  const download = await fetch(`${server.url}/api/v1/periods/2022-H1/tasks.xlsx`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(download.status).toBe(200);
  const res = await upload(Buffer.from(await download.arrayBuffer()));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { unit: string; grid: unknown[][] };
  expect(body.unit).toBe("市科技局");
  expect(body.grid.length).toBeGreaterThan(3);
});

test("a cell at A1048576 is a 422 naming it, and the child keeps serving", async () => {
  const res = await upload(xlsxOf(sheetXml(`<row r="1048576">${textCell("A1048576", "x")}</row>`)));
  expect(res.status).toBe(422);
  expect(((await res.json()) as { detail: string }).detail).toContain("A1048576");
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
});

test("/healthz answers while the child parses a slow workbook", async () => {
  const { result, healthz, answeredDuring } = await healthzWhile(
    server.url,
    upload(manyStringsXlsx(150_000)),
  );
  expect(healthz.every((status) => status === 200)).toBe(true);
  expect(result.status).toBeLessThan(500);
  expect(answeredDuring).toBeGreaterThan(0);
});
