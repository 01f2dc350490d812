// Merges, the used range, column widths and row heights (including Excel's autofit).

import { containsCell, intersect, keyCol, keyRow, type Rect } from "./address.ts";
import { displayText } from "./cell-input.ts";
import { fail } from "./errors.ts";
import { checkNumber, hasFormatting } from "./formats.ts";
import { guardOption, guardProtected } from "./guard.ts";
import {
  DEFAULT_ROW_HEIGHT,
  columnWidth,
  effectiveFormat,
  getCell,
  pruneCell,
  type SheetModel,
} from "./model.ts";

export function mergeRange(sheet: SheetModel, rect: Rect, across: boolean): void {
  guardProtected(sheet, "merging cells");
  const areas = across
    ? Array.from({ length: rect.rows }, (_, i) => ({ ...rect, row: rect.row + i, rows: 1 }))
    : [rect];
  for (const area of areas) {
    if (area.rows * area.cols < 2) continue;
    sheet.merges = sheet.merges.filter((m) => !intersect(m, area)); // the new merge absorbs overlapping ones
    keepOnlyTopLeftValue(sheet, area);
    sheet.merges.push(area);
  }
}

// Excel keeps the upper-left value of a merged area and discards the others.
function keepOnlyTopLeftValue(sheet: SheetModel, area: Rect): void {
  for (const [key, cell] of [...sheet.cells]) {
    const row = keyRow(key);
    const col = keyCol(key);
    if (!containsCell(area, row, col) || (row === area.row && col === area.col)) continue;
    delete cell.value;
    delete cell.formula;
    delete cell.isError;
    pruneCell(sheet, row, col);
  }
}

export function unmergeRange(sheet: SheetModel, rect: Rect): void {
  guardProtected(sheet, "unmerging cells");
  sheet.merges = sheet.merges.filter((m) => !intersect(m, rect));
}

/** The smallest rectangle holding every value (and, unless valuesOnly, every formatted or merged cell). */
export function usedRect(sheet: SheetModel, valuesOnly: boolean): Rect | null {
  let top = Infinity;
  let left = Infinity;
  let bottom = -1;
  let right = -1;
  const include = (row: number, col: number, lastRow = row, lastCol = col) => {
    top = Math.min(top, row);
    left = Math.min(left, col);
    bottom = Math.max(bottom, lastRow);
    right = Math.max(right, lastCol);
  };
  for (const [key, cell] of sheet.cells) {
    if (cell.value !== undefined || (!valuesOnly && hasFormatting(cell.format)))
      include(keyRow(key), keyCol(key));
  }
  if (!valuesOnly)
    for (const m of sheet.merges) include(m.row, m.col, m.row + m.rows - 1, m.col + m.cols - 1);
  return bottom < 0 ? null : { row: top, col: left, rows: bottom - top + 1, cols: right - left + 1 };
}

const MAX_COLUMN_WIDTH = 1_342.5; // 255 characters
const MAX_ROW_HEIGHT = 409.5;

export function setColumnWidth(sheet: SheetModel, rect: Rect, width: unknown): void {
  const points = checkNumber(width, "columnWidth", 0, MAX_COLUMN_WIDTH);
  guardOption(sheet, "allowFormatColumns");
  for (let c = rect.col; c < rect.col + rect.cols; c++) sheet.columnWidths.set(c, points);
}

export function setRowHeight(sheet: SheetModel, rect: Rect, height: unknown): void {
  const points = checkNumber(height, "rowHeight", 0, MAX_ROW_HEIGHT);
  guardOption(sheet, "allowFormatRows");
  if (rect.rows > 100_000) fail("InvalidArgument", "the host stores row heights per row; use fewer rows");
  for (let r = rect.row; r < rect.row + rect.rows; r++) sheet.rowHeights.set(r, points);
}

// Text measured in points: CJK and full-width characters are about one em, others about half.
function textWidth(text: string, fontSize: number): number {
  let width = 0;
  for (const ch of text) width += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? fontSize : fontSize * 0.55;
  return width;
}

const CELL_PADDING = 3.75; // 5 px

/** Row heights from content, as Excel's AutoFit does; merged cells are ignored, as Excel ignores them. */
export function autofitRows(sheet: SheetModel, rect: Rect): void {
  guardOption(sheet, "allowFormatRows");
  const heights = new Map<number, number>();
  for (const [key, cell] of sheet.cells) {
    const row = keyRow(key);
    const col = keyCol(key);
    if (row < rect.row || row >= rect.row + rect.rows || cell.value === undefined) continue;
    if (inMultiCellMerge(sheet, row, col)) continue;
    const height = cellHeight(sheet, row, col);
    heights.set(row, Math.max(heights.get(row) ?? DEFAULT_ROW_HEIGHT, height));
  }
  for (const row of [...sheet.rowHeights.keys()]) {
    if (row >= rect.row && row < rect.row + rect.rows) sheet.rowHeights.delete(row);
  }
  for (const [row, height] of heights) if (height !== DEFAULT_ROW_HEIGHT) sheet.rowHeights.set(row, height);
}

function cellHeight(sheet: SheetModel, row: number, col: number): number {
  const fontSize = effectiveFormat(sheet, row, col, "fontSize");
  const lineHeight = Math.round(((fontSize * 15) / 11) * 4) / 4;
  if (!effectiveFormat(sheet, row, col, "wrap")) return Math.max(DEFAULT_ROW_HEIGHT, lineHeight);
  const text = displayText(getCell(sheet, row, col)?.value, effectiveFormat(sheet, row, col, "numberFormat"));
  const available = Math.max(1, columnWidth(sheet, col) - CELL_PADDING);
  let lines = 0;
  for (const paragraph of text.split("\n")) {
    lines += Math.max(1, Math.ceil(textWidth(paragraph, fontSize) / available));
  }
  return Math.min(MAX_ROW_HEIGHT, Math.max(DEFAULT_ROW_HEIGHT, lines * lineHeight));
}

export function autofitColumns(sheet: SheetModel, rect: Rect): void {
  guardOption(sheet, "allowFormatColumns");
  const widths = new Map<number, number>();
  for (const [key, cell] of sheet.cells) {
    const row = keyRow(key);
    const col = keyCol(key);
    if (!containsCell(rect, row, col) || cell.value === undefined || inMultiCellMerge(sheet, row, col))
      continue;
    const text = displayText(cell.value, effectiveFormat(sheet, row, col, "numberFormat"));
    const fontSize = effectiveFormat(sheet, row, col, "fontSize");
    const longest = Math.max(...text.split("\n").map((line) => textWidth(line, fontSize)));
    widths.set(col, Math.max(widths.get(col) ?? 0, longest + CELL_PADDING));
  }
  for (const [col, width] of widths)
    sheet.columnWidths.set(col, Math.min(MAX_COLUMN_WIDTH, Math.round(width * 4) / 4));
}

function inMultiCellMerge(sheet: SheetModel, row: number, col: number): boolean {
  return sheet.merges.some((m) => containsCell(m, row, col));
}
