// Reading and writing cell contents: values, formulas, number formats, text, clear.

import {
  containsCell,
  intersect,
  isEntireColumns,
  isEntireRows,
  keyCol,
  keyRow,
  type Rect,
} from "./address.ts";
import { displayText, interpretInput } from "./cell-input.ts";
import { fail } from "./errors.ts";
import { applyFormat } from "./formats.ts";
import { guardContents, guardOption } from "./guard.ts";
import {
  DEFAULT_FORMAT,
  effectiveFormat,
  ensureCell,
  getCell,
  pruneCell,
  type CellFormat,
  type CellScalar,
  type FormatKey,
  type SheetModel,
} from "./model.ts";

/** Reading more cells than this in one property fails, as Excel's response payload limit does. */
export const MAX_READ_CELLS = 5_000_000;

type Grid<T> = T[][];

function readGrid<T>(rect: Rect, cell: (row: number, col: number) => T): Grid<T> {
  if (rect.rows * rect.cols > MAX_READ_CELLS)
    fail("ResponsePayloadSizeLimitExceeded", `${rect.rows * rect.cols} cells`);
  const grid: Grid<T> = [];
  for (let r = rect.row; r < rect.row + rect.rows; r++) {
    const line: T[] = [];
    for (let c = rect.col; c < rect.col + rect.cols; c++) line.push(cell(r, c));
    grid.push(line);
  }
  return grid;
}

export function readValues(sheet: SheetModel, rect: Rect): Grid<CellScalar> {
  return readGrid(rect, (r, c) => getCell(sheet, r, c)?.value ?? "");
}

export function readFormulas(sheet: SheetModel, rect: Rect): Grid<CellScalar> {
  return readGrid(rect, (r, c) => {
    const cell = getCell(sheet, r, c);
    return cell?.formula ?? cell?.value ?? "";
  });
}

export function readText(sheet: SheetModel, rect: Rect): Grid<string> {
  return readGrid(rect, (r, c) =>
    displayText(getCell(sheet, r, c)?.value, effectiveFormat(sheet, r, c, "numberFormat")),
  );
}

export function readNumberFormat(sheet: SheetModel, rect: Rect): Grid<string> {
  return readGrid(rect, (r, c) => effectiveFormat(sheet, r, c, "numberFormat"));
}

export function readValueTypes(sheet: SheetModel, rect: Rect): Grid<string> {
  return readGrid(rect, (r, c) => {
    const cell = getCell(sheet, r, c);
    if (cell?.value === undefined) return "Empty";
    if (cell.isError) return "Error";
    return { string: "String", number: "Double", boolean: "Boolean" }[typeof cell.value as "string"];
  });
}

/**
 * The per-cell inputs of a property write: a 2-D array of exactly the range's shape, or one
 * scalar for every cell. Anything else is InvalidArgument, as in Excel.
 */
export function inputGrid(
  input: unknown,
  rect: Rect,
  property: string,
): (row: number, col: number) => unknown {
  if (!Array.isArray(input)) {
    if (input === null || input === undefined) fail("InvalidArgument", `${property} cannot be set to null`);
    return () => input;
  }
  const shapeOk =
    input.length === rect.rows && input.every((line) => Array.isArray(line) && line.length === rect.cols);
  if (!shapeOk) {
    const got = `${input.length}x${Array.isArray(input[0]) ? input[0].length : "?"}`;
    fail("InvalidArgument", `${property}: a ${got} array for a ${rect.rows}x${rect.cols} range`);
  }
  return (row, col) => (input[row - rect.row] as unknown[])[col - rect.col];
}

/** Covered by a merge but not its top-left cell: Excel keeps no value there. */
export function hiddenByMerge(sheet: SheetModel, row: number, col: number): boolean {
  return sheet.merges.some((m) => containsCell(m, row, col) && (m.row !== row || m.col !== col));
}

export function writeValues(sheet: SheetModel, rect: Rect, input: unknown, property = "values"): void {
  const at = inputGrid(input, rect, property);
  guardContents(sheet, rect);
  for (let r = rect.row; r < rect.row + rect.rows; r++) {
    for (let c = rect.col; c < rect.col + rect.cols; c++) {
      if (hiddenByMerge(sheet, r, c)) continue; // Excel ignores writes under a merge
      writeCell(sheet, r, c, at(r, c));
    }
  }
}

