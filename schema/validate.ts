// Validation rules: a parsed sheet against the directory, the vocabulary and (optionally) the plan.
import {
  COLUMNS,
  PROGRESS_LIMIT,
  distinctUnits,
  planTasks,
  type ColumnField,
  type Plan,
  type StatusVocabulary,
} from "./model.ts";
import { message, type IssueCode, type Lang, type Message } from "./messages.ts";
import type { ParsedSheet, ParsedTaskRow } from "./layout.ts";
import { DEFAULT_VOCABULARY, statusMatcher, type StatusMatch } from "./statuses.ts";
import { cellAddress, codePointLength, compactKey, sameCompactKey } from "./text.ts";
import { matchUnit, resolvedNames, type UnitDirectory } from "./units.ts";

export type Severity = "error" | "warning" | "info";

export interface Issue {
  /** A1 address of the cell, or null when the issue concerns no single cell (漏报). */
  cell: string | null;
  /** Zero-based sheet row and column. */
  row: number | null;
  column: number | null;
  seq: number | null;
  field: ColumnField | null;
  severity: Severity;
  code: IssueCode;
  message: Message;
  /** The value the reporter most likely meant, when there is one. */
  suggestion?: string;
}

export interface ValidationContext {
  directory: UnitDirectory;
  vocabulary?: StatusVocabulary;
  plan?: Plan;
  /** The reporting unit (canonical name): its rows only, and all of them. */
  unit?: string;
  /** 工作进展情况 of the previous period, by 序号. */
  previous?: ReadonlyMap<number, string>;
  progressLimit?: number;
  /** Plan-level checks (header, plan diffs) only; skip the report checks, for publishing an empty plan. */
  planOnly?: boolean;
}

const MIN_PROGRESS_LENGTH = 10;
// A run of x/X (full-width too, as typed in a Chinese input method) standing for a redacted or
// not-yet-filled figure, before a unit of measure; not part of a word or road name (CPI, Sxx).
// Not global: only the first one is reported, and exec stops there instead of scanning on for all.
// No lookbehind (Safari before 16.4 cannot parse one): the leading letter check is a group instead.
const PLACEHOLDER =
  /(?:^|[^A-Za-zＡ-Ｚａ-ｚxXｘＸ])([xXｘＸ]+(?:\s*[-~～至]\s*[xXｘＸ]+)?\s*(?:%|％|亿元|万元|亿美元|元|亿|万|月份|月|日|年|个|家|人|项|公里|平方米|吨|户|次|座|条|所))/u;

