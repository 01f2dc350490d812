// Issue highlights: fill the cells of errors and warnings, and clear only the cells we filled.
// What we filled is remembered in the metadata sheet as marks keyed by 序号 and column ("s:12:progress"),
// so sorting or inserting rows moves nothing out from under us; cells without a usable 序号 are kept
// by address ("a:C17"). A user's own colours elsewhere are never touched. Pure: both hosts plan the
// same highlights and only paint them their own way.
import type { ColumnField } from "../../schema/model.ts";
import type { ParsedSheet, ParsedTaskRow } from "../../schema/layout.ts";
import type { Issue, Severity } from "../../schema/validate.ts";
import { columnLetter } from "../../schema/text.ts";
import type { ColouredCell } from "./rects.ts";

export const HIGHLIGHT_COLOURS: Record<Exclude<Severity, "info">, string> = {
  error: "#FFC7CE",
  warning: "#FFEB9C",
};

export type { Mark } from "../../schema/metadata-book.ts";
import type { Mark } from "../../schema/metadata-book.ts";

export interface Highlight extends ColouredCell {
  key: string;
}

/** The cells to fill for these issues: task-row cells of errors and warnings; errors win a shared cell. */
export function highlightsFor(issues: readonly Issue[], parsed: ParsedSheet): Highlight[] {
  const index = indexRows(parsed);
  const byCell = new Map<string, Highlight>();
  for (const issue of issues) {
    if (issue.severity === "info" || issue.row === null || issue.column === null) continue;
    if (!index.byRow.has(issue.row)) continue;
    const colour = HIGHLIGHT_COLOURS[issue.severity];
    const cell = `${issue.row}:${issue.column}`;
    const existing = byCell.get(cell);
    if (existing && existing.colour === HIGHLIGHT_COLOURS.error) continue;
    byCell.set(cell, { row: issue.row, column: issue.column, colour, key: markKey(issue, parsed, index) });
  }
  return [...byCell.values()];
}

interface RowIndex {
  byRow: Map<number, ParsedTaskRow>;
  /** 序号 → sheet row, for 序号 that occur exactly once. */
  uniqueSeq: Map<number, number>;
  /** 序号 → its first sheet row. */
  firstSeq: Map<number, number>;
}

function indexRows(parsed: ParsedSheet): RowIndex {
  const byRow = new Map<number, ParsedTaskRow>();
  const count = new Map<number, number>();
  const first = new Map<number, number>();
  for (const row of parsed.rows) {
    byRow.set(row.row, row);
    if (row.seq === null) continue;
    count.set(row.seq, (count.get(row.seq) ?? 0) + 1);
    if (!first.has(row.seq)) first.set(row.seq, row.row);
  }
  const uniqueSeq = new Map([...first].filter(([seq]) => count.get(seq) === 1));
  return { byRow, uniqueSeq, firstSeq: first };
}

function markKey(issue: Issue, parsed: ParsedSheet, index: RowIndex): string {
  const row = index.byRow.get(issue.row!);
  const field = fieldOfColumn(parsed, issue.column!);
  if (row && row.seq !== null && index.uniqueSeq.has(row.seq) && field) return `s:${row.seq}:${field}`;
  return `a:${columnLetter(issue.column!)}${issue.row! + 1}`;
}

function fieldOfColumn(parsed: ParsedSheet, column: number): ColumnField | null {
  const entry = (Object.entries(parsed.columns) as [ColumnField, number][]).find(([, c]) => c === column);
  return entry ? entry[0] : null;
}

/** Where a recorded mark is now (by 序号 when it has one), or null when its row is gone. */
export function locateMark(
  mark: Mark,
  parsed: ParsedSheet,
  index: RowIndex = indexRows(parsed),
): { row: number; column: number } | null {
  const bySeq = /^s:(\d+):(seq|task|status|progress|units)$/u.exec(mark.key);
  if (bySeq) {
    const row = index.firstSeq.get(Number(bySeq[1]));
    return row === undefined ? null : { row, column: parsed.columns[bySeq[2] as ColumnField] };
  }
  const byAddress = /^a:([A-Z]{1,3})(\d{1,7})$/u.exec(mark.key);
  if (!byAddress) return null;
  return { row: Number(byAddress[2]) - 1, column: columnIndex(byAddress[1]!) };
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export interface HighlightPlan {
  fill: Highlight[];
  clear: { row: number; column: number }[];
  marks: Mark[];
}

/** What to clear (our old marks no longer needed) and fill, and the marks to remember afterwards. */
export function planHighlights(
  previous: readonly Mark[],
  next: readonly Highlight[],
  parsed: ParsedSheet,
): HighlightPlan {
  const nextCells = new Set(next.map((h) => `${h.row}:${h.column}`));
  const clear: { row: number; column: number }[] = [];
  const seen = new Set<string>();
  const index = indexRows(parsed);
  for (const mark of previous) {
    const at = locateMark(mark, parsed, index);
    if (!at) continue;
    const cell = `${at.row}:${at.column}`;
    if (nextCells.has(cell) || seen.has(cell)) continue;
    seen.add(cell);
    clear.push(at);
  }
  return { fill: [...next], clear, marks: next.map((h) => ({ key: h.key, colour: h.colour })) };
}
