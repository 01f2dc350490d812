// The very-hidden `_keywork` sheet as a book of blocks, one per pulled (or validated) worksheet,
// side by side, BLOCK_WIDTH columns each:
//
//   row 0        keywork-sheet | <worksheet id> | <worksheet name> | highlights |        |
//   rows 1…      schema/metadata.ts's encodeMetadata rows (3 cols)  | mark key   | colour |
//
// Period, unit, server and per-序号 version + content hash (schema/metadata.ts) and our highlight marks.
// Never a token: workbooks get emailed. Pure: the add-in's Office.js side is addin/excel/metadata.ts;
// the server writes the same layout into a downloaded my-tasks workbook and reads it back on upload.
import { decodeMetadata, encodeMetadata, type DecodedMetadata, type SheetMetadata } from "./metadata.ts";
import { cellText } from "./text.ts";

/** A cell Keywork coloured, remembered by 序号 and column so only our own fills are ever cleared. */
export interface Mark {
  key: string;
  colour: string;
}

export const BLOCK_WIDTH = 6;
const BLOCK_TAG = "keywork-sheet";
const HIGHLIGHTS = "highlights";

export interface SheetRecord {
  sheetId: string;
  sheetName: string;
  /** Null for a sheet Keywork did not pull (validated only) or whose metadata is damaged. */
  metadata: SheetMetadata | null;
  /** Why the metadata could not be read, when a block has some but it is unusable. */
  damaged?: string;
  highlights: Mark[];
}

export interface MetadataBook {
  /** The `_keywork` sheet exists. */
  exists: boolean;
  /** Block slots by index; null for an empty slot. */
  blocks: (SheetRecord | null)[];
  /** Rows in use on the sheet (to clear a block before rewriting it). */
  rowCount: number;
}

export function decodeBook(grid: readonly (readonly unknown[])[] | null, exists: boolean): MetadataBook {
  if (!grid || grid.length === 0) return { exists, blocks: [], rowCount: 0 };
  const width = Math.max(0, ...grid.map((r) => r.length));
  const blocks: (SheetRecord | null)[] = [];
  for (let b = 0; b * BLOCK_WIDTH < width; b++) blocks.push(decodeBlock(grid, b * BLOCK_WIDTH));
  while (blocks.length > 0 && blocks[blocks.length - 1] === null) blocks.pop();
  return { exists, blocks, rowCount: grid.length };
}

function decodeBlock(grid: readonly (readonly unknown[])[], offset: number): SheetRecord | null {
  const at = (r: number, c: number) => cellText(grid[r]?.[offset + c]).trim();
  if (at(0, 0) !== BLOCK_TAG) return null;
  const record: SheetRecord = { sheetId: at(0, 1), sheetName: at(0, 2), metadata: null, highlights: [] };
  const metaRows = grid.slice(1).map((row) => [row[offset], row[offset + 1], row[offset + 2]]);
  if (cellText(metaRows[0]?.[0]).trim() !== "") {
    const decoded = decodeMetadata(metaRows);
    if (decoded.ok) record.metadata = decoded.metadata;
    else record.damaged = decoded.reason;
  }
  for (let r = 1; r < grid.length; r++) {
    const key = at(r, 3);
    if (key !== "") record.highlights.push({ key, colour: at(r, 4) });
  }
  return record;
}

/**
 * The metadata of `sheetName` from a `_keywork` sheet in either layout: the plain rows of
 * schema/metadata.ts from A1, or a book of blocks — the block naming this sheet, else the only block
 * there is (the sheet may have been renamed).
 */
export function metadataFor(grid: readonly (readonly unknown[])[], sheetName: string): DecodedMetadata {
  if (cellText(grid[0]?.[0]).trim() !== BLOCK_TAG) return decodeMetadata(grid);
  const records = decodeBook(grid, true).blocks.filter((b): b is SheetRecord => b !== null);
  const record =
    records.find((r) => r.sheetName === sheetName) ?? (records.length === 1 ? records[0] : undefined);
  if (!record) return { ok: false, reason: `no block for worksheet “${sheetName}”` };
  if (!record.metadata) return { ok: false, reason: record.damaged ?? "the block holds no metadata" };
  return { ok: true, metadata: record.metadata };
}

/** The block's cells, rectangular (rows × BLOCK_WIDTH), strings and numbers only. */
export function encodeRecord(record: SheetRecord): (string | number)[][] {
  const meta = record.metadata ? encodeMetadata(record.metadata) : [];
  const rows = Math.max(meta.length, record.highlights.length) + 1;
  const out: (string | number)[][] = [[BLOCK_TAG, record.sheetId, record.sheetName, HIGHLIGHTS, "", ""]];
  for (let r = 0; r < rows - 1; r++) {
    const m = meta[r] ?? ["", "", ""];
    const h = record.highlights[r];
    out.push([m[0] ?? "", m[1] ?? "", m[2] ?? "", h?.key ?? "", h?.colour ?? "", ""]);
  }
  return out;
}

/**
 * The record of a worksheet: by id, else by name when the recorded id belongs to no live sheet (ids
 * can change when a file moves between Excel hosts).
 */
export function findRecord(
  book: MetadataBook,
  sheet: { id: string; name: string },
  liveSheetIds?: ReadonlySet<string>,
): { index: number; record: SheetRecord } | null {
  let index = book.blocks.findIndex((b) => b !== null && b.sheetId === sheet.id);
  if (index === -1) {
    index = book.blocks.findIndex(
      (b) => b !== null && b.sheetName === sheet.name && !(liveSheetIds?.has(b.sheetId) ?? false),
    );
  }
  return index === -1 ? null : { index, record: book.blocks[index]! };
}

/**
 * Where a record goes: its own slot, else a slot that is empty or belongs to a sheet that no longer
 * exists, else a new slot at the end.
 */
export function slotFor(
  book: MetadataBook,
  record: { sheetId: string; sheetName: string },
  liveSheetIds: ReadonlySet<string>,
  taken: ReadonlySet<number> = new Set(),
): number {
  const own = findRecord(book, { id: record.sheetId, name: record.sheetName }, liveSheetIds);
  if (own && !taken.has(own.index)) return own.index;
  const free = book.blocks.findIndex((b, i) => !taken.has(i) && (b === null || !liveSheetIds.has(b.sheetId)));
  if (free !== -1) return free;
  let next = book.blocks.length;
  while (taken.has(next)) next++;
  return next;
}

/** One block to write: its first column on the metadata sheet and its cells (rows × BLOCK_WIDTH). */
export interface BlockWrite {
  column: number;
  cells: (string | number)[][];
}

/**
 * What writing these records does to the book, host aside: the block each goes to (slotFor, no two in
 * one slot), the cells to write there, and the book as it is afterwards. Each host then clears the old
 * rows of those columns and writes the cells with its own API.
 */
export function planRecordWrites(
  book: MetadataBook,
  records: readonly SheetRecord[],
  liveSheetIds: ReadonlySet<string>,
): { writes: BlockWrite[]; book: MetadataBook } {
  const blocks = [...book.blocks];
  const taken = new Set<number>();
  const writes: BlockWrite[] = [];
  let rowCount = book.rowCount;
  for (const record of records) {
    const slot = slotFor({ ...book, blocks }, record, liveSheetIds, taken);
    taken.add(slot);
    while (blocks.length <= slot) blocks.push(null);
    blocks[slot] = record;
    const cells = encodeRecord(record);
    writes.push({ column: slot * BLOCK_WIDTH, cells });
    rowCount = Math.max(rowCount, cells.length);
  }
  return { writes, book: { exists: true, blocks, rowCount } };
}