export function validate(sheet: ParsedSheet, context: ValidationContext): Issue[] {
  const issues: Issue[] = [];
  const vocabulary = context.vocabulary ?? DEFAULT_VOCABULARY;
  const at = (row: ParsedTaskRow | null, field: ColumnField | null) => location(sheet, row, field);
  const add = (
    where: Pick<Issue, "cell" | "row" | "column" | "seq" | "field">,
    severity: Severity,
    code: IssueCode,
    params: Record<string, string | number> = {},
    suggestion?: string,
  ) => {
    // Spelled out rather than spread from `where`: the spread was the hottest line on a 10,000-row sheet.
    const issue: Issue = {
      cell: where.cell,
      row: where.row,
      column: where.column,
      seq: where.seq,
      field: where.field,
      severity,
      code,
      message: message(code, params),
    };
    if (suggestion !== undefined) issue.suggestion = suggestion;
    issues.push(issue);
  };

  checkHeader(sheet, add);
  const plannedTasks = context.plan ? planTasks(context.plan) : [];
  const planBySeq = new Map(plannedTasks.map((t) => [t.seq, t]));
  const report: ReportCheck = {
    matchStatus: statusMatcher(vocabulary),
    values: vocabulary.values.join("、"),
    vocabulary,
    limit: context.progressLimit ?? PROGRESS_LIMIT,
    previous: context.previous,
  };
  const firstRowOfSeq = new Map<number, ParsedTaskRow>();
  let previousSeq: number | null = null;

  const orphanRows = new Set(sheet.orphanRows);
  for (const row of sheet.rows) {
    if (orphanRows.has(row.row)) add(at(row, "seq"), "error", "layout.task-outside-section");
    if (!checkSeq(row, at, add)) continue;
    const seq = row.seq!;
    const first = firstRowOfSeq.get(seq);
    if (first) {
      // The repeated row is still checked below, so every problem in it shows at once.
      add(at(row, "seq"), "error", "seq.duplicate", { seq, first: at(first, "seq").cell ?? "" });
    } else {
      firstRowOfSeq.set(seq, row);
      if (previousSeq !== null && seq < previousSeq)
        add(at(row, "seq"), "warning", "seq.order", { seq, previous: previousSeq });
      previousSeq = seq;
    }

    const names = checkUnits(row, context.directory, at, add);
    const planned = planBySeq.get(seq);
    if (context.plan) {
      if (!planned) {
        add(at(row, "seq"), "error", "seq.not-in-plan", { seq });
        continue;
      }
      if (!sameCompactKey(row.task, planned.task)) add(at(row, "task"), "error", "task.changed", { seq });
      // As written in the plan is the common case; otherwise compare without repeated names.
      if (
        names.length > 0 &&
        !sameList(names, planned.units) &&
        !sameList(distinctUnits(names), distinctUnits(planned.units))
      ) {
        add(at(row, "units"), "error", "units.changed", {
          expected: distinctUnits(planned.units).join("、"),
        });
      }
    } else if (row.task.trim() === "") {
      add(at(row, "task"), "error", "task.empty");
    }
    if (context.unit !== undefined) {
      const owners = planned ? planned.units : names;
      if (!owners.includes(context.unit))
        add(at(row, "seq"), "error", "row.other-unit", { seq, unit: context.unit });
    }
    if (!context.planOnly) checkReport(row, report, at, add);
  }

  if (context.plan && context.unit !== undefined) {
    for (const task of plannedTasks) {
      if (task.units.includes(context.unit) && !firstRowOfSeq.has(task.seq)) {
        add({ cell: null, row: null, column: null, seq: task.seq, field: null }, "error", "task.missing", {
          seq: task.seq,
        });
      }
    }
  }
  return issues;
}

type Add = (
  where: Pick<Issue, "cell" | "row" | "column" | "seq" | "field">,
  severity: Severity,
  code: IssueCode,
  params?: Record<string, string | number>,
  suggestion?: string,
) => void;
type At = (
  row: ParsedTaskRow | null,
  field: ColumnField | null,
) => Pick<Issue, "cell" | "row" | "column" | "seq" | "field">;

function location(sheet: ParsedSheet, row: ParsedTaskRow | null, field: ColumnField | null) {
  const r = row?.row ?? sheet.header?.row ?? sheet.origin.row;
  const c = field ? sheet.columns[field] : sheet.origin.column;
  return { cell: cellAddress(r, c), row: r, column: c, seq: row?.seq ?? null, field };
}

function checkHeader(sheet: ParsedSheet, add: Add): void {
  const origin = {
    cell: cellAddress(sheet.origin.row, sheet.origin.column),
    row: sheet.origin.row,
    column: sheet.origin.column,
    seq: null,
    field: null,
  };
  if (!sheet.header) {
    add(origin, "error", "header.missing");
    return;
  }
  const header = sheet.header;
  const fields = Object.keys(header.columns) as ColumnField[];
  // The header's first column, from the first label found and its place in the official order.
  const found = fields.findIndex((f) => header.columns[f] !== null);
  const base = found === -1 ? sheet.origin.column : header.columns[fields[found]!]! - found;
  const atHeader = (column: number) => ({
    cell: cellAddress(header.row, column),
    row: header.row,
    column,
    seq: null,
    field: null,
  });
  fields.forEach((field, i) => {
    if (header.columns[field] === null) {
      add(atHeader(base + i), "error", "header.column-missing", { label: COLUMNS[i]! });
    }
  });
  if (!header.inOrder) add(atHeader(base), "error", "header.order");
}

/** Reports a missing or malformed 序号; true when the row has a usable one. */
function checkSeq(row: ParsedTaskRow, at: At, add: Add): boolean {
  if (row.seq !== null) return true;
  if (row.seqText.trim() === "") add(at(row, "seq"), "error", "seq.missing");
  else add(at(row, "seq"), "error", "seq.invalid", { value: row.seqText.trim() });
  return false;
}

