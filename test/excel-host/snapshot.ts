// The workbook as plain JSON: what a test starts the host from and what it inspects afterwards.
// It round-trips through JSON.stringify/parse unchanged, and through .xlsx (see xlsx.ts).
//
// Addresses are A1 text without a sheet name. A key of the formatting maps is one of
//   "B4"   a cell,
//   "C:C"  whole columns ("C:E" for several), as when a format was applied to entire columns,
//   "5:5"  whole rows.
// Precedence is Excel's: cell over row over column. A cell key appears only where the cell
// differs from what it would inherit, so an unformatted sheet has empty maps. `cellFormat`
// resolves one cell for a test.

import { columnIndex } from "./address.ts";

export type SnapshotValue = string | number | boolean | null;
export type SheetVisibility = "Visible" | "Hidden" | "VeryHidden";

export interface FontSnapshot {
  bold?: boolean;
  italic?: boolean;
  color?: string; // "#RRGGBB"
  size?: number; // points
  name?: string;
}

export interface AlignmentSnapshot {
  horizontal?: string; // Excel.HorizontalAlignment: "Left", "Center", …
  vertical?: string; // Excel.VerticalAlignment: "Top", "Center", …
}

export interface ValidationSnapshot {
  range: string; // "C4:C40"
  list: string[]; // the allowed entries
  source?: string; // only when the list comes from cells: "=Lists!$A$1:$A$9"
}

export interface ChartSnapshot {
  name: string;
  type: string; // Excel.ChartType, e.g. "ColumnClustered"
  sourceRange: string; // sheet-qualified: "Summary!A1:C5"
  title?: string;
}

export interface SheetSnapshot {
  name: string;
  visibility: SheetVisibility;
  /** Row-major from A1; rows may be ragged; null is an empty cell. A merge's value sits in its top-left cell. */
  cells: SnapshotValue[][];
  merges: string[]; // "A1:E1"
  fills: Record<string, string>; // "#RRGGBB"; "" is an explicit "no fill" over an inherited one
  fonts: Record<string, FontSnapshot>;
  wrap: string[]; // keys whose text wraps
  columnWidths: number[]; // points, index 0 = column A; columns past the end have Excel's default (48)
  validations: ValidationSnapshot[];
  /** Cells are locked unless listed; mostly `false` entries (unlocked). */
  locked: Record<string, boolean>;
  protected: boolean;
  charts: ChartSnapshot[];
  // Optional extras; absent means "none".
  rowHeights?: Record<string, number>; // 1-based row number → points
  numberFormats?: Record<string, string>;
  alignment?: Record<string, AlignmentSnapshot>;
  /**
   * Formula text ("=SUM(A1:A3)") of formula cells. The host does not evaluate formulas: a formula
   * written through the API reads "#NAME?"; one read from .xlsx keeps the file's cached result.
   */
  formulas?: Record<string, string>;
  protectionOptions?: Record<string, boolean>;
  protectionPassword?: string;
}

export interface WorkbookSnapshot {
  sheets: SheetSnapshot[]; // in tab order
  activeSheet: string;
  selection: { sheet: string; address: string };
}

/** A sheet with nothing in it, for building snapshots in tests. */
export function emptySheet(name: string, overrides: Partial<SheetSnapshot> = {}): SheetSnapshot {
  return {
    name,
    visibility: "Visible",
    cells: [],
    merges: [],
    fills: {},
    fonts: {},
    wrap: [],
    columnWidths: [],
    validations: [],
    locked: {},
    protected: false,
    charts: [],
    ...overrides,
  };
}

export function workbookSnapshot(sheets: SheetSnapshot[]): WorkbookSnapshot {
  const first = sheets.find((s) => s.visibility === "Visible") ?? sheets[0];
  const name = first?.name ?? "Sheet1";
  return { sheets, activeSheet: name, selection: { sheet: name, address: "A1" } };
}

export interface ResolvedCellFormat {
  fill: string | null;
  font: Required<FontSnapshot>;
  wrap: boolean;
  locked: boolean;
  numberFormat: string;
  alignment: Required<AlignmentSnapshot>;
}

/** The formatting one cell ("B4") shows, resolving column, row and cell keys as Excel does. */
export function cellFormat(sheet: SheetSnapshot, address: string): ResolvedCellFormat {
  const m = /^([A-Z]+)(\d+)$/.exec(address.toUpperCase());
  if (!m) throw new Error(`cellFormat wants a single cell address, got ${address}`);
  const column = m[1] ?? "";
  const row = Number(m[2]);
  const keys = [
    ...matchingKeys(sheet, column, row, "column"),
    ...matchingKeys(sheet, column, row, "row"),
    address,
  ];
  const pick = <T>(map: Record<string, T> | undefined): T | undefined =>
    keys.reduce<T | undefined>((found, key) => (map && key in map ? map[key] : found), undefined);
  const font = keys.reduce<FontSnapshot>((acc, key) => ({ ...acc, ...sheet.fonts[key] }), {});
  const alignment = keys.reduce<AlignmentSnapshot>((acc, key) => ({ ...acc, ...sheet.alignment?.[key] }), {});
  const fill = pick(sheet.fills);
  return {
    fill: fill ? fill : null,
    font: { bold: false, italic: false, color: "#000000", size: 11, name: "Calibri", ...font },
    wrap: keys.some((key) => sheet.wrap.includes(key)),
    locked: pick(sheet.locked) ?? true,
    numberFormat: pick(sheet.numberFormats) ?? "General",
    alignment: { horizontal: "General", vertical: "Bottom", ...alignment },
  };
}

function matchingKeys(sheet: SheetSnapshot, column: string, row: number, kind: "column" | "row"): string[] {
  const all = new Set([
    ...Object.keys(sheet.fills),
    ...Object.keys(sheet.fonts),
    ...Object.keys(sheet.locked),
    ...sheet.wrap,
    ...Object.keys(sheet.numberFormats ?? {}),
    ...Object.keys(sheet.alignment ?? {}),
  ]);
  return [...all].filter((key) => {
    const [a = "", b = ""] = key.split(":");
    const at = columnIndex(column);
    if (kind === "column" && /^[A-Z]+$/.test(a)) return columnIndex(a) <= at && at <= columnIndex(b);
    if (kind === "row" && /^\d+$/.test(a)) return Number(a) <= row && row <= Number(b);
    return false;
  });
}
