// Writes manifest.xml rewritten for the host Keywork is served from.
//
//   node --import tsx scripts/manifest-for-host.ts https://keywork.city.gov.cn --out dist/manifest.xml
//
// Exit codes: 0 written, 1 unreadable input or unwritable output, 2 bad URL or usage.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { BaseUrlError, manifestForHost } from "../addin/manifest/manifest.ts";

const USAGE = `usage: node --import tsx scripts/manifest-for-host.ts <https-base-url> [--in manifest.xml] [--out file]
  e.g. node --import tsx scripts/manifest-for-host.ts https://keywork.city.gov.cn --out dist/manifest.xml
  Without --out the manifest is printed to stdout.`;

function main(): number {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { in: { type: "string", default: "manifest.xml" }, out: { type: "string" } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [baseUrl, ...extra] = parsed.positionals;
  if (baseUrl === undefined || extra.length > 0) {
    console.error(USAGE);
    return 2;
  }

  let output: string;
  try {
    output = manifestForHost(readFileSync(parsed.values.in, "utf8"), baseUrl);
  } catch (error) {
    if (error instanceof BaseUrlError) {
      console.error(`error: bad base URL: ${error.message}\n${USAGE}`);
      return 2;
    }
    console.error(`error: ${(error as Error).message}`);
    return 1;
  }

  const out = parsed.values.out;
  if (out === undefined) {
    process.stdout.write(output);
    return 0;
  }
  try {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, output);
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 1;
  }
  console.error(
    `wrote ${out} for ${baseUrl}; check it with: node --import tsx scripts/manifest-validate.ts ${out}`,
  );
  return 0;
}

process.exitCode = main();
