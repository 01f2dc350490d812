// Pure helpers that turn cell lists into few rectangles, so a batch carries few operations and
// one write per contiguous block. No Office here (both hosts use them): unit-tested directly.
import type { RowKind } from "../../schema/layout.ts";

export interface Rect {
  row: number;
  column: number;
  rowCount: number;
  columnCount: number;
}

export interface Run {
  row: number;
  count: number;
}

/** Consecutive rows of one kind, e.g. every block of task rows between two headings. */
export function runsOf(kinds: readonly RowKind[], kind: RowKind, offset = 0): Run[] {
  const runs: Run[] = [];
  let start = -1;
  for (let i = 0; i <= kinds.length; i++) {
    const match = i < kinds.length && kinds[i] === kind;
    if (match && start === -1) start = i;
    if (!match && start !== -1) {
      runs.push({ row: start + offset, count: i - start });
      start = -1;
    }
  }
  return runs;
}

export interface ColouredCell {
  row: number;
  column: number;
  colour: string;
}

/** Vertical runs of same-coloured cells in one column, as rectangles (column by column). */
export function groupCells<T extends { row: number; column: number; colour?: string }>(
  cells: readonly T[],
): (Rect & { colour: string })[] {
  const sorted = [...cells].sort((a, b) => a.column - b.column || a.row - b.row);
  const out: (Rect & { colour: string })[] = [];
  for (const cell of sorted) {
    const colour = cell.colour ?? "";
    const last = out[out.length - 1];
    if (
      last &&
      last.column === cell.column &&
      last.colour === colour &&
      last.row + last.rowCount === cell.row
    ) {
      last.rowCount++;
    } else if (!(
      last &&
      last.column === cell.column &&
      last.colour === colour &&
      cell.row < last.row + last.rowCount
    )) {
      out.push({ row: cell.row, column: cell.column, rowCount: 1, columnCount: 1, colour });
    }
  }
  return out;
}

/**
 * Rough size of a values write in the request payload (JSON, UTF-8): what Excel's 5 MB request
 * limit (Excel on the web) is measured against.
 */
export function estimateBytes(rows: readonly (readonly unknown[])[]): number {
  let bytes = 2;
  for (const row of rows) {
    bytes += 3;
    for (const value of row) bytes += valueBytes(value);
  }
  return bytes;
}

function valueBytes(value: unknown): number {
  if (typeof value === "number") return 12;
  if (typeof value !== "string") return 6;
  let bytes = 3;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    // Quotes, backslashes and control characters are escaped in JSON; CJK takes 3 bytes in UTF-8.
    bytes += c < 0x20 || c === 0x22 || c === 0x5c ? 6 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
  }
  return bytes;
}

/** Half of the 5 MB limit: the batch also carries formats, and the JSON envelope has overhead. */
export const PAYLOAD_BUDGET = 2.5 * 1024 * 1024;

/** Row ranges [start, end) whose values each fit the budget; one range when the whole grid does. */
export function chunkRows(
  rows: readonly (readonly unknown[])[],
  budget = PAYLOAD_BUDGET,
): { start: number; end: number }[] {
  const chunks: { start: number; end: number }[] = [];
  let start = 0;
  let size = 0;
  rows.forEach((row, i) => {
    const bytes = estimateBytes([row]);
    if (i > start && size + bytes > budget) {
      chunks.push({ start, end: i });
      start = i;
      size = 0;
    }
    size += bytes;
  });
  if (rows.length > start || chunks.length === 0) chunks.push({ start, end: rows.length });
  return chunks;
}

/** Excel column width: characters (as exceljs and the layout give it) to points (as Office.js takes it). */
export function charsToPoints(chars: number): number {
  // Calibri 11's digit is 7 px wide plus 5 px of padding; a point is 4/3 px.
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

/** A rectangle of one value repeated: Office.js wants a full 2-D array for numberFormat. */
export function filled<T>(rowCount: number, columnCount: number, value: T): T[][] {
  const row = new Array<T>(columnCount).fill(value);
  return Array.from({ length: rowCount }, () => row.slice());
}

/** Pads ragged rows to one width (a values write must be rectangular). */
export function rectangular(
  rows: readonly (readonly (string | number)[])[],
  width?: number,
): (string | number)[][] {
  const w = width ?? Math.max(1, ...rows.map((r) => r.length));
  return rows.map((r) => {
    const out = r.slice(0, w) as (string | number)[];
    while (out.length < w) out.push("");
    return out;
  });
}
