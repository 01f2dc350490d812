// A1 addresses and the rectangle arithmetic built on them.
// Rows and columns are zero-based inside the host; A1 text is what Excel shows.

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** A rectangular block of cells, zero-based. */
export interface Rect {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

export interface ParsedAddress {
  sheet?: string;
  rect: Rect;
}

export function columnLetters(col: number): string {
  let letters = "";
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** "AB" → 27; -1 when not a column of the grid. */
export function columnIndex(letters: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return -1;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n <= MAX_COLUMNS ? n - 1 : -1;
}

export function cellAddress(row: number, col: number): string {
  return `${columnLetters(col)}${row + 1}`;
}

/** "Sheet1!A1", "A1:B2", "C:C", "3:5", "'My sheet'!$A$1"; null when Excel would reject it. */
export function parseAddress(text: string): ParsedAddress | null {
  const split = splitSheet(text.trim());
  if (!split) return null;
  const rect = parseArea(split.area.replace(/\$/g, ""));
  if (!rect) return null;
  return split.sheet === undefined ? { rect } : { sheet: split.sheet, rect };
}

function splitSheet(text: string): { sheet?: string; area: string } | null {
  const bang = text.lastIndexOf("!");
  if (bang < 0) return { area: text };
  const sheetPart = text.slice(0, bang);
  const area = text.slice(bang + 1);
  if (sheetPart.startsWith("'")) {
    if (!sheetPart.endsWith("'") || sheetPart.length < 3) return null;
    return { sheet: sheetPart.slice(1, -1).replace(/''/g, "'"), area };
  }
  return sheetPart ? { sheet: sheetPart, area } : null;
}

function parseArea(area: string): Rect | null {
  const parts = area.split(":");
  if (parts.length === 1) {
    const cell = parseCell(parts[0] ?? "");
    return cell ? { row: cell.row, col: cell.col, rows: 1, cols: 1 } : null;
  }
  if (parts.length !== 2) return null;
  const [a = "", b = ""] = parts;
  return cellsArea(a, b) ?? columnsArea(a, b) ?? rowsArea(a, b);
}

function parseCell(text: string): { row: number; col: number } | null {
  const m = /^([A-Za-z]{1,3})(\d{1,7})$/.exec(text);
  if (!m) return null;
  const col = columnIndex(m[1] ?? "");
  const row = Number(m[2]) - 1;
  if (col < 0 || row < 0 || row >= MAX_ROWS) return null;
  return { row, col };
}

function cellsArea(a: string, b: string): Rect | null {
  const p = parseCell(a);
  const q = parseCell(b);
  return p && q ? spanning(p.row, p.col, q.row, q.col) : null;
}

function columnsArea(a: string, b: string): Rect | null {
  const p = columnIndex(a);
  const q = columnIndex(b);
  return p >= 0 && q >= 0 ? spanning(0, p, MAX_ROWS - 1, q) : null;
}

function rowsArea(a: string, b: string): Rect | null {
  if (!/^\d{1,7}$/.test(a) || !/^\d{1,7}$/.test(b)) return null;
  const p = Number(a) - 1;
  const q = Number(b) - 1;
  if (p < 0 || q < 0 || p >= MAX_ROWS || q >= MAX_ROWS) return null;
  return spanning(p, 0, q, MAX_COLUMNS - 1);
}

// Excel accepts corners in any order ("B2:A1" is A1:B2).
function spanning(r1: number, c1: number, r2: number, c2: number): Rect {
  const row = Math.min(r1, r2);
  const col = Math.min(c1, c2);
  return { row, col, rows: Math.abs(r2 - r1) + 1, cols: Math.abs(c2 - c1) + 1 };
}

export function isEntireColumns(rect: Rect): boolean {
  return rect.row === 0 && rect.rows === MAX_ROWS;
}

export function isEntireRows(rect: Rect): boolean {
  return rect.col === 0 && rect.cols === MAX_COLUMNS;
}

/** The address as Excel reports it: "A1", "A1:E3", "C:D", "3:3"; a whole sheet is rows "1:1048576". */
export function formatRect(rect: Rect): string {
  const lastRow = rect.row + rect.rows - 1;
  const lastCol = rect.col + rect.cols - 1;
  if (isEntireRows(rect)) return `${rect.row + 1}:${lastRow + 1}`;
  if (isEntireColumns(rect)) return `${columnLetters(rect.col)}:${columnLetters(lastCol)}`;
  const first = cellAddress(rect.row, rect.col);
  return rect.rows === 1 && rect.cols === 1 ? first : `${first}:${cellAddress(lastRow, lastCol)}`;
}

// Excel quotes a sheet name unless it is a plain identifier that cannot be read as a reference.
export function quoteSheetName(name: string): string {
  const plain = /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name);
  const looksLikeReference =
    /^[A-Za-z]{1,3}\d+$/.test(name) || /^[Rr]\d*[Cc]?\d*$/.test(name) || /^[Cc]\d*$/.test(name);
  return plain && !looksLikeReference ? name : `'${name.replace(/'/g, "''")}'`;
}

export function qualifiedAddress(sheetName: string, rect: Rect): string {
  return `${quoteSheetName(sheetName)}!${formatRect(rect)}`;
}

export function insideGrid(rect: Rect): boolean {
  return (
    Number.isInteger(rect.row) &&
    Number.isInteger(rect.col) &&
    Number.isInteger(rect.rows) &&
    Number.isInteger(rect.cols) &&
    rect.row >= 0 &&
    rect.col >= 0 &&
    rect.rows >= 1 &&
    rect.cols >= 1 &&
    rect.row + rect.rows <= MAX_ROWS &&
    rect.col + rect.cols <= MAX_COLUMNS
  );
}

export function intersect(a: Rect, b: Rect): Rect | null {
  const row = Math.max(a.row, b.row);
  const col = Math.max(a.col, b.col);
  const rowEnd = Math.min(a.row + a.rows, b.row + b.rows);
  const colEnd = Math.min(a.col + a.cols, b.col + b.cols);
  return rowEnd > row && colEnd > col ? { row, col, rows: rowEnd - row, cols: colEnd - col } : null;
}

export function boundingRect(a: Rect, b: Rect): Rect {
  const row = Math.min(a.row, b.row);
  const col = Math.min(a.col, b.col);
  const rowEnd = Math.max(a.row + a.rows, b.row + b.rows);
  const colEnd = Math.max(a.col + a.cols, b.col + b.cols);
  return { row, col, rows: rowEnd - row, cols: colEnd - col };
}

export function containsRect(outer: Rect, inner: Rect): boolean {
  const i = intersect(outer, inner);
  return i !== null && i.rows === inner.rows && i.cols === inner.cols;
}

export function containsCell(rect: Rect, row: number, col: number): boolean {
  return row >= rect.row && row < rect.row + rect.rows && col >= rect.col && col < rect.col + rect.cols;
}

/** The parts of `a` outside `b`, as up to four rectangles. */
export function subtractRect(a: Rect, b: Rect): Rect[] {
  const cut = intersect(a, b);
  if (!cut) return [a];
  const pieces: Rect[] = [];
  const aRowEnd = a.row + a.rows;
  const cutRowEnd = cut.row + cut.rows;
  if (cut.row > a.row) pieces.push({ row: a.row, col: a.col, rows: cut.row - a.row, cols: a.cols });
  if (cutRowEnd < aRowEnd)
    pieces.push({ row: cutRowEnd, col: a.col, rows: aRowEnd - cutRowEnd, cols: a.cols });
  if (cut.col > a.col) pieces.push({ row: cut.row, col: a.col, rows: cut.rows, cols: cut.col - a.col });
  const cutColEnd = cut.col + cut.cols;
  const aColEnd = a.col + a.cols;
  if (cutColEnd < aColEnd)
    pieces.push({ row: cut.row, col: cutColEnd, rows: cut.rows, cols: aColEnd - cutColEnd });
  return pieces;
}

export function sameRect(a: Rect, b: Rect): boolean {
  return a.row === b.row && a.col === b.col && a.rows === b.rows && a.cols === b.cols;
}

/** One number per cell, for Map keys; fits easily in a double. */
export function cellKey(row: number, col: number): number {
  return row * MAX_COLUMNS + col;
}

export function keyRow(key: number): number {
  return Math.floor(key / MAX_COLUMNS);
}

export function keyCol(key: number): number {
  return key % MAX_COLUMNS;
}