/** Checks each unit name of the row; returns the canonical names (unknown ones as written). */
function checkUnits(row: ParsedTaskRow, directory: UnitDirectory, at: At, add: Add): string[] {
  if (row.units.length === 0) {
    add(at(row, "units"), "error", "units.empty");
    return [];
  }
  // The codec may have parsed without a directory; resolve here so messages always suggest names.
  const matches = row.units.map((m) =>
    m.kind === "unknown" && m.suggestions.length === 0 ? matchUnit(m.raw, directory) : m,
  );
  for (const m of matches) {
    if (m.kind === "unknown") {
      const suggestion = m.suggestions[0];
      add(
        at(row, "units"),
        "error",
        "unit.unknown",
        { unit: m.raw, suggestion: suggestion ?? "" },
        suggestion,
      );
    } else if (m.kind === "alias") {
      add(at(row, "units"), "info", "unit.alias", { unit: m.raw, canonical: m.canonical }, m.canonical);
    } else if (m.kind === "spacing") {
      add(at(row, "units"), "info", "unit.spacing", { unit: m.raw, canonical: m.canonical }, m.canonical);
    }
  }
  return resolvedNames(matches);
}

/** What the report checks need, computed once per validation. */
interface ReportCheck {
  matchStatus: (raw: string) => StatusMatch;
  values: string;
  vocabulary: StatusVocabulary;
  limit: number;
  previous: ReadonlyMap<number, string> | undefined;
}

function checkReport(row: ParsedTaskRow, check: ReportCheck, at: At, add: Add): void {
  const { values, vocabulary, limit } = check;
  const status = check.matchStatus(row.status);
  if (status.kind === "empty") add(at(row, "status"), "error", "status.empty", { values });
  else if (status.kind === "unknown") {
    const params = { value: row.status.trim(), values, suggestion: status.suggestion ?? "" };
    add(at(row, "status"), "error", "status.unknown", params, status.suggestion ?? undefined);
  } else if (status.kind === "alias") {
    add(
      at(row, "status"),
      "info",
      "status.alias",
      { value: row.status.trim(), canonical: status.canonical },
      status.canonical,
    );
  }

  const progress = row.progress.trim();
  const notStarted =
    status.kind !== "empty" && status.kind !== "unknown" && status.canonical === vocabulary.notStarted;
  if (progress === "") {
    if (!notStarted)
      add(at(row, "progress"), "error", "progress.empty", { notStarted: vocabulary.notStarted });
    return;
  }
  // Code points never outnumber UTF-16 units: count them only when the text might be over the limit.
  const length = row.progress.length > limit ? codePointLength(row.progress) : 0;
  if (length > limit) add(at(row, "progress"), "error", "progress.too-long", { length, limit });
  const placeholder = PLACEHOLDER.exec(progress)?.[1];
  if (placeholder)
    add(at(row, "progress"), "warning", "progress.placeholder", { placeholder: placeholder.trim() });
  const previous = check.previous?.get(row.seq!);
  if (previous !== undefined && sameCompactKey(previous.trim(), progress)) {
    add(at(row, "progress"), "warning", "progress.unchanged");
  }
  if (!hasVisibleCharacters(progress, MIN_PROGRESS_LENGTH)) {
    const visible = codePointLength(compactKey(progress));
    if (visible < MIN_PROGRESS_LENGTH)
      add(at(row, "progress"), "warning", "progress.too-short", { length: visible });
  }
}

/**
 * True when `text` surely has at least `count` visible characters once folded and stripped of spaces:
 * it counts only characters that stay one visible character under NFKC and never merge with another
 * (printable ASCII, full-width ASCII, CJK ideographs), and stops as soon as it has enough. False means
 * "maybe not": the caller then counts exactly.
 */
function hasVisibleCharacters(text: string, count: number): boolean {
  let seen = 0;
  for (let i = 0; i < text.length && seen < count; i++) {
    const c = text.charCodeAt(i);
    if ((c > 0x20 && c < 0x7f) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xff01 && c <= 0xff5e)) seen++;
  }
  return seen >= count;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function countBySeverity(issues: readonly Issue[]): Record<Severity, number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const issue of issues) counts[issue.severity]++;
  return counts;
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === "error");
}

export function issueText(issue: Issue, lang: Lang): string {
  return issue.message[lang];
}
