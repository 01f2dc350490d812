// The very-hidden `_keywork` sheet in WPS (layout in schema/metadata-book.ts), and the sheet list.
// WPS has no worksheet ids: a sheet's id is its name.
import { METADATA_SHEET, encodeMetadata, type SheetMetadata } from "../../schema/metadata.ts";
import {
  BLOCK_WIDTH,
  decodeBook,
  planRecordWrites,
  type MetadataBook,
  type SheetRecord,
} from "../../schema/metadata-book.ts";
import type { SheetInfo, WorkbookSheets } from "../host/host.ts";
import { trimEmpty } from "./grid.ts";
import { rangeAt, valuesOf } from "./range.ts";
import { xl, type WpsWorkbook, type WpsWorksheet } from "./wps-api.ts";

const VISIBILITY: Record<number, string> = {
  [xl.sheetVisible]: "Visible",
  [xl.sheetHidden]: "Hidden",
  [xl.sheetVeryHidden]: "VeryHidden",
};

export function sheetList(book: WpsWorkbook): SheetInfo[] {
  const out: SheetInfo[] = [];
  for (let i = 1; i <= book.Worksheets.Count; i++) {
    const sheet = book.Worksheets.Item(i);
    out.push({ id: sheet.Name, name: sheet.Name, visibility: VISIBILITY[sheet.Visible] ?? "Visible" });
  }
  return out;
}

export function readWpsMetadata(book: WpsWorkbook): WorkbookSheets {
  const sheets = sheetList(book);
  const found = sheets.find((s) => s.name.toLowerCase() === METADATA_SHEET.toLowerCase());
  if (!found) return { sheets, book: decodeBook(null, false) };
  const used = book.Worksheets.Item(found.name).UsedRange;
  const { grid, origin } = trimEmpty(valuesOf(used), used.Row - 1, used.Column - 1);
  return { sheets, book: decodeBook(grid.length === 0 ? null : fromOrigin(grid, origin), true) };
}

/** The values placed back at A1 (blank rows and columns in front restored). */
function fromOrigin(values: unknown[][], origin: { row: number; column: number }): unknown[][] {
  const pad = new Array<unknown>(origin.column).fill("");
  const rows: unknown[][] = Array.from({ length: origin.row }, () => []);
  for (const row of values) rows.push([...pad, ...row]);
  return rows;
}

/** A sheet added after the last one. WPS activates a new sheet: the caller re-activates what it wants. */
export function addSheetAtEnd(book: WpsWorkbook, name: string): WpsWorksheet {
  const sheets = book.Worksheets;
  const sheet = sheets.Add(null, sheets.Item(sheets.Count));
  sheet.Name = name;
  return sheet;
}

/** Writes these records (one block each) and returns the book as it now is. */
export function writeWpsRecords(
  workbook: WpsWorkbook,
  book: MetadataBook,
  records: readonly SheetRecord[],
  liveSheetIds: ReadonlySet<string>,
): MetadataBook {
  if (records.length === 0) return book;
  const sheet = book.exists ? workbook.Worksheets.Item(METADATA_SHEET) : createMetadataSheet(workbook);
  const planned = planRecordWrites(book, records, liveSheetIds);
  for (const { column, cells } of planned.writes) {
    if (book.exists && book.rowCount > 0)
      rangeAt(sheet, 0, column, book.rowCount, BLOCK_WIDTH).ClearContents();
    writeText(sheet, 0, column, cells, BLOCK_WIDTH);
  }
  return planned.book;
}

/** Rewrites only the metadata part of a block (its highlight marks stay). */
export function writeWpsMetadataOnly(
  workbook: WpsWorkbook,
  slot: number,
  metadata: SheetMetadata,
  clearRows: number,
): void {
  const sheet = workbook.Worksheets.Item(METADATA_SHEET);
  const cells = encodeMetadata(metadata);
  const column = slot * BLOCK_WIDTH;
  if (clearRows > 1) rangeAt(sheet, 1, column, clearRows - 1, 3).ClearContents();
  writeText(sheet, 1, column, cells, 3);
}

/** Text format first, so a hash like "00012e45" is not read back as a number. */
function writeText(
  sheet: WpsWorksheet,
  row: number,
  column: number,
  cells: unknown[][],
  width: number,
): void {
  const range = rangeAt(sheet, row, column, cells.length, width);
  range.NumberFormat = "@";
  range.Value2 = cells.map((r) => {
    const out = r.slice(0, width);
    while (out.length < width) out.push("");
    return out;
  });
}

/** The `_keywork` sheet, very hidden; the sheet active before stays active. */
function createMetadataSheet(workbook: WpsWorkbook): WpsWorksheet {
  const active = workbook.ActiveSheet;
  const sheet = addSheetAtEnd(workbook, METADATA_SHEET);
  sheet.Visible = xl.sheetVeryHidden;
  active.Activate();
  return sheet;
}
