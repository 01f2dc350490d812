// Snapshot ⇄ live model. Loading applies formats column → row → cell so Excel's precedence holds;
// dumping writes a cell key only where the cell differs from what it inherits.

import {
  cellAddress,
  columnLetters,
  formatRect,
  isEntireColumns,
  isEntireRows,
  keyCol,
  keyRow,
  parseAddress,
  qualifiedAddress,
  type Rect,
} from "./address.ts";
import { applyFormat } from "./formats.ts";
import {
  DEFAULT_COLUMN_WIDTH,
  DEFAULT_FORMAT,
  createSheet,
  createWorkbook,
  ensureCell,
  findSheet,
  newId,
  type CellFormat,
  type FormatKey,
  type SheetModel,
  type WorkbookModel,
} from "./model.ts";
import type { SheetSnapshot, WorkbookSnapshot } from "./snapshot.ts";
import { emptySheet, workbookSnapshot } from "./snapshot.ts";
import { listEntries } from "./validation.ts";

export function defaultSnapshot(): WorkbookSnapshot {
  return workbookSnapshot([emptySheet("Sheet1")]);
}

function rectOf(address: string, where: string): Rect {
  const parsed = parseAddress(address);
  if (!parsed) throw new Error(`snapshot: bad address ${JSON.stringify(address)} in ${where}`);
  return parsed.rect;
}

export function modelFromSnapshot(snapshot: WorkbookSnapshot): WorkbookModel {
  const workbook = createWorkbook();
  // Hand-written snapshots may leave out empty fields.
  const sheets = snapshot.sheets.map((s) => ({ ...emptySheet(s.name), ...s }));
  for (const sheetSnapshot of sheets) workbook.sheets.push(loadSheet(workbook, sheetSnapshot));
  sheets.forEach((s, i) => loadCharts(workbook, workbook.sheets[i] as SheetModel, s));
  const active =
    findSheet(workbook, snapshot.activeSheet) ?? workbook.sheets.find((s) => s.visibility === "Visible");
  workbook.activeSheet = active;
  const selectedSheet = findSheet(workbook, snapshot.selection?.sheet ?? "") ?? active;
  const selected = parseAddress(snapshot.selection?.address ?? "A1")?.rect ?? {
    row: 0,
    col: 0,
    rows: 1,
    cols: 1,
  };
  workbook.selection = selectedSheet ? { sheet: selectedSheet, rect: selected } : undefined;
  return workbook;
}

function loadSheet(workbook: WorkbookModel, s: SheetSnapshot): SheetModel {
  const sheet = createSheet(workbook, s.name);
  sheet.visibility = s.visibility ?? "Visible";
  s.cells.forEach((line, r) =>
    line.forEach((value, c) => {
      if (value !== null && value !== "") ensureCell(sheet, r, c).value = value;
    }),
  );
  for (const [address, formula] of Object.entries(s.formulas ?? {})) {
    const rect = rectOf(address, `${s.name}.formulas`);
    const cell = ensureCell(sheet, rect.row, rect.col);
    cell.formula = formula;
    cell.isError = typeof cell.value === "string" && cell.value.startsWith("#");
  }
  sheet.merges = s.merges.map((m) => rectOf(m, `${s.name}.merges`));
  loadFormats(sheet, s);
  s.columnWidths.forEach((width, col) => sheet.columnWidths.set(col, width));
  for (const [row, height] of Object.entries(s.rowHeights ?? {}))
    sheet.rowHeights.set(Number(row) - 1, height);
  sheet.validations = s.validations.map((v) => ({
    rect: rectOf(v.range, `${s.name}.validations`),
    rule: { source: v.source ?? v.list.join(","), inCellDropDown: true },
    ignoreBlanks: true,
    errorAlert: { showAlert: true, style: "Stop", title: "", message: "" },
    prompt: { showPrompt: false, title: "", message: "" },
  }));
  sheet.protection = {
    protected: s.protected,
    options: { ...s.protectionOptions },
    ...(s.protectionPassword ? { password: s.protectionPassword } : {}),
  };
  return sheet;
}

