// The one .xlsx reader for everything the server or the CLI is handed (reporter uploads, plan imports,
// `keywork validate`, the unit and roster importers). It trusts nothing the file says: the zip is read
// by zip.ts with real byte counting, only the parts needed are inflated, XML is streamed (saxes), cells
// are counted as they are parsed, and a value beyond the row or column limit is refused naming its
// cell — the grid is sized by the cells that hold values, never by `<dimension>` or by an address.
// Synchronous and pure CPU: it runs inside a worker thread (read-in-worker.ts) under a memory cap and
// a time limit.
import { UploadRejectedError } from "./read-errors.ts";
import { readXml, relationshipId } from "./xml-events.ts";
import { notXlsx, readEntry, zipEntries, type UnpackBudget, type ZipEntry, type ZipLimits } from "./zip.ts";

export interface ReadLimits extends ZipLimits {
  /** Rows and columns a value may sit in (A1-based: row 5000 and column 30 = AD are the last allowed). */
  rows: number;
  columns: number;
  /** `<c>` elements parsed in one sheet, empty ones included. */
  cells: number;
  sharedStrings: number;
  merges: number;
}

const MB = 1024 * 1024;
export const READ_LIMITS: ReadLimits = {
  entries: 5000,
  entryBytes: 32 * MB,
  unpackedBytes: 64 * MB,
  rows: 5000,
  columns: 30,
  cells: 500_000,
  sharedStrings: 500_000,
  merges: 20_000,
};

/** What Excel's range.values would give: text, numbers, booleans, dates for date-formatted numbers. */
export type CellValue = string | number | boolean | Date | null;

export interface ReadSheet {
  name: string;
  grid: CellValue[][];
}

export interface ReadWorkbook {
  /** The first visible worksheet (never the `_keywork` metadata sheet). */
  sheet: ReadSheet;
  /** The `_keywork` sheet when asked for and present. */
  metadata: ReadSheet | null;
}

const EXCEL_MAX_ROWS = 1_048_576;
const EXCEL_MAX_COLUMNS = 16_384;

/** The hidden sheet's name (schema/metadata.ts METADATA_SHEET; not imported, to keep the worker light). */
export const HIDDEN_SHEET = "_keywork";

export function readWorkbook(
  data: Buffer,
  limits: ReadLimits = READ_LIMITS,
  options: { metadata?: boolean } = {},
): ReadWorkbook {
  const entries = zipEntries(data, limits);
  if (!entries.has("[Content_Types].xml"))
    throw notXlsx("a zip archive, but no Excel workbook inside", "是 zip 压缩包,但其中没有 Excel 工作簿");
  const budget: UnpackBudget = { remaining: limits.unpackedBytes };
  const part = (name: string): Buffer | null => {
    const entry: ZipEntry | undefined = entries.get(name);
    return entry ? readEntry(data, entry, limits, budget) : null;
  };

  const workbookPath = officeDocumentPath(part("_rels/.rels"));
  const workbookXml = part(workbookPath);
  if (!workbookXml)
    throw notXlsx("a zip archive, but no Excel workbook inside", "是 zip 压缩包,但其中没有 Excel 工作簿");
  const book = readWorkbookPart(workbookXml);
  const rels = readRelationships(part(relsPathOf(workbookPath)), dirOf(workbookPath));

  const sheets = book.sheets.filter((s) => s.name !== HIDDEN_SHEET);
  const chosen = sheets.find((s) => s.visible) ?? sheets[0];
  if (!chosen)
    throw new UploadRejectedError("not-xlsx", "工作簿中没有工作表 / the workbook has no worksheet");

  const sharedPath = rels.byType.get("sharedStrings");
  const shared = sharedPath ? readSharedStrings(part(sharedPath), limits) : [];
  const stylesPath = rels.byType.get("styles");
  const dateStyles = stylesPath ? readDateStyles(part(stylesPath)) : new Set<number>();
  const context: SheetContext = { shared, dateStyles, date1904: book.date1904, limits };

  const readSheet = (s: { name: string; rid: string }): ReadSheet => {
    const path = rels.byId.get(s.rid);
    const xml = path ? part(path) : null;
    if (!xml) throw notXlsx(`the worksheet “${s.name}” is missing`, `工作表“${s.name}”在文件中不存在`);
    return { name: s.name, grid: readSheetPart(s.name, xml, context) };
  };
  const hidden = options.metadata ? book.sheets.find((s) => s.name === HIDDEN_SHEET) : undefined;
  return { sheet: readSheet(chosen), metadata: hidden ? readSheet(hidden) : null };
}

