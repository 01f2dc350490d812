// Shared by the manifest tests: where the repo is, its manifest, and PNG sizes.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../../", import.meta.url));
export const MANIFEST_PATH = `${REPO}manifest.xml`;

export function repoManifest(): string {
  return readFileSync(MANIFEST_PATH, "utf8");
}

/** Replaces `from` by `to` and fails loudly if `from` is absent, so no test mutates nothing. */
export function mutate(xml: string, from: string | RegExp, to: string): string {
  const changed = xml.replace(from, to);
  if (changed === xml) throw new Error(`test fixture: ${String(from)} not found in the manifest`);
  return changed;
}

/** Width and height from a PNG's IHDR chunk, which the format puts first. */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  const signature = "89504e470d0a1a0a";
  if (bytes.subarray(0, 8).toString("hex") !== signature || bytes.toString("latin1", 12, 16) !== "IHDR") {
    throw new Error("not a PNG");
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Runs one of our scripts the way the docs tell people to. */
export function runScript(script: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(process.execPath, ["--import", "tsx", `scripts/${script}`, ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
