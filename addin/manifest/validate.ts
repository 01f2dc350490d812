// Validates a manifest against Office's XSDs (copied into docs/office-manifest-schemas/)
// with xmllint. Dev tooling only: it shells out, so it is never bundled into the task pane.
//
// The XSDs import each other by relative schemaLocation, so with --nonet xmllint reads
// the VersionOverrides and basic-types schemas from the same folder and never the network.

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const SCHEMA_PATH = fileURLToPath(
  new URL("../../docs/office-manifest-schemas/OfficeAppManifestV1_1.xsd", import.meta.url),
);

export interface ValidationResult {
  ok: boolean;
  errors: string[];
}

export interface ValidateOptions {
  /** The xmllint executable; defaults to $XMLLINT, then "xmllint" on PATH. */
  xmllint?: string;
}

export class XmllintMissingError extends Error {
  override name = "XmllintMissingError";
  constructor(command: string) {
    super(
      `xmllint not found ("${command}"). Install libxml2-utils ` +
        `(Debian/Ubuntu: apt-get install -y libxml2-utils; macOS ships xmllint) or set XMLLINT.`,
    );
  }
}

/** Validates the manifest file at `path`. Throws XmllintMissingError when xmllint is absent. */
export function validateManifestFile(path: string, options: ValidateOptions = {}): ValidationResult {
  return runXmllint([path], undefined, options);
}

/** Validates manifest text (piped to xmllint; error lines then name the file "-"). */
export function validateManifestXml(xml: string, options: ValidateOptions = {}): ValidationResult {
  return runXmllint(["-"], xml, options);
}

function runXmllint(target: string[], input: string | undefined, options: ValidateOptions): ValidationResult {
  const command = options.xmllint ?? process.env.XMLLINT ?? "xmllint";
  const run = spawnSync(command, ["--nonet", "--noout", "--schema", SCHEMA_PATH, ...target], {
    input,
    encoding: "utf8",
  });
  if (run.error) {
    if ((run.error as NodeJS.ErrnoException).code === "ENOENT") throw new XmllintMissingError(command);
    throw run.error;
  }
  // xmllint ends with "<file> validates" or "<file> fails to validate"; the rest are findings.
  const errors = run.stderr
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line !== "" && !/ (validates|fails to validate)$/.test(line));
  const ok = run.status === 0;
  if (!ok && errors.length === 0) errors.push(`xmllint exited with status ${run.status ?? run.signal}`);
  return { ok, errors };
}