// ---- package structure -------------------------------------------------------------------------

function officeDocumentPath(rels: Buffer | null): string {
  let target: string | undefined;
  if (rels) {
    readXml("_rels/.rels", rels, {
      open(name, a) {
        if (name === "Relationship" && a.Type?.endsWith("/officeDocument") && a.Target)
          target ??= resolvePath("", a.Target);
      },
    });
  }
  return target ?? "xl/workbook.xml";
}

interface BookSheet {
  name: string;
  rid: string;
  visible: boolean;
}

function readWorkbookPart(xml: Buffer): { sheets: BookSheet[]; date1904: boolean } {
  const sheets: BookSheet[] = [];
  let date1904 = false;
  readXml("xl/workbook.xml", xml, {
    open(name, a) {
      if (name === "workbookPr") date1904 = a.date1904 === "1" || a.date1904 === "true";
      if (name === "sheet" && sheets.length < 1000) {
        sheets.push({
          name: a.name ?? "",
          rid: relationshipId(a) ?? "",
          visible: a.state === undefined || a.state === "visible",
        });
      }
    },
  });
  return { sheets, date1904 };
}

function readRelationships(
  xml: Buffer | null,
  base: string,
): { byId: Map<string, string>; byType: Map<string, string> } {
  const byId = new Map<string, string>();
  const byType = new Map<string, string>();
  if (xml) {
    readXml("xl/_rels/workbook.xml.rels", xml, {
      open(name, a) {
        if (name !== "Relationship" || !a.Id || !a.Target || a.TargetMode === "External") return;
        const path = resolvePath(base, a.Target);
        byId.set(a.Id, path);
        const type = a.Type?.slice(a.Type.lastIndexOf("/") + 1);
        if (type && !byType.has(type)) byType.set(type, path);
      },
    });
  }
  return { byId, byType };
}

const dirOf = (path: string) => path.slice(0, path.lastIndexOf("/") + 1);
const relsPathOf = (path: string) => `${dirOf(path)}_rels/${path.slice(path.lastIndexOf("/") + 1)}.rels`;

function resolvePath(base: string, target: string): string {
  const parts = (target.startsWith("/") ? target.slice(1) : base + target).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "..") out.pop();
    else if (p !== "." && p !== "") out.push(p);
  }
  return out.join("/");
}

// ---- shared strings and styles ----------------------------------------------------------------

/** Text of each `<si>`: its `<t>` runs, without phonetic guides (`<rPh>`). */
function readSharedStrings(xml: Buffer | null, limits: ReadLimits): string[] {
  const strings: string[] = [];
  if (!xml) return strings;
  let current: string[] | null = null;
  let inText = false;
  let phonetic = 0;
  readXml("xl/sharedStrings.xml", xml, {
    open(name) {
      if (name === "si") {
        if (strings.length >= limits.sharedStrings)
          throw new UploadRejectedError(
            "too-many-cells",
            `共享字符串超过上限 ${limits.sharedStrings} 个 / the workbook has more than ${limits.sharedStrings} shared strings`,
          );
        current = [];
      } else if (name === "rPh") phonetic++;
      else if (name === "t" && phonetic === 0) inText = true;
    },
    close(name) {
      if (name === "si" && current) {
        strings.push(current.join(""));
        current = null;
      } else if (name === "rPh") phonetic--;
      else if (name === "t") inText = false;
    },
    text(text) {
      if (inText && current) current.push(text);
    },
  });
  return strings;
}

// Built-in number formats that show dates or times (ECMA-376 18.8.30, with the CJK ones 27–36, 50–58).
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** A custom format shows a date when, outside quotes, escapes and [colour] brackets, it has d m y h s. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/gu, "")
    .replace(/\\./gu, "")
    .replace(/\[(?!h\]|m\]|s\])[^\]]*\]/giu, "")
    .replace(/General/giu, "");
  return /[dmyhs]/iu.test(bare);
}

/** Indexes into cellXfs whose number format is a date. */
function readDateStyles(xml: Buffer | null): Set<number> {
  const dates = new Set<number>();
  if (!xml) return dates;
  const custom = new Map<number, boolean>();
  let inCellXfs = false;
  let index = 0;
  readXml("xl/styles.xml", xml, {
    open(name, a) {
      if (name === "numFmt" && a.numFmtId !== undefined)
        custom.set(Number(a.numFmtId), isDateFormat(a.formatCode ?? ""));
      else if (name === "cellXfs") inCellXfs = true;
      else if (name === "xf" && inCellXfs) {
        const id = Number(a.numFmtId ?? 0);
        if (custom.get(id) ?? BUILTIN_DATE_FORMATS.has(id)) dates.add(index);
        index++;
      }
    },
    close(name) {
      if (name === "cellXfs") inCellXfs = false;
    },
  });
  return dates;
}