function writeCell(sheet: SheetModel, row: number, col: number, raw: unknown): void {
  const write = interpretInput(raw, effectiveFormat(sheet, row, col, "numberFormat"));
  if (write.kind === "skip") return;
  const cell = ensureCell(sheet, row, col);
  delete cell.formula;
  delete cell.isError;
  if (write.kind === "clear") {
    delete cell.value;
    pruneCell(sheet, row, col);
    return;
  }
  cell.value = write.value;
  if (write.formula) cell.formula = write.formula;
  if (write.isError) cell.isError = true;
  if (write.impliedFormat && effectiveFormat(sheet, row, col, "numberFormat") === "General") {
    cell.format.numberFormat = write.impliedFormat;
  }
}

export function writeNumberFormat(sheet: SheetModel, rect: Rect, input: unknown): void {
  const at = inputGrid(input, rect, "numberFormat");
  guardOption(sheet, "allowFormatCells");
  if (!Array.isArray(input)) return applyFormat(sheet, rect, { numberFormat: numberFormatOf(input) });
  for (let r = rect.row; r < rect.row + rect.rows; r++) {
    for (let c = rect.col; c < rect.col + rect.cols; c++) {
      const raw = at(r, c);
      if (raw === null || raw === undefined) continue;
      applyFormat(sheet, { row: r, col: c, rows: 1, cols: 1 }, { numberFormat: numberFormatOf(raw) });
    }
  }
}

function numberFormatOf(raw: unknown): string {
  if (typeof raw !== "string") return fail("InvalidArgument", "a number format must be a string");
  return raw === "" ? "General" : raw;
}

export type ClearApplyTo =
  "All" | "Formats" | "Contents" | "Hyperlinks" | "RemoveHyperlinks" | "ResetContents";

export function clearRange(sheet: SheetModel, rect: Rect, applyTo: ClearApplyTo = "All"): void {
  const contents = applyTo === "All" || applyTo === "Contents" || applyTo === "ResetContents";
  const formats = applyTo === "All" || applyTo === "Formats";
  if (contents) guardContents(sheet, rect);
  if (formats) guardOption(sheet, "allowFormatCells");
  if (contents) clearContents(sheet, rect);
  if (formats) clearFormats(sheet, rect);
}

function clearContents(sheet: SheetModel, rect: Rect): void {
  for (const [key, cell] of [...sheet.cells]) {
    const row = keyRow(key);
    const col = keyCol(key);
    if (!containsCell(rect, row, col)) continue;
    delete cell.value;
    delete cell.formula;
    delete cell.isError;
    pruneCell(sheet, row, col);
  }
}

// Excel's "Clear Formats" returns cells to the Normal style, which also unmerges them.
function clearFormats(sheet: SheetModel, rect: Rect): void {
  const reset: CellFormat = {};
  for (const key of Object.keys(DEFAULT_FORMAT) as FormatKey[]) reset[key] = undefined;
  applyFormat(sheet, rect, reset);
  if (isEntireColumns(rect))
    for (let c = rect.col; c < rect.col + rect.cols; c++) sheet.columnFormats.delete(c);
  if (isEntireRows(rect)) for (let r = rect.row; r < rect.row + rect.rows; r++) sheet.rowFormats.delete(r);
  restoreDefaultsOverInherited(sheet, rect);
  sheet.merges = sheet.merges.filter((m) => !intersect(m, rect));
}

// A cleared cell must look like Normal even where its row or column still carries a format.
function restoreDefaultsOverInherited(sheet: SheetModel, rect: Rect): void {
  if (sheet.rowFormats.size === 0 && sheet.columnFormats.size === 0) return;
  if (rect.rows * rect.cols > 200_000) return;
  for (let r = rect.row; r < rect.row + rect.rows; r++) {
    for (let c = rect.col; c < rect.col + rect.cols; c++) {
      const inherited = { ...sheet.columnFormats.get(c), ...sheet.rowFormats.get(r) };
      const keys = Object.keys(inherited) as FormatKey[];
      if (keys.length === 0) continue;
      const patch: CellFormat = {};
      for (const k of keys) (patch as Record<FormatKey, unknown>)[k] = DEFAULT_FORMAT[k];
      applyFormat(sheet, { row: r, col: c, rows: 1, cols: 1 }, patch);
    }
  }
}
