// Reads and writes the very-hidden `_keywork` sheet (layout in metadata-book.ts).
import { METADATA_SHEET, encodeMetadata, type SheetMetadata } from "../../schema/metadata.ts";
import { filled } from "./rects.ts";
import {
  BLOCK_WIDTH,
  decodeBook,
  planRecordWrites,
  type MetadataBook,
  type SheetRecord,
} from "../../schema/metadata-book.ts";

import type { WorkbookSheets } from "../host/host.ts";

export type { WorkbookSheets } from "../host/host.ts";

/** The proxies loadMetadata() queued; read them with readMetadata() after the next sync. */
export interface LoadedMetadata {
  sheets: Excel.WorksheetCollection;
  meta: Excel.Worksheet;
  used: Excel.Range;
}

/** Queues the reads of the sheet list and of the metadata sheet (absent is fine). */
export function loadMetadata(context: Excel.RequestContext): LoadedMetadata {
  const sheets = context.workbook.worksheets;
  sheets.load("items/id,items/name,items/visibility");
  const meta = sheets.getItemOrNullObject(METADATA_SHEET);
  const used = meta.getUsedRangeOrNullObject(true);
  used.load("values,rowIndex,columnIndex");
  return { sheets, meta, used };
}

/** After the sync that followed loadMetadata(): the sheet list and the book (empty when there is no `_keywork`). */
export function readMetadata(loaded: LoadedMetadata): WorkbookSheets {
  const { sheets, meta, used } = loaded;
  const exists = !meta.isNullObject;
  const grid =
    exists && !used.isNullObject
      ? fromOrigin(used.values as unknown[][], used.rowIndex, used.columnIndex)
      : null;
  return {
    sheets: sheets.items.map((s) => ({ id: s.id, name: s.name, visibility: s.visibility })),
    book: decodeBook(grid, exists),
  };
}

/**
 * Queues writing these records (one block write each) and returns the book as it will be.
 * Creates the sheet, very hidden, when the workbook has none yet.
 */
export function queueWriteRecords(
  context: Excel.RequestContext,
  book: MetadataBook,
  records: readonly SheetRecord[],
  liveSheetIds: ReadonlySet<string>,
): MetadataBook {
  if (records.length === 0) return book;
  let sheet: Excel.Worksheet;
  if (book.exists) {
    sheet = context.workbook.worksheets.getItem(METADATA_SHEET);
  } else {
    sheet = context.workbook.worksheets.add(METADATA_SHEET);
    sheet.visibility = "VeryHidden";
  }
  const planned = planRecordWrites(book, records, liveSheetIds);
  for (const { column, cells } of planned.writes) {
    if (book.exists && book.rowCount > 0)
      sheet.getRangeByIndexes(0, column, book.rowCount, BLOCK_WIDTH).clear("Contents");
    const range = sheet.getRangeByIndexes(0, column, cells.length, BLOCK_WIDTH);
    // Text, so a hash like "00012e45" is not read back as a number.
    range.numberFormat = filled(cells.length, BLOCK_WIDTH, "@");
    range.values = cells;
  }
  return planned.book;
}

/** The used range's values placed back at A1 (blank rows and columns in front restored). */
function fromOrigin(values: unknown[][], rowIndex: number, columnIndex: number): unknown[][] {
  if (rowIndex === 0 && columnIndex === 0) return values;
  const pad = new Array<unknown>(columnIndex).fill("");
  const rows: unknown[][] = Array.from({ length: rowIndex }, () => []);
  for (const row of values) rows.push([...pad, ...row]);
  return rows;
}

/**
 * Queues rewriting only the metadata part (period, unit, versions, hashes) of an existing block,
 * leaving its highlight marks as they are: after a submission, whatever 校验 recorded meanwhile stays.
 */
export function queueWriteMetadataOnly(
  context: Excel.RequestContext,
  slot: number,
  metadata: SheetMetadata,
  clearRows: number,
): void {
  const sheet = context.workbook.worksheets.getItem(METADATA_SHEET);
  const cells = encodeMetadata(metadata);
  const column = slot * BLOCK_WIDTH;
  if (clearRows > 1) sheet.getRangeByIndexes(1, column, clearRows - 1, 3).clear("Contents");
  const range = sheet.getRangeByIndexes(1, column, cells.length, 3);
  range.numberFormat = filled(cells.length, 3, "@");
  range.values = cells;
}
