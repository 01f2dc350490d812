// Builds the web page (for bureaus without the add-in) into dist/web/: one minified ES module bundle
// plus index.html and style.css. No framework; exceljs never ships to the browser (the server reads
// uploaded workbooks). zod does: the page runs the same schema module as the server and the add-in.
// Prints the gzipped size of the initial JavaScript; fails above the 150 KB budget.
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../", import.meta.url));
const src = `${root}web/`;
const out = `${root}dist/web/`;
const BUDGET_GZIP_BYTES = 150 * 1024;

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

const result = await build({
  entryPoints: [`${src}main.ts`],
  outfile: `${out}main.js`,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: ["es2020", "chrome90", "firefox90", "safari15"],
  minify: true,
  sourcemap: true,
  legalComments: "none",
  charset: "utf8",
  metafile: true,
  logLevel: "warning",
});

// Cache-busting: the HTML names the bundle with its content hash.
const js = await readFile(`${out}main.js`);
const hash = (await import("node:crypto")).createHash("sha256").update(js).digest("hex").slice(0, 10);
const html = (await readFile(`${src}index.html`, "utf8")).replace(/(main\.js|style\.css)/gu, `$1?v=${hash}`);
await writeFile(`${out}index.html`, html);
await copyFile(`${src}style.css`, `${out}style.css`);

const inputs = Object.keys(result.metafile.inputs);
if (inputs.some((p) => p.includes("node_modules/exceljs"))) {
  console.error("build-web: exceljs ended up in the browser bundle");
  process.exit(1);
}
const gzip = gzipSync(js, { level: 9 }).length;
const css = gzipSync(await readFile(`${out}style.css`), { level: 9 }).length;
console.log(
  `dist/web/main.js  ${(js.length / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzip (initial JS; budget ${BUDGET_GZIP_BYTES / 1024} KB)`,
);
console.log(`dist/web/style.css  ${(css / 1024).toFixed(1)} KB gzip`);
if (gzip > BUDGET_GZIP_BYTES) {
  console.error("build-web: the initial JavaScript is over the gzip budget");
  process.exit(1);
}
