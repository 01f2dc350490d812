// Node only (not in the browser bundle): snapshots to and from .xlsx through exceljs.
// Carried: values (dates as serial numbers), formulas, merges, fills, fonts, wrap/alignment,
// number formats, locking, column widths, row heights, sheet state (incl. veryHidden), list
// validations, sheet protection (the password only as its hash), active sheet and cell.
// Not carried: charts (exceljs cannot write them). Widths snap to whole pixels, as Excel's do.

import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import { cellAddress, keyCol, keyRow, parseAddress, type Rect } from "./address.ts";
import { dateSerial } from "./cell-input.ts";
import { modelFromSnapshot, snapshotFromModel } from "./convert.ts";
import {
  DEFAULT_FORMAT,
  createSheet,
  createWorkbook,
  effectiveFormat,
  ensureCell,
  type CellFormat,
  type CellScalar,
  type FormatKey,
  type SheetModel,
  type Visibility,
  type WorkbookModel,
} from "./model.ts";
import type { WorkbookSnapshot } from "./snapshot.ts";

export async function snapshotFromXlsx(input: string | Uint8Array | ArrayBuffer): Promise<WorkbookSnapshot> {
  const bytes = typeof input === "string" ? await readFile(input) : Buffer.from(input as ArrayBuffer);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return snapshotFromModel(modelFromExcelJs(workbook));
}

export async function snapshotToXlsx(snapshot: WorkbookSnapshot): Promise<Buffer> {
  const workbook = await excelJsFromModel(modelFromSnapshot(snapshot));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------- widths: Excel stores characters of the max digit width (7 px for Calibri 11) ----------

function charsToPoints(chars: number): number {
  const pixels = Math.trunc(((256 * chars + Math.trunc(128 / 7)) / 256) * 7);
  return pixels * 0.75;
}

function pointsToChars(points: number): number {
  const pixels = Math.round(points / 0.75);
  return Math.trunc((pixels / 7) * 256) / 256;
}

// ---------- styles ----------

const HORIZONTAL: Record<string, string> = {
  left: "Left",
  center: "Center",
  right: "Right",
  fill: "Fill",
  justify: "Justify",
  centerContinuous: "CenterAcrossSelection",
  distributed: "Distributed",
};
const VERTICAL: Record<string, string> = {
  top: "Top",
  middle: "Center",
  bottom: "Bottom",
  distributed: "Distributed",
  justify: "Justify",
};
const UNDERLINE: Record<string, string> = {
  single: "Single",
  double: "Double",
  singleAccounting: "SingleAccountant",
  doubleAccounting: "DoubleAccountant",
};

function invert(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [v, k]));
}

function rgb(color: Partial<ExcelJS.Color> | undefined): string | undefined {
  const argb = color?.argb;
  return typeof argb === "string" && /^[0-9a-f]{8}$/i.test(argb)
    ? `#${argb.slice(2).toUpperCase()}`
    : undefined;
}

/** The formatting an exceljs style states (theme colours are not resolved and read as absent). */
function formatFromStyle(style: Partial<ExcelJS.Style>): CellFormat {
  const format: CellFormat = {};
  const { font, fill, alignment, protection, numFmt } = style;
  if (font?.bold !== undefined) format.bold = Boolean(font.bold);
  if (font?.italic !== undefined) format.italic = Boolean(font.italic);
  if (font?.strike !== undefined) format.strikethrough = Boolean(font.strike);
  if (font?.underline !== undefined)
    format.underline = font.underline === true ? "Single" : (UNDERLINE[String(font.underline)] ?? "None");
  if (rgb(font?.color)) format.fontColor = rgb(font?.color);
  if (font?.size !== undefined) format.fontSize = font.size;
  if (font?.name !== undefined) format.fontName = font.name;
  if (fill?.type === "pattern" && fill.pattern === "solid" && rgb(fill.fgColor))
    format.fill = rgb(fill.fgColor);
  if (alignment?.wrapText !== undefined) format.wrap = Boolean(alignment.wrapText);
  if (alignment?.horizontal && HORIZONTAL[alignment.horizontal])
    format.hAlign = HORIZONTAL[alignment.horizontal];
  if (alignment?.vertical && VERTICAL[alignment.vertical]) format.vAlign = VERTICAL[alignment.vertical];
  if (protection?.locked !== undefined) format.locked = Boolean(protection.locked);
  if (protection?.hidden !== undefined) format.formulaHidden = Boolean(protection.hidden);
  if (numFmt) format.numberFormat = numFmt;
  return withoutDefaults(format);
}

