// Zero-based rectangles (as the pane and schema/ count) to WPS ranges (A1 addresses, 1-based rows).
import { cellAddress } from "../../schema/text.ts";
import type { WpsRange, WpsWorksheet } from "./wps-api.ts";

export function rangeAt(sheet: WpsWorksheet, row: number, column: number, rows = 1, columns = 1): WpsRange {
  const from = cellAddress(row, column);
  return sheet.Range(
    rows === 1 && columns === 1 ? from : `${from}:${cellAddress(row + rows - 1, column + columns - 1)}`,
  );
}

/** Value2 of a range as a 2-D array: WPS answers a single cell with a scalar. Empty cells read "". */
export function valuesOf(range: WpsRange): unknown[][] {
  const raw = range.Value2;
  const grid = Array.isArray(raw) ? (raw as unknown[][]) : [[raw]];
  return grid.map((row) =>
    (Array.isArray(row) ? row : [row]).map((v) => (v === null || v === undefined ? "" : v)),
  );
}
