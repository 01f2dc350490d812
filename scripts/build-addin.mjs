#!/usr/bin/env node
// Builds the task pane into dist/addin/: taskpane.html, taskpane.js (esbuild, minified), taskpane.css,
// assets/. Prints the initial JS size gzip (target ≤ 250 KB).
//
//   node scripts/build-addin.mjs [--outdir DIR] [--json]
//
// Targets Office's webviews: Edge WebView2 (Windows, Excel on the web in Edge/Chrome) and Safari's
// WKWebView (Mac). Office on Windows with Internet Explorer 11 is out of scope.
import { build } from "esbuild";
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
// Safari 16.4 is the floor in practice: schema/validate.ts uses a regex lookbehind, which esbuild cannot lower.
export const TARGET = ["es2019", "chrome100", "edge100", "safari16"];
export const GZIP_BUDGET = 250 * 1024;

/** @param {{ outdir?: string, quiet?: boolean }} [options] */
export async function buildAddin(options = {}) {
  const outdir = path.resolve(options.outdir ?? path.join(ROOT, "dist/addin"));
  const src = path.join(ROOT, "addin/taskpane");
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });

  const result = await build({
    entryPoints: [path.join(src, "main.ts")],
    outfile: path.join(outdir, "taskpane.js"),
    bundle: true,
    minify: true,
    format: "iife",
    platform: "browser",
    target: TARGET,
    sourcemap: "linked",
    legalComments: "none",
    charset: "utf8",
    metafile: true,
    logLevel: "warning",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  await build({
    entryPoints: [path.join(src, "taskpane.css")],
    outfile: path.join(outdir, "taskpane.css"),
    minify: true,
    target: TARGET,
    logLevel: "warning",
  });
  await cp(path.join(src, "taskpane.html"), path.join(outdir, "taskpane.html"));
  const assets = path.join(ROOT, "addin/assets");
  if (existsSync(assets)) await cp(assets, path.join(outdir, "assets"), { recursive: true });

  const js = await readFile(path.join(outdir, "taskpane.js"));
  const css = await readFile(path.join(outdir, "taskpane.css"));
  const summary = {
    outdir,
    js: { bytes: js.length, gzip: gzipSync(js, { level: 9 }).length },
    css: { bytes: css.length, gzip: gzipSync(css, { level: 9 }).length },
    budget: GZIP_BUDGET,
    inputs: Object.keys(result.metafile.inputs).length,
  };
  await writeFile(path.join(outdir, "build.json"), `${JSON.stringify(summary, null, 2)}\n`);
  if (!options.quiet) {
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    console.log(`task pane built in ${path.relative(process.cwd(), outdir) || "."}`);
    console.log(
      `  taskpane.js   ${kb(summary.js.bytes)} (gzip ${kb(summary.js.gzip)}, budget ${kb(GZIP_BUDGET)})`,
    );
    console.log(`  taskpane.css  ${kb(summary.css.bytes)} (gzip ${kb(summary.css.gzip)})`);
  }
  return summary;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--outdir");
  const outdir = at !== -1 ? args[at + 1] : undefined;
  const json = args.includes("--json");
  try {
    const summary = await buildAddin({ ...(outdir ? { outdir } : {}), quiet: json });
    if (json) console.log(JSON.stringify(summary));
    if (summary.js.gzip > GZIP_BUDGET) {
      console.error(`taskpane.js is ${summary.js.gzip} bytes gzip, over the ${GZIP_BUDGET} byte budget`);
      process.exitCode = 1;
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