function withoutDefaults(format: CellFormat): CellFormat {
  const kept: CellFormat = {};
  for (const key of Object.keys(format) as FormatKey[]) {
    if (format[key] !== DEFAULT_FORMAT[key]) (kept as Record<FormatKey, unknown>)[key] = format[key];
  }
  return kept;
}

/** The exceljs style for a format; only what differs from Excel's Normal style is written. */
function styleFromFormat(format: CellFormat): Partial<ExcelJS.Style> {
  const f = withoutDefaults(format);
  const style: Partial<ExcelJS.Style> = {};
  const font: Partial<ExcelJS.Font> = {};
  if (f.bold !== undefined) font.bold = f.bold;
  if (f.italic !== undefined) font.italic = f.italic;
  if (f.strikethrough !== undefined) font.strike = f.strikethrough;
  if (f.underline !== undefined)
    font.underline = (invert(UNDERLINE)[f.underline] ?? "none") as ExcelJS.Font["underline"];
  if (f.fontColor) font.color = { argb: `FF${f.fontColor.slice(1)}` };
  if (f.fontSize !== undefined) font.size = f.fontSize;
  if (f.fontName !== undefined) font.name = f.fontName;
  if (Object.keys(font).length) style.font = font;
  if (f.fill) style.fill = { type: "pattern", pattern: "solid", fgColor: { argb: `FF${f.fill.slice(1)}` } };
  const alignment: Partial<ExcelJS.Alignment> = {};
  if (f.wrap !== undefined) alignment.wrapText = f.wrap;
  if (f.hAlign) alignment.horizontal = invert(HORIZONTAL)[f.hAlign] as ExcelJS.Alignment["horizontal"];
  if (f.vAlign) alignment.vertical = invert(VERTICAL)[f.vAlign] as ExcelJS.Alignment["vertical"];
  if (Object.keys(alignment).length) style.alignment = alignment;
  if (f.locked !== undefined || f.formulaHidden !== undefined) {
    style.protection = { locked: f.locked ?? true, hidden: f.formulaHidden ?? false };
  }
  if (f.numberFormat) style.numFmt = f.numberFormat;
  return style;
}

// ---------- reading ----------

