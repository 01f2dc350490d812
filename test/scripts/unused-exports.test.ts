// The unused-exports check that `npm run lint` runs, on a small project of its own.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findUnusedExports } from "../../scripts/unused-exports.ts";

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "kw-unused-"));
  writeFileSync(
    join(root, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "NodeNext",
        moduleResolution: "NodeNext",
        allowImportingTsExtensions: true,
        noEmit: true,
        strict: true,
      },
      include: ["src", "test"],
    }),
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe("unused exports", () => {
  it("reports an export used nowhere, and not one imported elsewhere, used in its own file or by a test", () => {
    const root = project({
      "src/lib.ts": [
        "export const dead = 1;",
        "export const imported = 2;",
        "export type Local = { a: number };",
        "export const local: Local = { a: 1 };",
        "export const tested = 3;",
        "export const shorthand = 4;",
        "export const holder = { shorthand };",
      ].join("\n"),
      "src/use.ts":
        'import { imported, local, holder } from "./lib.ts";\nconsole.log(imported, local, holder);\n',
      "test/lib.test.ts": 'import { tested } from "../src/lib.ts";\nconsole.log(tested);\n',
    });
    expect(findUnusedExports(root).map((u) => `${u.file}:${u.name}`)).toEqual(["src/lib.ts:dead"]);
  });

  it("does not count a barrel's re-export as a use", () => {
    const root = project({
      "src/parts.ts": "export const reexportedOnly = 1;\nexport const used = 2;\n",
      "src/index.ts": 'export * from "./parts.ts";\n',
      "test/index.test.ts": 'import { used } from "../src/index.ts";\nconsole.log(used);\n',
    });
    expect(findUnusedExports(root).map((u) => u.name)).toEqual(["reexportedOnly"]);
  });
});
