// Formatting: writing a format over a rectangle and reading it back the way Excel does
// (one value when uniform, null when the cells differ).

import { isEntireColumns, isEntireRows, keyCol, keyRow, type Rect } from "./address.ts";
import { fail } from "./errors.ts";
import {
  DEFAULT_COLUMN_WIDTH,
  DEFAULT_ROW_HEIGHT,
  effectiveFormat,
  ensureCell,
  pruneCell,
  type CellFormat,
  type FormatKey,
  type SheetModel,
} from "./model.ts";

const NAMED_COLORS: Record<string, string> = {
  black: "#000000",
  white: "#FFFFFF",
  red: "#FF0000",
  lime: "#00FF00",
  green: "#008000",
  blue: "#0000FF",
  yellow: "#FFFF00",
  orange: "#FFA500",
  purple: "#800080",
  pink: "#FFC0CB",
  gray: "#808080",
  grey: "#808080",
  silver: "#C0C0C0",
  navy: "#000080",
  maroon: "#800000",
  olive: "#808000",
  teal: "#008080",
  aqua: "#00FFFF",
  cyan: "#00FFFF",
  fuchsia: "#FF00FF",
  magenta: "#FF00FF",
  lightgreen: "#90EE90",
  lightyellow: "#FFFFE0",
  lightblue: "#ADD8E6",
  lightgray: "#D3D3D3",
  lightgrey: "#D3D3D3",
  darkred: "#8B0000",
  darkgreen: "#006400",
  gold: "#FFD700",
  salmon: "#FA8072",
};

