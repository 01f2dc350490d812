// The task pane bundle builds, stays under its size budget, and its page loads Office.js and the bundle.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";

const run = promisify(execFile);
let outdir: string;
let summary: { js: { bytes: number; gzip: number }; css: { gzip: number }; budget: number };

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), "keywork-addin-build-"));
  const { stdout } = await run(process.execPath, ["scripts/build-addin.mjs", "--outdir", outdir, "--json"], {
    cwd: process.cwd(),
  });
  summary = JSON.parse(stdout.trim().split("\n").pop()!);
}, 120_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

test("the bundle builds into taskpane.html, taskpane.js, taskpane.css and assets", () => {
  for (const file of ["taskpane.html", "taskpane.js", "taskpane.css", "assets/icon-32.png"]) {
    expect(existsSync(join(outdir, file)), file).toBe(true);
  }
});

test("the initial JavaScript is under 250 KB gzip", () => {
  expect(summary.js.gzip).toBeGreaterThan(10_000);
  expect(summary.js.gzip).toBeLessThanOrEqual(250 * 1024);
});

test("the page loads Office.js from our own server and the bundle, with no inline script", () => {
  const html = readFileSync(join(outdir, "taskpane.html"), "utf8");
  expect(html).toContain('<script src="/addin/office-js/office.js"');
  expect(html).toContain('<script src="taskpane.js" defer></script>');
  expect(html).not.toMatch(/<script>(?!<\/script>)/u);
});

test("the bundle carries no Node built-ins", () => {
  const js = readFileSync(join(outdir, "taskpane.js"), "utf8");
  expect(js).not.toMatch(/require\(["'](node:)?(fs|crypto|path)["']\)/u);
});
