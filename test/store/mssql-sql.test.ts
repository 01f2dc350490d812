// Static checks of the SQL Server store, possible without a server:
//  1. every statement of the migrations and of queries.ts parses with a T-SQL grammar (sqlparser-rs's
//     MsSql dialect, @guanmingchiu/sqlparser-ts), and declares only NVARCHAR, INT, BIGINT, BIT,
//     DATETIME2 types;
//  2. lint rules that matter for this product, on the same texts: no VARCHAR/CHAR/TEXT/NTEXT, every
//     literal with Chinese text N'…', no MERGE, no SQLite syntax, binary collation on key columns,
//     SET XACT_ABORT ON before multi-statement writes;
//  3. every query names exactly the @parameters it types, and the adapter's TypeScript never builds
//     SQL from values (checked on its syntax tree).
import { readdirSync, readFileSync } from "node:fs";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { readMigrations } from "../../sync-server/store/migrations.ts";
import { splitBatches } from "../../sync-server/store/mssql/batches.ts";
import * as Q from "../../sync-server/store/mssql/queries.ts";
import type { Params, Query } from "../../sync-server/store/mssql/query.ts";

// ── the texts ───────────────────────────────────────────────────────────────────────────────────

const migrationBatches = readMigrations(
  new URL("../../sync-server/store/mssql/migrations/", import.meta.url),
).flatMap((m) => splitBatches(m.sql).map((b) => ({ name: `${m.name}:${b.line}`, text: b.text })));

const queries = Object.entries(Q)
  .filter(
    (entry): entry is [string, Query<Params>] =>
      typeof entry[1] === "object" && entry[1] !== null && "text" in entry[1],
  )
  .map(([name, q]) => ({ name, query: q }));

const allTexts = [
  ...migrationBatches,
  ...queries.map(({ name, query }) => ({ name: `queries.${name}`, text: query.text })),
  { name: "queries.SET_XACT_ABORT", text: Q.SET_XACT_ABORT },
];

/** The text with comments removed, string literals and [identifiers] blanked, and the literals found. */
function scan(sql: string): { code: string; literals: { prefix: string; body: string }[] } {
  let code = "";
  const literals: { prefix: string; body: string }[] = [];
  for (let i = 0; i < sql.length;) {
    const c = sql[i]!;
    if (c === "-" && sql[i + 1] === "-") {
      while (i < sql.length && sql[i] !== "\n") i++;
    } else if (c === "/" && sql[i + 1] === "*") {
      let depth = 0;
      do {
        if (sql.startsWith("/*", i)) {
          depth++;
          i += 2;
        } else if (sql.startsWith("*/", i)) {
          depth--;
          i += 2;
        } else i++;
      } while (depth > 0 && i < sql.length);
      code += " ";
    } else if (c === "'") {
      let j = i + 1;
      let body = "";
      for (; j < sql.length; j++) {
        if (sql[j] === "'" && sql[j + 1] === "'") {
          body += "'";
          j++;
        } else if (sql[j] === "'") break;
        else body += sql[j];
      }
      literals.push({ prefix: /[Nn]$/u.test(code) && !/\w[Nn]$/u.test(code) ? "N" : "", body });
      code += "''";
      i = j + 1;
    } else if (c === "[") {
      const j = sql.indexOf("]", i);
      code += "[x]";
      i = j + 1;
    } else {
      code += c;
      i++;
    }
  }
  return { code, literals };
}

// ── 1. the grammar ──────────────────────────────────────────────────────────────────────────────

interface TsqlParser {
  init(): Promise<void>;
  parse(sql: string, dialect: string): unknown[];
}
const PARSER_PACKAGE = "@guanmingchiu/sqlparser-ts";
let parser: TsqlParser | null = null;
try {
  const loaded = (await import(/* @vite-ignore */ PARSER_PACKAGE)) as TsqlParser;
  await loaded.init();
  parser = loaded;
} catch {
  console.log(
    `T-SQL grammar check SKIPPED: install the dev dependency ${PARSER_PACKAGE} to parse every statement (the lint rules below still run)`,
  );
}

/** Every data type named anywhere in a parsed statement (column definitions, CAST, DECLARE …). */
function dataTypes(ast: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "data_type") {
        const name = typeof value === "string" ? value : Object.keys(value as object)[0]!;
        if (name === "Custom") {
          const parts = (value as { Custom: [{ Identifier: { value: string } }[]] }).Custom[0];
          found.push(parts.map((p) => p.Identifier.value.toUpperCase()).join("."));
        } else found.push(name);
      }
      walk(value);
    }
  };
  walk(ast);
  return found;
}

const ALLOWED_TYPES = new Set(["Int", "Integer", "BigInt", "Bit", "Nvarchar", "DATETIME2", "Table"]);

