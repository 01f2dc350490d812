// `keywork validate FILE.xlsx [--units units.json] [--lang zh|en] [--json]`: checks a sheet against the
// table's rules. Exit 0 when there are no errors (warnings allowed), 1 when there are, 2 for a usage
// error or a file that cannot be read. Problems are reported in one line on stderr, never a stack trace.
import { readFile } from "node:fs/promises";
import {
  UnitDirectoryFileSchema,
  buildDirectory,
  countBySeverity,
  hasErrors,
  parse,
  resolvedNames,
  validate,
  type Issue,
  type Lang,
  type ParsedSheet,
  type Severity,
  type Unit,
} from "../../schema/index.ts";
import { DEMO_UNITS } from "../demo/units.ts";
import { UnreadableWorkbookError, readFirstSheetGrid } from "../xlsx/grid.ts";

export const VALIDATE_USAGE = `Usage: keywork validate FILE.xlsx [--units units.json] [--lang zh|en] [--json]

Checks the first worksheet of FILE.xlsx against the key-work table's layout and rules.
  --units FILE   unit directory ({ "units": [{ "name", "kind", "aliases" }] }); default: the demo directory
  --lang zh|en   language of the messages (default zh)
  --json         print { "rows": [...], "issues": [...] } instead of one line per issue
Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error or unreadable file.
`;

interface Options {
  file: string;
  units: string | null;
  lang: Lang;
  json: boolean;
}

/** A problem that ends the command with exit status 2 and one line on stderr. */
class UsageError extends Error {
  constructor(
    message: string,
    /** A mistake in the command line, rather than in the files it names. */
    readonly inArguments = false,
  ) {
    super(message);
  }
}

export async function validateCommand(args: string[]): Promise<number> {
  try {
    const options = parseArgs(args);
    if (options === "help") {
      process.stdout.write(VALIDATE_USAGE);
      return 0;
    }
    return await run(options);
  } catch (error) {
    let text =
      error instanceof UsageError
        ? error.message
        : `internal error: ${(error as Error)?.message ?? String(error)}`;
    if (error instanceof UsageError && error.inArguments)
      text += " (keywork validate --help shows the usage)";
    process.stderr.write(`keywork validate: ${oneLine(text)}\n`);
    return 2;
  }
}

function parseArgs(args: string[]): Options | "help" {
  const files: string[] = [];
  let units: string | null = null;
  let lang: Lang = "zh";
  let json = false;
  const usage = (text: string) => new UsageError(text, true);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = args[++i];
      if (next === undefined || next.startsWith("--")) throw usage(`${flag} needs a value`);
      return next;
    };
    if (flag === "--help" || flag === "-h") return "help";
    else if (flag === "--json" && inline === undefined) json = true;
    else if (flag === "--units") units = value();
    else if (flag === "--lang") {
      const v = value();
      if (v !== "zh" && v !== "en") throw usage(`--lang must be zh or en, not "${v}"`);
      lang = v;
    } else if (arg.startsWith("-") && arg !== "-") throw usage(`unknown option ${flag}`);
    else files.push(arg);
  }
  if (files.length === 0) throw usage("no FILE.xlsx given");
  if (files.length > 1) throw usage(`one FILE.xlsx at a time, got ${files.length}: ${files.join(" ")}`);
  return { file: files[0]!, units, lang, json };
}

async function run(options: Options): Promise<number> {
  const units = options.units === null ? DEMO_UNITS : await readUnits(options.units);
  const directory = buildDirectory(units);
  const data = await readInput(options.file);
  let sheet;
  try {
    sheet = await readFirstSheetGrid(data);
  } catch (error) {
    if (error instanceof UnreadableWorkbookError) throw new UsageError(`${options.file}: ${error.message}`);
    throw error;
  }
  const parsed = parse(sheet.grid, { directory, origin: sheet.origin });
  const issues = validate(parsed, { directory });
  process.stdout.write(
    options.json
      ? `${JSON.stringify(jsonReport(parsed, issues, options.lang), null, 2)}\n`
      : humanReport(parsed, issues, options.lang),
  );
  return hasErrors(issues) ? 1 : 0;
}

async function readInput(file: string, what = ""): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "is a directory"
          : code === "EACCES"
            ? "permission denied"
            : (error as Error).message;
    throw new UsageError(`无法读取 ${file} / cannot read ${what ? `${what} ` : ""}${file}: ${reason}`);
  }
}

async function readUnits(file: string): Promise<Unit[]> {
  const text = (await readInput(file, "units file")).toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/u, ""));
  } catch (error) {
    throw new UsageError(
      `单位文件 ${file} 不是有效的 JSON / units file ${file} is not valid JSON (${(error as Error).message})`,
    );
  }
  const result = UnitDirectoryFileSchema.safeParse(json);
  if (!result.success) {
    const first = result.error.issues[0]!;
    const where = first.path.length > 0 ? `${first.path.join(".")}: ` : "";
    throw new UsageError(
      `单位文件 ${file} 不是单位名录 / units file ${file} is not a unit directory (${where}${first.message})`,
    );
  }
  return result.data.units;
}

// ---------------------------------------------------------------------------------------------
// output

const SEVERITY_LABELS: Record<Lang, Record<Severity, string>> = {
  zh: { error: "错误", warning: "警告", info: "提示" },
  en: { error: "error", warning: "warning", info: "info" },
};

/** One line per issue (cell, severity, code, message), then a summary line. */
export function humanReport(parsed: ParsedSheet, issues: readonly Issue[], lang: Lang): string {
  const cells = issues.map((i) => i.cell ?? "-");
  const cellWidth = Math.max(0, ...cells.map((c) => c.length));
  const labelWidth = Math.max(...Object.values(SEVERITY_LABELS[lang]).map((l) => l.length));
  const lines = issues.map((issue, n) =>
    [
      cells[n]!.padEnd(cellWidth),
      SEVERITY_LABELS[lang][issue.severity].padEnd(labelWidth),
      issue.code,
      oneLine(issue.message[lang]),
    ].join("  "),
  );
  const counts = countBySeverity(issues);
  const rows = parsed.rows.length;
  lines.push(
    lang === "zh"
      ? `共 ${rows} 行任务:错误 ${counts.error} 条,警告 ${counts.warning} 条,提示 ${counts.info} 条`
      : `${rows} task ${rows === 1 ? "row" : "rows"}: ${plural(counts.error, "error")}, ${plural(counts.warning, "warning")}, ${counts.info} info`,
  );
  return `${lines.join("\n")}\n`;
}

export interface JsonReport {
  /** Task rows in sheet order; `row` is the sheet's 1-based row number, as in the cell addresses. */
  rows: {
    row: number;
    seq: number | null;
    task: string;
    status: string;
    progress: string;
    units: string[];
  }[];
  issues: {
    cell: string | null;
    row: number | null;
    seq: number | null;
    severity: Severity;
    code: string;
    message: string;
  }[];
}

export function jsonReport(parsed: ParsedSheet, issues: readonly Issue[], lang: Lang): JsonReport {
  return {
    rows: parsed.rows.map((r) => ({
      row: r.row + 1,
      seq: r.seq,
      task: r.task,
      status: r.status,
      progress: r.progress,
      units: resolvedNames(r.units),
    })),
    issues: issues.map((i) => ({
      cell: i.cell,
      row: i.row === null ? null : i.row + 1,
      seq: i.seq,
      severity: i.severity,
      code: i.code,
      message: i.message[lang],
    })),
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/gu, " ").trim();
}
