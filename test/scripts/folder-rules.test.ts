// The folder rules of docs/architecture.md are lint errors, not only prose.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: new URL("../..", import.meta.url).pathname });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe("folder rules", () => {
  it("schema/ may not import Node, server libraries or another part", async () => {
    expect(
      await ruleIds(
        "schema/probe.ts",
        'import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n',
      ),
    ).toContain("no-restricted-imports");
    expect(
      await ruleIds("schema/probe.ts", 'import ExcelJS from "exceljs";\nexport const x = ExcelJS;\n'),
    ).toContain("no-restricted-imports");
    expect(
      await ruleIds("schema/probe.ts", 'import { api } from "../web/api.ts";\nexport const x = api;\n'),
    ).toContain("no-restricted-imports");
  });

  it("schema/ may not touch the DOM or Office", async () => {
    expect(await ruleIds("schema/probe.ts", "export const x = () => document.title;\n")).toContain(
      "no-restricted-globals",
    );
    expect(await ruleIds("schema/probe.ts", "export const x = () => Office.context;\n")).toContain(
      "no-restricted-globals",
    );
  });

  it("only sync-server/store/ may use a database driver", async () => {
    const code = 'import Database from "better-sqlite3";\nexport const x = Database;\n';
    expect(await ruleIds("sync-server/http/probe.ts", code)).toContain("no-restricted-imports");
    expect(await ruleIds("sync-server/store/sqlite/probe.ts", code)).not.toContain("no-restricted-imports");
  });

  it("use-cases may not know HTTP", async () => {
    const code = 'import type { Request } from "express";\nexport type X = Request;\n';
    expect(await ruleIds("sync-server/use-cases/probe.ts", code)).toContain("no-restricted-imports");
    expect(await ruleIds("sync-server/http/probe.ts", code)).not.toContain("no-restricted-imports");
  });

  it("client/ may not import the pane, the page or Node", async () => {
    expect(
      await ruleIds("client/probe.ts", 'import { api } from "../web/api.ts";\nexport const x = api;\n'),
    ).toContain("no-restricted-imports");
    expect(
      await ruleIds(
        "client/probe.ts",
        'import { ApiClient } from "../addin/api/client.ts";\nexport const x = ApiClient;\n',
      ),
    ).toContain("no-restricted-imports");
    expect(
      await ruleIds("client/probe.ts", 'import { Buffer } from "node:buffer";\nexport const x = Buffer;\n'),
    ).toContain("no-restricted-imports");
  });

  it("client/ may call fetch but not touch the DOM", async () => {
    expect(await ruleIds("client/probe.ts", "export const x = () => fetch;\n")).not.toContain(
      "no-restricted-globals",
    );
    expect(await ruleIds("client/probe.ts", "export const x = () => document.title;\n")).toContain(
      "no-restricted-globals",
    );
  });

  it("no function over 80 lines in the page, client/ or the server", async () => {
    const long = `export function f(): number {\n${"  let x = 1;\n".repeat(81)}  return 1;\n}\n`;
    for (const file of ["web/probe.ts", "client/probe.ts", "sync-server/use-cases/probe.ts"])
      expect(await ruleIds(file, long)).toContain("max-lines-per-function");
  });

  it("the web page and the task pane may not import the server", async () => {
    const code = 'import { merged } from "../sync-server/use-cases/merged.ts";\nexport const x = merged;\n';
    expect(await ruleIds("web/probe.ts", code)).toContain("no-restricted-imports");
    expect(await ruleIds("addin/probe.ts", code.replace("../", "../../"))).toContain("no-restricted-imports");
  });
});