function loadFormats(sheet: SheetModel, s: SheetSnapshot): void {
  const patches = new Map<string, CellFormat>();
  const add = (key: string, patch: CellFormat) => patches.set(key, { ...patches.get(key), ...patch });
  for (const [key, color] of Object.entries(s.fills)) add(key, { fill: color === "" ? null : color });
  for (const [key, font] of Object.entries(s.fonts)) {
    add(key, {
      ...(font.bold !== undefined ? { bold: font.bold } : {}),
      ...(font.italic !== undefined ? { italic: font.italic } : {}),
      ...(font.color !== undefined ? { fontColor: font.color } : {}),
      ...(font.size !== undefined ? { fontSize: font.size } : {}),
      ...(font.name !== undefined ? { fontName: font.name } : {}),
    });
  }
  for (const key of s.wrap) add(key, { wrap: true });
  for (const [key, locked] of Object.entries(s.locked)) add(key, { locked });
  for (const [key, format] of Object.entries(s.numberFormats ?? {})) add(key, { numberFormat: format });
  for (const [key, a] of Object.entries(s.alignment ?? {})) {
    add(key, {
      ...(a.horizontal ? { hAlign: a.horizontal } : {}),
      ...(a.vertical ? { vAlign: a.vertical } : {}),
    });
  }
  const entries = [...patches].map(([key, patch]) => ({ rect: rectOf(key, `${s.name} formats`), patch }));
  const rank = (rect: Rect) => (isEntireColumns(rect) ? 0 : isEntireRows(rect) ? 1 : 2);
  entries.sort((a, b) => rank(a.rect) - rank(b.rect));
  for (const { rect, patch } of entries) applyFormat(sheet, rect, patch);
}

function loadCharts(workbook: WorkbookModel, sheet: SheetModel, s: SheetSnapshot): void {
  sheet.charts = s.charts.map((chart, i) => {
    const parsed = parseAddress(chart.sourceRange);
    const sourceSheet = parsed?.sheet === undefined ? sheet : findSheet(workbook, parsed.sheet);
    if (!parsed || !sourceSheet) throw new Error(`snapshot: bad chart source ${chart.sourceRange}`);
    return {
      id: newId(workbook),
      name: chart.name,
      type: chart.type,
      source: { sheet: sourceSheet, rect: parsed.rect },
      seriesBy: "Auto",
      ...(chart.title !== undefined ? { title: chart.title } : {}),
      titleVisible: chart.title !== undefined,
      top: 20 + 20 * i,
      left: 300,
      width: 360,
      height: 216,
    };
  });
}

export function snapshotFromModel(workbook: WorkbookModel): WorkbookSnapshot {
  const activeName = workbook.activeSheet?.name ?? workbook.sheets[0]?.name ?? "";
  return {
    sheets: workbook.sheets.map((sheet) => dumpSheet(workbook, sheet)),
    activeSheet: activeName,
    selection: {
      sheet: workbook.selection?.sheet.name ?? activeName,
      address: workbook.selection ? formatRect(workbook.selection.rect) : "A1",
    },
  };
}

function dumpSheet(workbook: WorkbookModel, sheet: SheetModel): SheetSnapshot {
  const formats = dumpFormats(sheet);
  const snapshot: SheetSnapshot = {
    ...emptySheet(sheet.name),
    visibility: sheet.visibility,
    cells: dumpCells(sheet),
    merges: sheet.merges.map(formatRect),
    ...formats.required,
    columnWidths: dumpColumnWidths(sheet),
    validations: sheet.validations.map((v) => ({
      range: formatRect(v.rect),
      list: listEntries(workbook, sheet, v.rule),
      ...(v.rule.source.startsWith("=") ? { source: v.rule.source } : {}),
    })),
    protected: sheet.protection.protected,
    charts: sheet.charts.map((chart) => ({
      name: chart.name,
      type: chart.type,
      sourceRange: qualifiedAddress(chart.source.sheet.name, chart.source.rect),
      ...(chart.title !== undefined ? { title: chart.title } : {}),
    })),
  };
  return { ...snapshot, ...formats.optional, ...dumpExtras(sheet) };
}

function dumpCells(sheet: SheetModel): SheetSnapshot["cells"] {
  const rows: SheetSnapshot["cells"] = [];
  for (const [key, cell] of sheet.cells) {
    if (cell.value === undefined) continue;
    const row = keyRow(key);
    const col = keyCol(key);
    while (rows.length <= row) rows.push([]);
    const line = rows[row] as SheetSnapshot["cells"][number];
    while (line.length <= col) line.push(null);
    line[col] = cell.value;
  }
  return rows;
}