/** "#ff0" / "#FFFF00" / "yellow" → "#FFFF00"; Excel rejects anything else. */
export function normalizeColor(input: unknown): string {
  if (typeof input !== "string") return fail("InvalidArgument", "a color must be a string");
  const text = input.trim();
  const named = NAMED_COLORS[text.toLowerCase()];
  if (named) return named;
  if (/^#[0-9a-f]{6}$/i.test(text)) return text.toUpperCase();
  if (/^#[0-9a-f]{3}$/i.test(text)) return `#${[...text.slice(1)].map((c) => c + c).join("")}`.toUpperCase();
  return fail("InvalidArgument", `not a color Excel accepts: ${JSON.stringify(input)}`);
}

const HORIZONTAL = [
  "General",
  "Left",
  "Center",
  "Right",
  "Fill",
  "Justify",
  "CenterAcrossSelection",
  "Distributed",
];
const VERTICAL = ["Top", "Center", "Bottom", "Justify", "Distributed"];
const UNDERLINE = ["None", "Single", "Double", "SingleAccountant", "DoubleAccountant"];

export function checkChoice(value: unknown, allowed: string[], what: string): string {
  if (typeof value === "string" && allowed.includes(value)) return value;
  return fail("InvalidArgument", `${what} must be one of ${allowed.join(", ")}`);
}

export const checkHorizontal = (v: unknown) => checkChoice(v, HORIZONTAL, "horizontalAlignment");
export const checkVertical = (v: unknown) => checkChoice(v, VERTICAL, "verticalAlignment");
export const checkUnderline = (v: unknown) => checkChoice(v, UNDERLINE, "underline");

export function checkBoolean(value: unknown, what: string): boolean {
  return typeof value === "boolean" ? value : fail("InvalidArgument", `${what} must be a boolean`);
}

export function checkNumber(value: unknown, what: string, min: number, max: number): number {
  if (typeof value === "number" && Number.isFinite(value) && value >= min && value <= max) return value;
  return fail("InvalidArgument", `${what} must be a number from ${min} to ${max}`);
}

/**
 * Applies `patch` to every cell of `rect`. Whole columns/rows are stored as column/row formats
 * (as Excel does) and also overwrite the cells that already carry their own formatting.
 * A `undefined` in the patch removes that key (back to inheriting).
 */
export function applyFormat(sheet: SheetModel, rect: Rect, patch: CellFormat): void {
  if (isEntireColumns(rect)) return applyToColumns(sheet, rect, patch);
  if (isEntireRows(rect)) return applyToRows(sheet, rect, patch);
  for (let r = rect.row; r < rect.row + rect.rows; r++) {
    for (let c = rect.col; c < rect.col + rect.cols; c++) {
      patchFormat(ensureCell(sheet, r, c).format, patch);
      pruneCell(sheet, r, c);
    }
  }
}

function applyToColumns(sheet: SheetModel, rect: Rect, patch: CellFormat): void {
  for (let c = rect.col; c < rect.col + rect.cols; c++) {
    const format = sheet.columnFormats.get(c) ?? {};
    patchFormat(format, patch);
    sheet.columnFormats.set(c, format);
    // A row format would outrank the new column format at the crossing; the later write must win.
    for (const [row, rowFormat] of sheet.rowFormats) {
      if (Object.keys(patch).some((k) => k in rowFormat))
        patchFormat(ensureCell(sheet, row, c).format, patch);
    }
  }
  patchExistingCells(sheet, rect, patch);
}

function applyToRows(sheet: SheetModel, rect: Rect, patch: CellFormat): void {
  for (let r = rect.row; r < rect.row + rect.rows; r++) {
    const format = sheet.rowFormats.get(r) ?? {};
    patchFormat(format, patch);
    sheet.rowFormats.set(r, format);
  }
  patchExistingCells(sheet, rect, patch);
}

function patchExistingCells(sheet: SheetModel, rect: Rect, patch: CellFormat): void {
  for (const [key, cell] of [...sheet.cells]) {
    const row = keyRow(key);
    const col = keyCol(key);
    if (row < rect.row || row >= rect.row + rect.rows || col < rect.col || col >= rect.col + rect.cols)
      continue;
    patchFormat(cell.format, patch);
    pruneCell(sheet, row, col);
  }
}

function patchFormat(target: CellFormat, patch: CellFormat): void {
  for (const key of Object.keys(patch) as FormatKey[]) {
    const value = patch[key];
    if (value === undefined) delete target[key];
    else (target as Record<FormatKey, unknown>)[key] = value;
  }
}

/** Small ranges are read cell by cell; this many cells and above are read from their distinct sources. */
const CELL_BY_CELL_LIMIT = 200_000;

/** One value for the whole range, or null when the cells differ (as Excel's format getters do). */
export function uniformFormat<K extends FormatKey>(
  sheet: SheetModel,
  rect: Rect,
  key: K,
): Required<CellFormat>[K] | null {
  const seen = distinctFormats(sheet, rect, key);
  return seen.size === 1 ? ([...seen][0] as Required<CellFormat>[K]) : null;
}

/** The different values `key` takes over the range (collection stops at two). */
export function distinctFormats(sheet: SheetModel, rect: Rect, key: FormatKey): Set<unknown> {
  const seen = new Set<unknown>();
  const note = (v: unknown) => seen.add(v);
  if (rect.rows * rect.cols < CELL_BY_CELL_LIMIT) {
    for (let r = rect.row; r < rect.row + rect.rows && seen.size < 2; r++) {
      for (let c = rect.col; c < rect.col + rect.cols && seen.size < 2; c++)
        note(effectiveFormat(sheet, r, c, key));
    }
    return seen;
  }
  // Huge (whole-column) ranges: every source a cell could inherit from, without visiting each cell.
  // Row -1 has no cell and no row format: it yields what the column itself gives its cells.
  for (let c = rect.col; c < rect.col + rect.cols; c++) note(effectiveFormat(sheet, -1, c, key));
  for (const row of sheet.rowFormats.keys()) {
    if (row >= rect.row && row < rect.row + rect.rows) note(effectiveFormat(sheet, row, rect.col, key));
  }
  for (const cellKey of sheet.cells.keys()) {
    const row = keyRow(cellKey);
    const col = keyCol(cellKey);
    if (row >= rect.row && row < rect.row + rect.rows && col >= rect.col && col < rect.col + rect.cols) {
      note(effectiveFormat(sheet, row, col, key));
    }
  }
  return seen;
}

export function uniformColumnWidth(sheet: SheetModel, rect: Rect): number | null {
  return uniformSize(sheet.columnWidths, rect.col, rect.cols, DEFAULT_COLUMN_WIDTH);
}

export function uniformRowHeight(sheet: SheetModel, rect: Rect): number | null {
  return uniformSize(sheet.rowHeights, rect.row, rect.rows, DEFAULT_ROW_HEIGHT);
}

function uniformSize(
  sizes: Map<number, number>,
  start: number,
  count: number,
  fallback: number,
): number | null {
  const seen = new Set<number>();
  let explicit = 0;
  for (const [index, size] of sizes) {
    if (index < start || index >= start + count) continue;
    explicit++;
    seen.add(size);
  }
  if (explicit < count) seen.add(fallback);
  return seen.size === 1 ? ([...seen][0] ?? null) : null;
}

export function hasFormatting(format: CellFormat): boolean {
  return Object.keys(format).length > 0;
}
