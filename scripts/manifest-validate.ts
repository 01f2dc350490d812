// Validates manifests against Office's XSDs, offline, with xmllint.
//
//   node --import tsx scripts/manifest-validate.ts [manifest.xml ...]
//
// Exit codes: 0 all valid, 1 a manifest is invalid, 2 xmllint is missing.

import { validateManifestFile, XmllintMissingError } from "../addin/manifest/validate.ts";

function main(files: string[]): number {
  let invalid = false;
  for (const file of files) {
    let result;
    try {
      result = validateManifestFile(file);
    } catch (error) {
      if (error instanceof XmllintMissingError) {
        console.error(`error: ${error.message}`);
        return 2;
      }
      throw error;
    }
    if (result.ok) {
      console.log(`${file}: valid`);
    } else {
      invalid = true;
      console.error(`${file}: INVALID\n${result.errors.map((line) => `  ${line}`).join("\n")}`);
    }
  }
  return invalid ? 1 : 0;
}

const args = process.argv.slice(2);
process.exitCode = main(args.length > 0 ? args : ["manifest.xml"]);
