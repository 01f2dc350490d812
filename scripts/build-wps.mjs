#!/usr/bin/env node
// Builds the WPS add-in into dist/wps/: index.html + main.js (the ribbon's callbacks), ribbon.xml, the
// task pane (taskpane.html, taskpane.js on the WPS host, taskpane.css), publish.html + publish.js, assets/.
// The server adds jsplugins.xml for its own address (sync-server/http/routes/wps.ts).
//
//   node scripts/build-wps.mjs [--outdir DIR] [--json]
import { build } from "esbuild";
import { cp, mkdir, readFile, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { GZIP_BUDGET, TARGET } from "./build-addin.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** @param {{ outdir?: string, quiet?: boolean }} [options] */
export async function buildWps(options = {}) {
  const outdir = path.resolve(options.outdir ?? path.join(ROOT, "dist/wps"));
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const common = {
    bundle: true,
    minify: true,
    format: "iife",
    platform: "browser",
    target: TARGET,
    legalComments: "none",
    charset: "utf8",
    logLevel: "warning",
    define: { "process.env.NODE_ENV": '"production"' },
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: [path.join(ROOT, "addin/taskpane/main-wps.ts")],
      outfile: path.join(outdir, "taskpane.js"),
      sourcemap: "linked",
    }),
    build({
      ...common,
      entryPoints: [path.join(ROOT, "addin/wps/ribbon.ts")],
      outfile: path.join(outdir, "main.js"),
    }),
    build({
      ...common,
      entryPoints: [path.join(ROOT, "addin/wps/publish.ts")],
      outfile: path.join(outdir, "publish.js"),
    }),
    build({
      entryPoints: [path.join(ROOT, "addin/taskpane/taskpane.css")],
      outfile: path.join(outdir, "taskpane.css"),
      minify: true,
      target: TARGET,
      logLevel: "warning",
    }),
  ]);
  await cp(path.join(ROOT, "addin/wps/package"), outdir, { recursive: true });
  const assets = path.join(ROOT, "addin/assets");
  if (existsSync(assets)) await cp(assets, path.join(outdir, "assets"), { recursive: true });
  const js = await readFile(path.join(outdir, "taskpane.js"));
  const summary = {
    outdir,
    js: { bytes: js.length, gzip: gzipSync(js, { level: 9 }).length },
    budget: GZIP_BUDGET,
  };
  if (!options.quiet) {
    console.log(`WPS add-in built in ${path.relative(process.cwd(), outdir) || "."}`);
    console.log(
      `  taskpane.js   ${(summary.js.bytes / 1024).toFixed(1)} KB (gzip ${(summary.js.gzip / 1024).toFixed(1)} KB)`,
    );
  }
  return summary;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--outdir");
  try {
    const summary = await buildWps({
      ...(at !== -1 ? { outdir: args[at + 1] } : {}),
      quiet: args.includes("--json"),
    });
    if (args.includes("--json")) console.log(JSON.stringify(summary));
    if (summary.js.gzip > GZIP_BUDGET) process.exitCode = 1;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
