// The live workbook the host mutates when a sync runs. Plain data, no proxies:
// proxies (range.ts, worksheet.ts …) only ever reach it from inside a queued operation.

import { cellKey, type Rect } from "./address.ts";

export type CellScalar = string | number | boolean;
export type Visibility = "Visible" | "Hidden" | "VeryHidden";

/** Per-cell (or per-row/column) formatting; an absent key inherits. */
export interface CellFormat {
  fill?: string | null; // null: explicitly "no fill"
  bold?: boolean;
  italic?: boolean;
  underline?: string;
  strikethrough?: boolean;
  fontColor?: string;
  fontSize?: number;
  fontName?: string;
  wrap?: boolean;
  hAlign?: string;
  vAlign?: string;
  locked?: boolean;
  formulaHidden?: boolean;
  numberFormat?: string;
}

export type FormatKey = keyof CellFormat;

export const DEFAULT_FORMAT: Required<CellFormat> = {
  fill: null,
  bold: false,
  italic: false,
  underline: "None",
  strikethrough: false,
  fontColor: "#000000",
  fontSize: 11,
  fontName: "Calibri",
  wrap: false,
  hAlign: "General",
  vAlign: "Bottom",
  locked: true,
  formulaHidden: false,
  numberFormat: "General",
};

/** Points; Excel's defaults for Calibri 11 (8.43 characters = 64 px; 20 px). */
export const DEFAULT_COLUMN_WIDTH = 48;
export const DEFAULT_ROW_HEIGHT = 15;

export interface Cell {
  value?: CellScalar; // absent: empty
  formula?: string;
  isError?: boolean; // value is an error text such as "#NAME?"
  format: CellFormat;
}

export interface ListRule {
  source: string; // as given: "a,b,c" or "=Lists!$A$1:$A$9"
  inCellDropDown: boolean;
}

export interface ValidationArea {
  rect: Rect;
  rule: ListRule;
  ignoreBlanks: boolean;
  errorAlert: { showAlert: boolean; style: string; title: string; message: string };
  prompt: { showPrompt: boolean; title: string; message: string };
}

export interface ProtectionState {
  protected: boolean;
  password?: string;
  options: Record<string, boolean | string>;
}

export interface ChartModel {
  id: string;
  name: string;
  type: string;
  source: { sheet: SheetModel; rect: Rect };
  seriesBy: string;
  title?: string;
  titleVisible: boolean;
  top: number;
  left: number;
  width: number;
  height: number;
}

export interface SheetModel {
  id: string;
  name: string;
  visibility: Visibility;
  cells: Map<number, Cell>;
  columnFormats: Map<number, CellFormat>;
  rowFormats: Map<number, CellFormat>;
  columnWidths: Map<number, number>;
  rowHeights: Map<number, number>;
  merges: Rect[];
  validations: ValidationArea[];
  protection: ProtectionState;
  charts: ChartModel[];
  tabColor: string;
  showGridlines: boolean;
}

export interface WorkbookModel {
  sheets: SheetModel[];
  activeSheet: SheetModel | undefined;
  selection: { sheet: SheetModel; rect: Rect } | undefined;
  nextId: number;
}

export function createWorkbook(): WorkbookModel {
  return { sheets: [], activeSheet: undefined, selection: undefined, nextId: 1 };
}

export function newId(workbook: WorkbookModel): string {
  const n = workbook.nextId++;
  return `{00000000-0001-0000-${String(n).padStart(4, "0")}-000000000000}`;
}

export function createSheet(workbook: WorkbookModel, name: string): SheetModel {
  return {
    id: newId(workbook),
    name,
    visibility: "Visible",
    cells: new Map(),
    columnFormats: new Map(),
    rowFormats: new Map(),
    columnWidths: new Map(),
    rowHeights: new Map(),
    merges: [],
    validations: [],
    protection: { protected: false, options: {} },
    charts: [],
    tabColor: "",
    showGridlines: true,
  };
}

export function getCell(sheet: SheetModel, row: number, col: number): Cell | undefined {
  return sheet.cells.get(cellKey(row, col));
}

export function ensureCell(sheet: SheetModel, row: number, col: number): Cell {
  const key = cellKey(row, col);
  let cell = sheet.cells.get(key);
  if (!cell) {
    cell = { format: {} };
    sheet.cells.set(key, cell);
  }
  return cell;
}

/** Drops a cell record that no longer holds anything, so used-range stays honest. */
export function pruneCell(sheet: SheetModel, row: number, col: number): void {
  const key = cellKey(row, col);
  const cell = sheet.cells.get(key);
  if (cell && cell.value === undefined && Object.keys(cell.format).length === 0) sheet.cells.delete(key);
}

export function findSheet(workbook: WorkbookModel, name: string): SheetModel | undefined {
  const wanted = name.toLowerCase(); // Excel sheet names are case-insensitive
  return workbook.sheets.find((s) => s.name.toLowerCase() === wanted);
}

export function isAlive(workbook: WorkbookModel, sheet: SheetModel): boolean {
  return workbook.sheets.includes(sheet);
}

/** One format property of a cell as Excel resolves it: the cell's own, else its row's, else its column's. */
export function effectiveFormat<K extends FormatKey>(
  sheet: SheetModel,
  row: number,
  col: number,
  key: K,
): Required<CellFormat>[K] {
  const own = getCell(sheet, row, col)?.format[key];
  if (own !== undefined) return own as Required<CellFormat>[K];
  const fromRow = sheet.rowFormats.get(row)?.[key];
  if (fromRow !== undefined) return fromRow as Required<CellFormat>[K];
  const fromColumn = sheet.columnFormats.get(col)?.[key];
  if (fromColumn !== undefined) return fromColumn as Required<CellFormat>[K];
  return DEFAULT_FORMAT[key];
}

export function columnWidth(sheet: SheetModel, col: number): number {
  return sheet.columnWidths.get(col) ?? DEFAULT_COLUMN_WIDTH;
}

export function rowHeight(sheet: SheetModel, row: number): number {
  return sheet.rowHeights.get(row) ?? DEFAULT_ROW_HEIGHT;
}
