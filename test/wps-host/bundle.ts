// Node only: the WPS stand-in as one browser script (IIFE), built in memory with esbuild.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ENTRY = fileURLToPath(new URL("./browser-entry.ts", import.meta.url));

export async function buildWpsBrowserBundle(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2022",
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error("esbuild produced no output for the WPS stand-in bundle");
  return output.text;
}
