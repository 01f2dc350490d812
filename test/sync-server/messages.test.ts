// Every message a user can see is Chinese first, then " / " English (issue 14). This reads the
// server's sources and fails on any error built with a written message that has no Chinese in it, or
// whose Chinese comes only after the " / ", and on a zod schema's own message written in English
// only; so an English-only or English-first message cannot come back. zod's built-in messages are
// made bilingual by sync-server/zod-messages.ts (tested in zod-messages.test.ts).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const SERVER = join(ROOT, "sync-server");

/** The error builders and which argument holds the message a user reads. */
const MESSAGE_ARGUMENT: Record<string, number> = {
  badRequest: 1,
  forbidden: 1,
  notFound: 1,
  conflict: 1,
  unprocessable: 1,
  unauthorized: 0,
  locked: 0,
  tooMany: 0,
  AppError: 2,
  UsageError: 0,
  // A zod schema's own message for a failed check.
  regex: 1,
  min: 1,
  max: 1,
  refine: 1,
};

const CJK = /[\u4e00-\u9fff]/u;

interface Finding {
  where: string;
  text: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The written parts of an expression: its string and template literals, joined. */
function writtenText(node: ts.Node): string | null {
  const parts: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) parts.push(n.text);
    else if (ts.isTemplateExpression(n)) {
      parts.push(n.head.text, ...n.templateSpans.map((s) => s.literal.text));
      n.templateSpans.forEach((s) => visit(s.expression));
    } else ts.forEachChild(n, visit);
  };
  visit(node);
  const text = parts.join("");
  return /[A-Za-z]/u.test(text) ? text : null;
}

/** The `message:` of each issue written into a problem's extras. */
function issueMessages(node: ts.Node): ts.Expression[] {
  const found: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isPropertyAssignment(n) && n.name.getText() === "message") found.push(n.initializer);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

function calleeName(node: ts.CallExpression | ts.NewExpression): string | null {
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return null;
}

/** Some Chinese, and before the first " / " when the text has one. */
function chineseFirst(text: string): boolean {
  return CJK.test(text.split(" / ")[0]!);
}

export function englishOnlyMessages(files: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const name = calleeName(node);
        const index = name === null ? undefined : MESSAGE_ARGUMENT[name];
        const args = node.arguments ?? [];
        if (index !== undefined) {
          const checked = [args[index], ...args.slice(index + 1).flatMap(issueMessages)];
          for (const arg of checked) {
            const text = arg && writtenText(arg);
            if (text !== null && text !== undefined && !chineseFirst(text)) {
              const { line } = source.getLineAndCharacterOfPosition(arg!.getStart());
              findings.push({ where: `${relative(ROOT, file)}:${line + 1}`, text });
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return findings;
}

// The server's configuration (environment, DATABASE_URL) is written for the IT person in English, like
// the rest of its errors (ConfigError, MssqlUrlError); people using Keywork never see it.
const OPERATOR_CONFIGURATION = [join(SERVER, "config.ts"), join(SERVER, "store/mssql/connection.ts")];

describe("the server's messages", () => {
  it("are all Chinese first, then English", () => {
    const files = sourceFiles(SERVER).filter((f) => !OPERATOR_CONFIGURATION.includes(f));
    expect(englishOnlyMessages(files)).toEqual([]);
  });

  it("are caught when a message is English only or English first", () => {
    const findings = englishOnlyMessages([join(import.meta.dirname, "messages.sample.txt")]);
    expect(findings.map((f) => f.text)).toEqual([
      "unit  is not in the directory",
      "no such row",
      "period  already exists / 报送期已存在",
      "at least 10 characters",
    ]);
  });
});
