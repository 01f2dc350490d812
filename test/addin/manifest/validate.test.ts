import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  validateManifestFile,
  validateManifestXml,
  XmllintMissingError,
} from "../../../addin/manifest/validate.ts";
import { MANIFEST_PATH, mutate, repoManifest, runScript } from "./helpers.ts";

// These tests need xmllint (CI installs libxml2-utils). Without it they fail with
// XmllintMissingError's message rather than skip: a skipped schema check proves nothing.

describe("manifest schema validation", () => {
  it("accepts the repository's manifest.xml", () => {
    const result = validateManifestFile(MANIFEST_PATH);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("rejects a misspelled top-level element", () => {
    const xml = mutate(repoManifest(), /(<\/?)Permissions>/g, "$1Permission>");
    const result = validateManifestXml(xml);
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toMatch(/Permission'.*not expected/);
  });

  it("rejects a misspelled element inside VersionOverrides", () => {
    const xml = mutate(repoManifest(), /(<\/?)Supertip>/g, "$1Supertipp>");
    const result = validateManifestXml(xml);
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toMatch(/taskpaneappversionoverrides\}Supertipp'.*not expected/);
  });

  it("rejects a misspelled attribute in the VersionOverrides resources", () => {
    const xml = mutate(
      repoManifest(),
      '<bt:Image id="Icon.16" DefaultValue=',
      '<bt:Image id="Icon.16" Default=',
    );
    const result = validateManifestXml(xml);
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toMatch(/attribute 'Default' is not allowed/);
  });

  it("rejects a button label resource longer than the schema's 125 characters", () => {
    const xml = mutate(repoManifest(), 'DefaultValue="重点工作报送">', `DefaultValue="${"报".repeat(126)}">`);
    expect(validateManifestXml(xml).ok).toBe(false);
  });

  it("throws a clear error naming libxml2-utils when xmllint is missing", () => {
    expect(() => validateManifestFile(MANIFEST_PATH, { xmllint: "/nonexistent/xmllint" })).toThrow(
      XmllintMissingError,
    );
    expect(() => validateManifestFile(MANIFEST_PATH, { xmllint: "/nonexistent/xmllint" })).toThrow(
      /libxml2-utils/,
    );
  });
});

describe("scripts/manifest-validate.ts", () => {
  it("exits 0 for the repository's manifest", () => {
    const run = runScript("manifest-validate.ts", ["manifest.xml"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("exits 2 with an install hint when xmllint is missing", () => {
    const run = runScript("manifest-validate.ts", ["manifest.xml"], { XMLLINT: "/nonexistent/xmllint" });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/xmllint not found.*libxml2-utils/);
  });

  it("exits 1 and prints the findings for an invalid manifest", () => {
    const dir = mkdtempSync(join(tmpdir(), "keywork-manifest-"));
    const file = join(dir, "manifest.xml");
    writeFileSync(file, mutate(repoManifest(), /(<\/?)Supertip>/g, "$1Supertipp>"));
    try {
      const run = runScript("manifest-validate.ts", [file]);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/INVALID[\s\S]*Supertipp/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