const STATES: Record<string, Visibility> = { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" };

function modelFromExcelJs(book: ExcelJS.Workbook): WorkbookModel {
  const workbook = createWorkbook();
  for (const ws of book.worksheets) workbook.sheets.push(readSheet(workbook, ws));
  const active = workbook.sheets[book.views?.[0]?.activeTab ?? 0] ?? workbook.sheets[0];
  workbook.activeSheet = active;
  const activeCell = book.worksheets[active ? workbook.sheets.indexOf(active) : 0]?.views?.[0]?.activeCell;
  const rect = parseAddress(activeCell ?? "A1")?.rect ?? { row: 0, col: 0, rows: 1, cols: 1 };
  workbook.selection = active ? { sheet: active, rect } : undefined;
  return workbook;
}

function readSheet(workbook: WorkbookModel, ws: ExcelJS.Worksheet): SheetModel {
  const sheet = createSheet(workbook, ws.name);
  sheet.visibility = STATES[ws.state] ?? "Visible";
  readColumns(sheet, ws);
  ws.eachRow({ includeEmpty: true }, (row, rowNumber) => readRow(sheet, row, rowNumber - 1));
  sheet.merges = (ws.model.merges ?? [])
    .map((m) => parseAddress(m)?.rect)
    .filter((r): r is Rect => r !== undefined);
  sheet.validations = readValidations(ws);
  readProtection(sheet, ws);
  return sheet;
}

function readColumns(sheet: SheetModel, ws: ExcelJS.Worksheet): void {
  for (let c = 1; c <= ws.columnCount; c++) {
    const column = ws.getColumn(c);
    if (column.width !== undefined) sheet.columnWidths.set(c - 1, charsToPoints(column.width));
    const format = formatFromStyle(column.style ?? {});
    if (Object.keys(format).length) sheet.columnFormats.set(c - 1, format);
  }
}

function readRow(sheet: SheetModel, row: ExcelJS.Row, r: number): void {
  if (row.height !== undefined && row.height !== null) sheet.rowHeights.set(r, row.height);
  const rowFormat = formatFromStyle((row as unknown as { style?: Partial<ExcelJS.Style> }).style ?? {});
  if (Object.keys(rowFormat).length) sheet.rowFormats.set(r, rowFormat);
  row.eachCell({ includeEmpty: true }, (cell, colNumber) => {
    const c = colNumber - 1;
    const own = ownFormat(sheet, r, c, formatFromStyle(cell.style ?? {}));
    const merged = cell.isMerged && cell.master.address !== cell.address; // exceljs repeats the master's value
    const value = merged ? undefined : readValue(cell.value);
    if (value === undefined && Object.keys(own).length === 0) return;
    const target = ensureCell(sheet, r, c);
    target.format = own;
    if (value) Object.assign(target, value);
  });
}

// A cell's style replaces its row's and column's, so keep every key where it differs from them.
function ownFormat(sheet: SheetModel, r: number, c: number, stated: CellFormat): CellFormat {
  const own: CellFormat = {};
  for (const key of Object.keys(DEFAULT_FORMAT) as FormatKey[]) {
    const value = stated[key] ?? DEFAULT_FORMAT[key];
    if (value !== effectiveFormat(sheet, r, c, key)) (own as Record<FormatKey, unknown>)[key] = value;
  }
  return own;
}

function readValue(
  value: ExcelJS.CellValue,
): { value: CellScalar; formula?: string; isError?: boolean } | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return { value };
  if (value instanceof Date) {
    const serial = dateSerial(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
    const time = (value.getUTCHours() * 3600 + value.getUTCMinutes() * 60 + value.getUTCSeconds()) / 86_400;
    return { value: serial + time };
  }
  if ("richText" in value) return { value: value.richText.map((run) => run.text).join("") };
  if ("error" in value) return { value: value.error, isError: true };
  if ("formula" in value || "sharedFormula" in value) {
    const formula = "formula" in value ? value.formula : value.sharedFormula;
    const result = readValue((value.result ?? { error: "#NAME?" }) as ExcelJS.CellValue);
    return {
      value: result?.value ?? "",
      formula: `=${formula}`,
      ...(result?.isError ? { isError: true } : {}),
    };
  }
  if ("text" in value) return { value: String(value.text) };
  return undefined;
}

// Present at runtime, missing from exceljs's typings.
interface DataValidations {
  model: Record<string, ExcelJS.DataValidation | undefined>;
  add(address: string, validation: ExcelJS.DataValidation): void;
}

function dataValidations(ws: ExcelJS.Worksheet): DataValidations {
  return (ws as unknown as { dataValidations: DataValidations }).dataValidations;
}

function readValidations(ws: ExcelJS.Worksheet): SheetModel["validations"] {
  // exceljs expands each <dataValidation> into one entry per cell, sharing one object.
  const model = dataValidations(ws).model;
  const groups = new Map<ExcelJS.DataValidation, Rect[]>();
  for (const [address, validation] of Object.entries(model)) {
    const rect = parseAddress(address)?.rect;
    if (!validation || validation.type !== "list" || !rect) continue;
    groups.set(validation, [...(groups.get(validation) ?? []), rect]);
  }
  return [...groups].flatMap(([validation, cells]) =>
    rectanglesOf(cells).map((rect) => ({
      rect,
      rule: { source: listSource(String(validation.formulae?.[0] ?? "")), inCellDropDown: true },
      ignoreBlanks: validation.allowBlank !== false,
      errorAlert: {
        showAlert: validation.showErrorMessage !== false,
        style: capitalize(validation.errorStyle ?? "stop"),
        title: validation.errorTitle ?? "",
        message: validation.error ?? "",
      },
      prompt: {
        showPrompt: Boolean(validation.showInputMessage),
        title: validation.promptTitle ?? "",
        message: validation.prompt ?? "",
      },
    })),
  );
}

// '"a,b,c"' is a typed list; anything else is a reference formula.
function listSource(formula: string): string {
  return /^".*"$/s.test(formula) ? formula.slice(1, -1).replace(/""/g, '"') : `=${formula.replace(/^=/, "")}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Single cells regrouped into rectangles: vertical runs per column, then side-by-side runs joined. */
function rectanglesOf(cells: Rect[]): Rect[] {
  const sorted = [...cells].sort((a, b) => a.col - b.col || a.row - b.row);
  const runs: Rect[] = [];
  for (const cell of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.col === cell.col && last.row + last.rows === cell.row) last.rows++;
    else runs.push({ ...cell });
  }
  const joined: Rect[] = [];
  for (const run of runs) {
    const left = joined.find((r) => r.row === run.row && r.rows === run.rows && r.col + r.cols === run.col);
    if (left) left.cols++;
    else joined.push(run);
  }
  return joined;
}

const PROTECTION_NAMES: Record<string, keyof ExcelJS.WorksheetProtection> = {
  allowFormatCells: "formatCells",
  allowFormatColumns: "formatColumns",
  allowFormatRows: "formatRows",
  allowInsertColumns: "insertColumns",
  allowInsertRows: "insertRows",
  allowInsertHyperlinks: "insertHyperlinks",
  allowDeleteColumns: "deleteColumns",
  allowDeleteRows: "deleteRows",
  allowSort: "sort",
  allowAutoFilter: "autoFilter",
  allowPivotTables: "pivotTables",
  allowEditObjects: "objects",
  allowEditScenarios: "scenarios",
};

function readProtection(sheet: SheetModel, ws: ExcelJS.Worksheet): void {
  const read = (ws as unknown as { sheetProtection?: Record<string, unknown> | null }).sheetProtection;
  if (!read?.sheet) return;
  const options: Record<string, boolean> = {};
  for (const [ours, theirs] of Object.entries(PROTECTION_NAMES)) {
    // objects/scenarios are stored inverted: absent means editable
    const allowed =
      theirs === "objects" || theirs === "scenarios" ? read[theirs] !== false : read[theirs] === true;
    if (allowed) options[ours] = true;
  }
  sheet.protection = { protected: true, options };
}

// ---------- writing ----------

const STATE_NAMES: Record<Visibility, ExcelJS.WorksheetState> = {
  Visible: "visible",
  Hidden: "hidden",
  VeryHidden: "veryHidden",
};

async function excelJsFromModel(workbook: WorkbookModel): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  for (const sheet of workbook.sheets) await writeSheet(book, workbook, sheet);
  const activeTab = workbook.activeSheet ? workbook.sheets.indexOf(workbook.activeSheet) : 0;
  book.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab, visibility: "visible" }];
  return book;
}

async function writeSheet(book: ExcelJS.Workbook, workbook: WorkbookModel, sheet: SheetModel): Promise<void> {
  const ws = book.addWorksheet(sheet.name, { state: STATE_NAMES[sheet.visibility] });
  if (workbook.selection?.sheet === sheet) {
    const { row, col } = workbook.selection.rect;
    ws.views = [{ state: "normal", activeCell: cellAddress(row, col) }];
  }
  for (const [col, width] of sheet.columnWidths) ws.getColumn(col + 1).width = pointsToChars(width);
  for (const [col, format] of sheet.columnFormats) applyStyle(ws.getColumn(col + 1), styleFromFormat(format));
  for (const [row, format] of sheet.rowFormats) applyStyle(ws.getRow(row + 1), styleFromFormat(format));
  for (const [row, height] of sheet.rowHeights) ws.getRow(row + 1).height = height;
  for (const [key, cell] of sheet.cells) {
    const row = keyRow(key);
    const col = keyCol(key);
    const target = ws.getCell(row + 1, col + 1);
    target.style = styleFromFormat(resolvedFormat(sheet, row, col));
    if (cell.formula)
      target.value = {
        formula: cell.formula.slice(1),
        result: cell.isError ? { error: cell.value } : cell.value,
      } as ExcelJS.CellValue;
    else if (cell.isError) target.value = { error: cell.value } as ExcelJS.CellValue;
    else if (cell.value !== undefined) target.value = cell.value;
  }
  for (const merge of sheet.merges) ws.mergeCells(cornerAddress(merge));
  for (const area of sheet.validations) dataValidations(ws).add(cornerAddress(area.rect), validationOf(area));
  if (sheet.protection.protected) await ws.protect(sheet.protection.password ?? "", protectionOf(sheet));
}

function resolvedFormat(sheet: SheetModel, row: number, col: number): CellFormat {
  const format: CellFormat = {};
  for (const key of Object.keys(DEFAULT_FORMAT) as FormatKey[]) {
    (format as Record<FormatKey, unknown>)[key] = effectiveFormat(sheet, row, col, key);
  }
  return format;
}

function applyStyle(target: ExcelJS.Row | ExcelJS.Column, style: Partial<ExcelJS.Style>): void {
  if (style.font) target.font = style.font;
  if (style.fill) target.fill = style.fill;
  if (style.alignment) target.alignment = style.alignment;
  if (style.protection) target.protection = style.protection;
  if (style.numFmt) target.numFmt = style.numFmt;
}

// exceljs wants corner cells, also for whole columns and rows.
function cornerAddress(rect: Rect): string {
  const first = cellAddress(rect.row, rect.col);
  const last = cellAddress(rect.row + rect.rows - 1, rect.col + rect.cols - 1);
  return first === last ? first : `${first}:${last}`;
}

function validationOf(area: SheetModel["validations"][number]): ExcelJS.DataValidation {
  const source = area.rule.source;
  return {
    type: "list",
    allowBlank: area.ignoreBlanks,
    formulae: [source.startsWith("=") ? source.slice(1) : `"${source.replace(/"/g, '""')}"`],
    showErrorMessage: area.errorAlert.showAlert,
    errorStyle: area.errorAlert.style.toLowerCase(),
    ...(area.errorAlert.title ? { errorTitle: area.errorAlert.title } : {}),
    ...(area.errorAlert.message ? { error: area.errorAlert.message } : {}),
    showInputMessage: area.prompt.showPrompt,
    ...(area.prompt.title ? { promptTitle: area.prompt.title } : {}),
    ...(area.prompt.message ? { prompt: area.prompt.message } : {}),
  };
}

function protectionOf(sheet: SheetModel): Partial<ExcelJS.WorksheetProtection> {
  const options: Partial<Record<keyof ExcelJS.WorksheetProtection, boolean>> = {};
  for (const [ours, theirs] of Object.entries(PROTECTION_NAMES))
    options[theirs] = sheet.protection.options[ours] === true;
  return options as Partial<ExcelJS.WorksheetProtection>;
}
