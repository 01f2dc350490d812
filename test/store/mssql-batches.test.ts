// The GO splitter of the SQL Server migration runner, and the SQL Server migration files it splits.
import { describe, expect, it } from "vitest";
import { readMigrations } from "../../sync-server/store/migrations.ts";
import { splitBatches } from "../../sync-server/store/mssql/batches.ts";

const texts = (script: string) => splitBatches(script).map((b) => b.text);

describe("splitBatches (GO)", () => {
  it("splits on GO lines, in any case, with blanks and a trailing comment", () => {
    expect(texts("SELECT 1;\nGO\nSELECT 2;\n  go  \nSELECT 3;\nGo -- the end\nSELECT 4;")).toEqual([
      "SELECT 1;",
      "SELECT 2;",
      "SELECT 3;",
      "SELECT 4;",
    ]);
  });

  it("keeps GO that is not alone on its line, or inside strings, identifiers and comments", () => {
    const script = [
      "SELECT N'",
      "GO",
      "' AS text_with_go;",
      "SELECT 1 AS [x",
      "GO",
      "];",
      'SELECT 1 AS "y',
      "GO",
      '";',
      "/* a comment /* nested",
      "GO",
      "*/ still the comment",
      "GO",
      "*/",
      "-- GO",
      "SELECT 1 GO",
      "GOTO done;",
      "SELECT go_live FROM t; done:",
      "GO",
      "SELECT 'it''s' AS quoted;",
    ].join("\n");
    const batches = texts(script);
    expect(batches).toHaveLength(2);
    expect(batches[0]).toContain("GOTO done;");
    expect(batches[0]!.startsWith("SELECT N'\nGO\n'")).toBe(true);
    expect(batches[1]).toBe("SELECT 'it''s' AS quoted;");
  });

  it("handles CRLF, a byte-order mark, a GO on the last line and empty batches", () => {
    expect(texts("\uFEFFSELECT 1;\r\nGO\r\n\r\nGO\r\n-- only a comment\r\nGO\r\nSELECT 2;\r\nGO")).toEqual([
      "SELECT 1;",
      "SELECT 2;",
    ]);
    expect(texts("")).toEqual([]);
  });

  it("numbers each batch by the line of its first statement", () => {
    expect(splitBatches("-- header\n\nSELECT 1;\nGO\n\n/* c */\nSELECT 2;\n").map((b) => b.line)).toEqual([
      3, 7,
    ]);
  });

  it("refuses GO <count> and a script that ends inside a string or comment", () => {
    expect(() => splitBatches("SELECT 1;\nGO 5\n")).toThrow(/GO <count>/u);
    expect(() => splitBatches("SELECT 'open;\n")).toThrow(/string literal/u);
    expect(() => splitBatches("/* open\nGO\n")).toThrow(/comment/u);
  });
});

describe("SQL Server migrations", () => {
  const migrations = readMigrations(new URL("../../sync-server/store/mssql/migrations/", import.meta.url));

  it("exist, numbered like the SQLite ones", () => {
    expect(migrations.map((m) => m.name)).toContain("001_init.sql");
  });

  it.each(migrations.map((m) => [m.name, m.sql] as const))(
    "%s splits into batches, each guarded or idempotent by itself",
    (name, script) => {
      const batches = splitBatches(script);
      expect(batches.length).toBeGreaterThan(name === "001_init.sql" ? 5 : 0);
      for (const batch of batches) {
        const code = batch.text.replace(/--[^\n]*\n/gu, "").trim();
        // A batch either checks before it creates (IF …), sets session options, or is CREATE OR ALTER.
        expect(code, `batch at line ${batch.line}`).toMatch(/^(IF\b|SET\b|CREATE OR ALTER\b)/iu);
      }
      // CREATE TRIGGER must open its batch (001 has the history's).
      const trigger = batches.find((b) => /CREATE OR ALTER TRIGGER/iu.test(b.text));
      if (name === "001_init.sql") expect(trigger).toBeDefined();
      if (trigger)
        expect(trigger.text.replace(/--[^\n]*\n/gu, "").trim()).toMatch(/^CREATE OR ALTER TRIGGER dbo\.\w+/u);
    },
  );
});