function dumpColumnWidths(sheet: SheetModel): number[] {
  const last = Math.max(-1, ...sheet.columnWidths.keys());
  return Array.from({ length: last + 1 }, (_, col) => sheet.columnWidths.get(col) ?? DEFAULT_COLUMN_WIDTH);
}

function dumpExtras(sheet: SheetModel): Partial<SheetSnapshot> {
  const extras: Partial<SheetSnapshot> = {};
  if (sheet.rowHeights.size) {
    extras.rowHeights = Object.fromEntries(
      [...sheet.rowHeights].sort(([a], [b]) => a - b).map(([r, h]) => [String(r + 1), h]),
    );
  }
  const formulas = [...sheet.cells].filter(([, cell]) => cell.formula !== undefined);
  if (formulas.length) {
    extras.formulas = Object.fromEntries(
      formulas.map(([key, cell]) => [cellAddress(keyRow(key), keyCol(key)), cell.formula as string]),
    );
  }
  const options = Object.entries(sheet.protection.options).filter(([, v]) => typeof v === "boolean");
  if (options.length) extras.protectionOptions = Object.fromEntries(options) as Record<string, boolean>;
  if (sheet.protection.password) extras.protectionPassword = sheet.protection.password;
  return extras;
}

interface Level {
  key: string;
  format: CellFormat;
  inherited: (k: FormatKey) => unknown;
}

// Column keys, then row keys, then cell keys; each with what it would inherit without its own format.
function levels(sheet: SheetModel): Level[] {
  const byIndex = <T>(map: Map<number, T>) => [...map].sort(([a], [b]) => a - b);
  const columns = byIndex(sheet.columnFormats).map(([col, format]) => ({
    key: `${columnLetters(col)}:${columnLetters(col)}`,
    format,
    inherited: (k: FormatKey) => DEFAULT_FORMAT[k],
  }));
  const rows = byIndex(sheet.rowFormats).map(([row, format]) => ({
    key: `${row + 1}:${row + 1}`,
    format,
    inherited: (k: FormatKey) => DEFAULT_FORMAT[k],
  }));
  const cells = byIndex(sheet.cells).map(([key, cell]) => {
    const row = keyRow(key);
    const col = keyCol(key);
    return {
      key: cellAddress(row, col),
      format: cell.format,
      inherited: (k: FormatKey) =>
        sheet.rowFormats.get(row)?.[k] ?? sheet.columnFormats.get(col)?.[k] ?? DEFAULT_FORMAT[k],
    };
  });
  return [...columns, ...rows, ...cells];
}

function dumpFormats(sheet: SheetModel) {
  const required: Pick<SheetSnapshot, "fills" | "fonts" | "wrap" | "locked"> = {
    fills: {},
    fonts: {},
    wrap: [],
    locked: {},
  };
  const numberFormats: Record<string, string> = {};
  const alignment: NonNullable<SheetSnapshot["alignment"]> = {};
  for (const { key, format, inherited } of levels(sheet)) {
    const own = <K extends FormatKey>(k: K): CellFormat[K] | undefined =>
      format[k] !== undefined && format[k] !== inherited(k) ? format[k] : undefined;
    const fill = own("fill");
    if (fill !== undefined) required.fills[key] = fill ?? "";
    const font = {
      ...(own("bold") !== undefined ? { bold: own("bold") } : {}),
      ...(own("italic") !== undefined ? { italic: own("italic") } : {}),
      ...(own("fontColor") !== undefined ? { color: own("fontColor") } : {}),
      ...(own("fontSize") !== undefined ? { size: own("fontSize") } : {}),
      ...(own("fontName") !== undefined ? { name: own("fontName") } : {}),
    };
    if (Object.keys(font).length) required.fonts[key] = font;
    if (own("wrap") === true) required.wrap.push(key);
    const locked = own("locked");
    if (locked !== undefined) required.locked[key] = locked;
    const numberFormat = own("numberFormat");
    if (numberFormat !== undefined) numberFormats[key] = numberFormat;
    const horizontal = own("hAlign");
    const vertical = own("vAlign");
    if (horizontal || vertical) {
      alignment[key] = { ...(horizontal ? { horizontal } : {}), ...(vertical ? { vertical } : {}) };
    }
  }
  const optional: Partial<SheetSnapshot> = {};
  if (Object.keys(numberFormats).length) optional.numberFormats = numberFormats;
  if (Object.keys(alignment).length) optional.alignment = alignment;
  return { required, optional };
}
