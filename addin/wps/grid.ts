// Reads a worksheet as a value grid with its origin, for schema's parse(). WPS's UsedRange counts
// formatted cells too (Office.js's getUsedRange(true) does not): empty edge rows and columns are
// trimmed so both hosts hand the pane the same grid.
import type { ActiveSheet } from "../host/host.ts";
import { valuesOf } from "./range.ts";
import type { WpsWorksheet } from "./wps-api.ts";

export function readWpsSheet(sheet: WpsWorksheet): ActiveSheet {
  const used = sheet.UsedRange;
  const trimmed = trimEmpty(valuesOf(used), used.Row - 1, used.Column - 1);
  return {
    id: sheet.Name,
    name: sheet.Name,
    grid: trimmed.grid,
    origin: trimmed.origin,
    protection: {
      protected: sheet.ProtectContents === true,
      allowFormatCells: sheet.Protection.AllowFormattingCells === true,
    },
  };
}

const isEmpty = (v: unknown) => v === "" || v === null || v === undefined;

/** Drops empty rows and columns at the edges, moving the origin; an all-empty grid is [] at A1. */
export function trimEmpty(
  grid: unknown[][],
  row: number,
  column: number,
): { grid: unknown[][]; origin: { row: number; column: number } } {
  const rows = grid.map((r, i) => ({ r, i })).filter(({ r }) => r.some((v) => !isEmpty(v)));
  if (rows.length === 0) return { grid: [], origin: { row: 0, column: 0 } };
  const width = Math.max(...grid.map((r) => r.length));
  let first = width;
  let last = -1;
  for (const { r } of rows) {
    r.forEach((v, c) => {
      if (isEmpty(v)) return;
      first = Math.min(first, c);
      last = Math.max(last, c);
    });
  }
  const top = rows[0]!.i;
  const bottom = rows[rows.length - 1]!.i;
  return {
    grid: grid.slice(top, bottom + 1).map((r) => r.slice(first, last + 1)),
    origin: { row: row + top, column: column + first },
  };
}