describe.skipIf(parser === null)("T-SQL grammar (sqlparser-rs, MsSql dialect)", () => {
  it.each(allTexts)("$name parses", ({ text }) => {
    const statements = parser!.parse(text, "mssql");
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) expect(Object.keys(statement as object)[0]).not.toBe("Merge");
  });

  it.each(allTexts)("$name declares only NVARCHAR, INT, BIGINT, BIT and DATETIME2", ({ text }) => {
    const types = dataTypes(parser!.parse(text, "mssql"));
    expect(types.filter((t) => !ALLOWED_TYPES.has(t))).toEqual([]);
  });

  it("would catch the mistakes it is here for", () => {
    expect(() => parser!.parse("SELEC name FROM dbo.units", "mssql")).toThrow();
    expect(() => parser!.parse("UPDATE dbo.units SET kind = @kind WHERE", "mssql")).toThrow();
    expect(
      dataTypes(parser!.parse("CREATE TABLE dbo.t (a VARCHAR(10), b TEXT, c NTEXT, d CHAR(2))", "mssql")),
    ).toEqual(["Varchar", "Text", "NTEXT", "Char"]);
  });
});

// ── 2. lint rules ───────────────────────────────────────────────────────────────────────────────

describe("T-SQL lint rules", () => {
  it.each(allTexts)(
    "$name: no VARCHAR, CHAR, TEXT, NTEXT or IMAGE type; no MERGE; no SQLite syntax",
    ({ text }) => {
      const { code } = scan(text);
      expect(code).not.toMatch(/\b(?:VARCHAR|CHAR|NCHAR)\s*\(/iu);
      expect(code).not.toMatch(/\b(?:N?TEXT|IMAGE)\b/iu);
      expect(code).not.toMatch(/\bMERGE\b/iu);
      expect(code).not.toMatch(
        /\b(?:LIMIT|AUTOINCREMENT|RETURNING|PRAGMA)\b|\bINSERT\s+OR\b|\bON\s+CONFLICT\b|\|\||`|\?/iu,
      );
    },
  );

  it.each(allTexts)("$name: every string literal with non-ASCII text is N'…'", ({ text }) => {
    const { literals } = scan(text);
    // eslint-disable-next-line no-control-regex -- the ASCII range itself
    const bare = literals.filter((l) => /[^\x00-\x7f]/u.test(l.body) && l.prefix !== "N");
    expect(bare).toEqual([]);
  });

  it("keeps key columns (primary, unique and foreign keys) of text in the binary collation", () => {
    const script = readMigrations(new URL("../../sync-server/store/mssql/migrations/", import.meta.url))
      .map((m) => m.sql)
      .join("\n");
    const tables = [...script.matchAll(/CREATE TABLE dbo\.(\w+) \(([\s\S]*?)\n\);/gu)];
    expect(tables.length).toBeGreaterThanOrEqual(12);
    let checked = 0;
    for (const [, table, body] of tables) {
      const columns = new Map<string, string>();
      for (const line of body!.split("\n")) {
        const m = /^\s*\[?(\w+)\]?\s+(NVARCHAR[^,]*)/u.exec(line);
        if (m) columns.set(m[1]!, m[2]!);
      }
      const keyColumns = [
        ...body!.matchAll(/(?:PRIMARY KEY(?: CLUSTERED)?|UNIQUE|FOREIGN KEY) \(([^)]*)\)/gu),
      ].flatMap((m) => m[1]!.split(",").map((c) => c.trim()));
      for (const column of keyColumns) {
        const type = columns.get(column);
        if (type === undefined) continue; // an INT column
        checked++;
        expect(type, `${table}.${column}`).toMatch(/COLLATE Latin1_General_100_BIN2/u);
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it("makes the history append-only with an INSTEAD OF UPDATE, DELETE trigger", () => {
    expect(
      migrationBatches.some((b) =>
        /CREATE OR ALTER TRIGGER dbo\.history_append_only ON dbo\.history\s+INSTEAD OF UPDATE, DELETE/u.test(
          b.text,
        ),
      ),
    ).toBe(true);
  });

  it.each(queries)(
    "queries.$name: SET XACT_ABORT ON first when it locks or writes more than once",
    ({ query }) => {
      const { code } = scan(query.text);
      const writes = code.match(/\b(?:INSERT|UPDATE|DELETE)\b/giu)?.length ?? 0;
      if (writes > 1 || /\b(?:UPDLOCK|HOLDLOCK|BEGIN TRANSACTION|sp_getapplock)\b/iu.test(code)) {
        expect(query.text.trimStart().startsWith("SET XACT_ABORT ON;")).toBe(true);
      }
      expect(code).not.toMatch(/\bBEGIN TRANSACTION\b(?![\s\S]*\bCOMMIT TRANSACTION\b)/iu);
    },
  );
});

// ── 3. parameters, and no SQL built from values ────────────────────────────────────────────────

/** @names a query uses as parameters: not @@functions, not its own DECLAREd variables, not named procedure arguments. */
function parametersUsed(sql: string): string[] {
  const { code } = scan(sql);
  const declared = new Set([...code.matchAll(/\bDECLARE\s+@(\w+)/giu)].map((m) => m[1]!.toLowerCase()));
  const procedureArguments = new Set(["resource", "lockmode", "lockowner", "locktimeout", "dbprincipal"]);
  const used = [...code.matchAll(/(?<!@)@(\w+)/gu)].map((m) => m[1]!);
  return [...new Set(used)]
    .filter((n) => !declared.has(n.toLowerCase()) && !procedureArguments.has(n.toLowerCase()))
    .sort();
}

describe("parameters", () => {
  it("finds the queries", () => {
    expect(queries.length).toBeGreaterThan(25);
  });

  it.each(queries)("queries.$name uses exactly the parameters it types", ({ query }) => {
    expect(parametersUsed(query.text)).toEqual(Object.keys(query.params).sort());
    for (const p of Object.values(query.params))
      expect(p.declared).toMatch(/^(?:INT|BIT|DATETIME2\(3\)|NVARCHAR\((?:\d+|MAX)\))(?: NULL)?$/u);
  });
});

describe("the adapter's TypeScript builds no SQL from values", () => {
  const folder = new URL("../../sync-server/store/mssql/", import.meta.url);
  const files = readdirSync(folder)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => ({
      name: f,
      source: ts.createSourceFile(f, readFileSync(new URL(f, folder), "utf8"), ts.ScriptTarget.ES2022, true),
    }));
  const SQL_WORDS =
    /\b(?:SELECT|INSERT|UPDATE|DELETE|MERGE|EXEC|EXECUTE|WHERE|FROM|VALUES|CREATE|ALTER|DROP|DECLARE|SET)\b/u;

  function visit(node: ts.Node, check: (node: ts.Node) => void) {
    check(node);
    node.forEachChild((child) => visit(child, check));
  }

  beforeAll(() => {
    expect(files.map((f) => f.name).sort()).toEqual([
      "batches.ts",
      "connection.ts",
      "index.ts",
      "queries.ts",
      "query.ts",
      "retry.ts",
    ]);
  });

  it.each(files)("$name: no template substitution or + concatenation in SQL text", ({ source }) => {
    const problems: string[] = [];
    visit(source, (node) => {
      const where = () =>
        `${source.fileName}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      if (ts.isTemplateExpression(node)) {
        const literal = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join("${}");
        if (source.fileName === "queries.ts" || SQL_WORDS.test(literal))
          problems.push(`${where()}: template with substitutions`);
      }
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
        const sides = [node.left, node.right].filter((s) =>
          ts.isStringLiteralLike(s),
        ) as ts.StringLiteralLike[];
        if (source.fileName === "queries.ts" || sides.some((s) => SQL_WORDS.test(s.text)))
          problems.push(`${where()}: + on SQL text`);
      }
    });
    expect(problems).toEqual([]);
  });

  it("sends statements only through run(Q.<query>) and runBatch(migration batch | Q.SET_XACT_ABORT)", () => {
    const problems: string[] = [];
    for (const { name, source } of files) {
      visit(source, (node) => {
        if (!ts.isCallExpression(node)) return;
        const callee = node.expression;
        const where = `${name}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        const method = ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : ts.isIdentifier(callee)
            ? callee.text
            : "";
        const args = node.arguments.map((a) => a.getText(source));
        if (ts.isPropertyAccessExpression(callee) && ["query", "batch", "execute", "bulk"].includes(method)) {
          // The driver is called in query.ts only, with the query's constant text or a script batch.
          if (name !== "query.ts" || !["q.text", "batch"].includes(args[0] ?? ""))
            problems.push(`${where}: .${method}(${args[0]})`);
        }
        if (
          ts.isIdentifier(callee) &&
          method === "run" &&
          name !== "query.ts" &&
          !/^Q\.\w+$/u.test(args[1] ?? "")
        ) {
          problems.push(`${where}: run(…, ${args[1]})`);
        }
        if (
          ts.isIdentifier(callee) &&
          method === "runBatch" &&
          !["Q.SET_XACT_ABORT", "batch.text"].includes(args[1] ?? "")
        ) {
          problems.push(`${where}: runBatch(…, ${args[1]})`);
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it("defines every query with a constant text", () => {
    const source = files.find((f) => f.name === "queries.ts")!.source;
    const texts: string[] = [];
    visit(source, (node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "query") {
        const first = node.arguments[0]!;
        expect(
          ts.isNoSubstitutionTemplateLiteral(first) || ts.isStringLiteral(first),
          first.getText(source).slice(0, 60),
        ).toBe(true);
        texts.push(first.getText(source));
      }
    });
    expect(texts.length).toBe(queries.length);
  });
});
