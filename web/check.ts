// What the page does with an uploaded sheet, without the DOM (unit-testable in Node): the table's own
// rules run here again on the grid the server read, the server's findings are merged in, and the rows
// to submit come from the hidden metadata, by 序号.
import {
  buildDirectory,
  cellAddress,
  changedRows,
  contentHash,
  parse,
  validate,
  type Issue,
  type ParsedSheet,
  type RowChange,
  type Severity,
  type SheetMetadata,
  type Unit,
} from "../schema/index.ts";
import type { ApiIssue, TasksAnswer, UploadAnswer } from "./api.ts";
import type { Msg } from "./i18n.ts";

export interface ViewIssue {
  id: string;
  cell: string | null;
  row: number | null;
  column: number | null;
  seq: number | null;
  field: string | null;
  severity: Severity;
  code: string;
  message: Msg;
  /** Found by the page's run of the rules, the server's run, or both (the usual case). */
  source: "both" | "browser" | "server";
  suggestion?: string;
}

export interface CheckedUpload {
  answer: UploadAnswer;
  parsed: ParsedSheet;
  issues: ViewIssue[];
  /** What the page's own run found, before merging. */
  browserIssueCount: number;
  serverIssueCount: number;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** "C17" → zero-based row 16, column 2. */
export function parseAddress(cell: string): { row: number; column: number } | null {
  const match = /^([A-Z]{1,3})(\d{1,7})$/u.exec(cell);
  if (!match) return null;
  let column = 0;
  for (const ch of match[1]!) column = column * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(match[2]) - 1, column: column - 1 };
}

/** Runs parse + validate in the browser with the very context the server used, and merges both runs. */
export function checkUpload(answer: UploadAnswer, units: readonly Unit[]): CheckedUpload {
  const directory = buildDirectory(units);
  const parsed = parse(answer.grid, { directory, origin: answer.origin });
  const previous = new Map(Object.entries(answer.context.previous).map(([seq, text]) => [Number(seq), text]));
  const browser = validate(parsed, {
    directory,
    vocabulary: answer.context.vocabulary,
    plan: answer.context.plan,
    unit: answer.unit,
    previous,
  });
  return {
    answer,
    parsed,
    issues: mergeIssues(browser, answer.issues),
    browserIssueCount: browser.length,
    serverIssueCount: answer.issues.length,
  };
}

export function mergeIssues(browser: readonly Issue[], server: readonly ApiIssue[]): ViewIssue[] {
  const key = (cell: string | null | undefined, code: string, severity: string | undefined) =>
    `${cell ?? ""}\u0000${code}\u0000${severity ?? "error"}`;
  const fromServer = new Map<string, ApiIssue[]>();
  for (const issue of server) {
    const k = key(issue.cell, issue.code, issue.severity);
    fromServer.set(k, [...(fromServer.get(k) ?? []), issue]);
  }
  const out: ViewIssue[] = [];
  for (const issue of browser) {
    const k = key(issue.cell, issue.code, issue.severity);
    const same = fromServer.get(k);
    const matched = same !== undefined && same.length > 0 ? same.shift() : undefined;
    const view: ViewIssue = {
      id: "",
      cell: issue.cell,
      row: issue.row,
      column: issue.column,
      seq: issue.seq,
      field: issue.field,
      severity: issue.severity,
      code: issue.code,
      message: issue.message,
      source: matched ? "both" : "browser",
    };
    if (issue.suggestion !== undefined) view.suggestion = issue.suggestion;
    out.push(view);
  }
  for (const rest of fromServer.values()) {
    for (const issue of rest) out.push(fromApiIssue(issue, "server"));
  }
  return sortIssues(out);
}

/** A server issue (upload check or a 422 submission answer) placed on its cell when it names one. */
export function fromApiIssue(issue: ApiIssue, source: ViewIssue["source"], parsed?: ParsedSheet): ViewIssue {
  let cell = issue.cell ?? null;
  if (cell === null && parsed && issue.seq !== null) {
    // Submissions answer by 序号 and field: find the cell in the uploaded sheet.
    const row = parsed.rows.find((r) => r.seq === issue.seq);
    const field = issue.field?.replace(/^rows\.\d+\./u, "").replace(/^body\./u, "");
    const column =
      field && field in parsed.columns ? parsed.columns[field as keyof ParsedSheet["columns"]] : undefined;
    if (row && column !== undefined) cell = cellAddress(row.row, column);
  }
  const at = cell ? parseAddress(cell) : null;
  return {
    id: "",
    cell,
    row: at?.row ?? null,
    column: at?.column ?? null,
    seq: issue.seq,
    field: issue.field,
    severity: issue.severity ?? "error",
    code: issue.code,
    message: issue.messages ?? { zh: issue.message, en: issue.message },
    source,
  };
}

export function sortIssues(issues: ViewIssue[]): ViewIssue[] {
  const sorted = [...issues].sort(
    (a, b) =>
      (a.row ?? -1) - (b.row ?? -1) ||
      (a.column ?? -1) - (b.column ?? -1) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.code.localeCompare(b.code),
  );
  sorted.forEach((issue, i) => {
    issue.id = `issue-${i + 1}`;
  });
  return sorted;
}

export function countIssues(issues: readonly ViewIssue[]): Record<Severity, number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const issue of issues) counts[issue.severity]++;
  return counts;
}

/**
 * The metadata to compare against: the file's own, or — for a file that lost its hidden sheet — the
 * server's current versions and contents, so the preview shows what would be overwritten.
 */
export function metadataFromTasks(tasks: TasksAnswer, periodId: string, unit: string): SheetMetadata {
  return {
    kind: "my-tasks",
    period: periodId,
    unit,
    server: "",
    pulledAt: new Date().toISOString(),
    rows: tasks.rows.map((r) => ({
      seq: r.seq,
      version: r.version,
      hash: contentHash(r.status, r.progress),
    })),
  };
}

/** The rows that differ from what was pulled, by 序号. */
export function pendingChanges(parsed: ParsedSheet, metadata: SheetMetadata): RowChange[] {
  return changedRows(parsed.rows, metadata);
}

export type { Choice } from "../schema/conflicts.ts";