// ---- worksheets ---------------------------------------------------------------------------------

interface SheetContext {
  shared: readonly string[];
  dateStyles: ReadonlySet<number>;
  date1904: boolean;
  limits: ReadLimits;
}

/** "AD12" → { row: 11, column: 29 } (0-based); null when it is no cell address. */
export function parseAddress(ref: string): { row: number; column: number } | null {
  const match = /^\$?([A-Z]{1,3})\$?([0-9]{1,7})$/u.exec(ref);
  if (!match) return null;
  let column = 0;
  for (const ch of match[1]!) column = column * 26 + (ch.charCodeAt(0) - 64);
  const row = Number(match[2]);
  if (row < 1 || row > EXCEL_MAX_ROWS || column > EXCEL_MAX_COLUMNS) return null;
  return { row: row - 1, column: column - 1 };
}

function columnName(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function readSheetPart(sheetName: string, xml: Buffer, ctx: SheetContext): CellValue[][] {
  const sheet = new SheetReader(sheetName, ctx);
  readXml(`the worksheet “${sheetName}”`, xml, {
    open: (name, a) => sheet.open(name, a),
    close: (name) => sheet.close(name),
    text: (text) => sheet.text(text),
  });
  return sheet.grid();
}

/** One worksheet's cells as they stream by, counted and bounded by the limits as they come. */
class SheetReader {
  private readonly rows: CellValue[][] = [];
  private height = 0;
  private width = 0;
  private cells = 0;
  private readonly merges: string[] = [];
  private rowIndex = -1;
  private columnIndex = -1;
  // The cell being read.
  private cell: { row: number; column: number; type: string; style: number } | null = null;
  private valueText: string[] = [];
  private inValue = false;
  private inInline = false;
  private inText = false;
  private phonetic = 0;

  constructor(
    private readonly sheetName: string,
    private readonly ctx: SheetContext,
  ) {}

  open(name: string, a: Record<string, string>): void {
    switch (name) {
      case "row":
        return this.openRow(a);
      case "c":
        return this.openCell(a);
      case "v":
        this.inValue = this.cell !== null;
        return;
      case "is":
        this.inInline = this.cell !== null;
        return;
      case "rPh":
        this.phonetic++;
        return;
      case "t":
        this.inText = this.inInline && this.phonetic === 0;
        return;
      case "mergeCell": {
        const { merges } = this.ctx.limits;
        if (this.merges.length >= merges)
          throw new UploadRejectedError(
            "too-large",
            `合并单元格超过上限 ${merges} 个 / more than ${merges} merged areas`,
          );
        if (a.ref) this.merges.push(a.ref);
        return;
      }
    }
  }

  close(name: string): void {
    switch (name) {
      case "v":
        this.inValue = false;
        return;
      case "is":
        this.inInline = false;
        return;
      case "rPh":
        this.phonetic--;
        return;
      case "t":
        this.inText = false;
        return;
      case "c":
        return this.closeCell();
    }
  }

  text(text: string): void {
    if (this.inValue || this.inText) this.valueText.push(text);
  }

  private openRow(a: Record<string, string>): void {
    const r = a.r === undefined ? this.rowIndex + 1 : Number(a.r) - 1;
    if (!Number.isInteger(r) || r < 0 || r >= EXCEL_MAX_ROWS)
      throw notXlsx(`a row number ${a.r} is not valid`, `行号 ${a.r} 无效`);
    this.rowIndex = r;
    this.columnIndex = -1;
  }

  private openCell(a: Record<string, string>): void {
    const { sheetName } = this;
    const { limits } = this.ctx;
    this.cells++;
    if (this.cells > limits.cells)
      throw new UploadRejectedError(
        "too-many-cells",
        `工作表“${sheetName}”的单元格超过上限 ${limits.cells} 个 / the worksheet “${sheetName}” has more than ${limits.cells} cells`,
      );
    let position: { row: number; column: number } | null;
    if (a.r === undefined) position = { row: Math.max(this.rowIndex, 0), column: this.columnIndex + 1 };
    else {
      position = parseAddress(a.r);
      if (!position) throw notXlsx(`the cell address ${a.r} is not valid`, `单元格地址 ${a.r} 无效`);
    }
    this.rowIndex = position.row;
    this.columnIndex = position.column;
    this.cell = { ...position, type: a.t ?? "n", style: Number(a.s ?? 0) };
    this.valueText = [];
  }

  private closeCell(): void {
    const at = this.cell;
    if (!at) return;
    const value = cellValue(at.type, at.style, this.valueText.join(""), this.ctx);
    this.cell = null;
    if (value === null) return;
    const { sheetName } = this;
    const { limits } = this.ctx;
    if (at.row >= limits.rows)
      throw new UploadRejectedError(
        "too-many-rows",
        `单元格 ${columnName(at.column)}${at.row + 1} 超出行数上限 ${limits.rows} 行(工作表“${sheetName}”) / cell ${columnName(at.column)}${at.row + 1} is beyond the limit of ${limits.rows} rows (worksheet “${sheetName}”)`,
      );
    if (at.column >= limits.columns)
      throw new UploadRejectedError(
        "too-many-columns",
        `单元格 ${columnName(at.column)}${at.row + 1} 超出列数上限 ${limits.columns} 列(${columnName(limits.columns - 1)} 列)(工作表“${sheetName}”) / cell ${columnName(at.column)}${at.row + 1} is beyond the limit of ${limits.columns} columns (${columnName(limits.columns - 1)}) (worksheet “${sheetName}”)`,
      );
    (this.rows[at.row] ??= [])[at.column] = value;
    this.height = Math.max(this.height, at.row + 1);
    this.width = Math.max(this.width, at.column + 1);
  }

  /** Dense now, within the limits: height ≤ rows, width ≤ columns. */
  grid(): CellValue[][] {
    const { height, width } = this;
    const grid: CellValue[][] = [];
    for (let r = 0; r < height; r++) {
      const source = this.rows[r];
      const row: CellValue[] = new Array<CellValue>(width);
      for (let c = 0; c < width; c++) row[c] = source?.[c] ?? null;
      grid.push(row);
    }
    clearMergedCells(grid, this.merges, width);
    return grid;
  }
}

function cellValue(type: string, style: number, text: string, ctx: SheetContext): CellValue {
  switch (type) {
    case "s": {
      const i = Number(text);
      return Number.isInteger(i) && i >= 0 && i < ctx.shared.length ? emptyToNull(ctx.shared[i]!) : null;
    }
    case "inlineStr":
    case "str":
      return emptyToNull(text);
    case "b":
      return text === "" ? null : text === "1" || text === "true";
    case "e":
      return emptyToNull(text);
    case "d": {
      const date = new Date(text);
      return Number.isNaN(date.getTime()) ? emptyToNull(text) : date;
    }
    default: {
      if (text.trim() === "") return null;
      const n = Number(text);
      if (!Number.isFinite(n)) return null;
      if (ctx.dateStyles.has(style)) return excelDate(n, ctx.date1904);
      return n;
    }
  }
}

const emptyToNull = (text: string): string | null => (text === "" ? null : text);

/** An Excel serial day number as a UTC date (the 1900 or the 1904 system). */
function excelDate(serial: number, date1904: boolean): Date {
  const days = date1904 ? serial + 1462 : serial;
  return new Date(Math.round((days - 25569) * 86_400_000));
}

/**
 * Excel shows a merged area's value once, in its first cell; values a program left in the other cells
 * are not seen. Each area is clamped to the grid, and since merged areas do not overlap the work is at
 * most the grid's size (overlapping areas beyond that are refused as damaged).
 */
function clearMergedCells(grid: CellValue[][], merges: readonly string[], width: number): void {
  let work = 0;
  const budget = Math.max(grid.length * width, 1) * 2 + merges.length;
  for (const ref of merges) {
    const [from, to] = ref.split(":");
    const a = from ? parseAddress(from) : null;
    const b = to ? parseAddress(to) : a;
    if (!a || !b) continue;
    const lastRow = Math.min(b.row, grid.length - 1);
    const lastColumn = Math.min(b.column, width - 1);
    for (let r = a.row; r <= lastRow; r++) {
      for (let c = a.column; c <= lastColumn; c++) {
        if (++work > budget) throw notXlsx("merged areas overlap", "合并单元格相互重叠");
        if (r !== a.row || c !== a.column) grid[r]![c] = null;
      }
    }
    work++;
  }
}
