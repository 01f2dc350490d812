// An uploaded .xlsx, checked by content before exceljs opens it: a zip archive (by its bytes, not its
// name) whose directory holds a workbook, bounded in entries and in unpacked size (no zip bombs).
// Read once: the first visible sheet as a value grid (as Excel's range.values gives it) and the hidden
// `_keywork` metadata sheet, when there is one.
import ExcelJS from "exceljs";
import { METADATA_SHEET, cellText, type DecodedMetadata } from "../../schema/index.ts";
import { metadataFor } from "../../schema/metadata-book.ts";
import { UnreadableWorkbookError, sheetGrid } from "./grid.ts";

export const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
export const UPLOAD_LIMITS = {
  /** Sum of the entries' unpacked sizes. */
  unpackedBytes: 64 * 1024 * 1024,
  entries: 5000,
  rows: 5000,
  columns: 30,
};

export type PlainCell = string | number | null;

export interface UploadedWorkbook {
  sheetName: string;
  grid: PlainCell[][];
  /** Null when the workbook has no `_keywork` sheet (rebuilt by hand, or a program that dropped it). */
  metadata: DecodedMetadata | null;
}

export class UploadRejectedError extends Error {
  constructor(
    readonly code: "not-xlsx" | "too-large" | "too-many-rows",
    message: string,
  ) {
    super(message);
  }
}

/** Throws UploadRejectedError unless `data` looks like an .xlsx package within the limits. */
export function checkXlsxContainer(data: Buffer, limits = UPLOAD_LIMITS): void {
  const notXlsx = (why: string) =>
    new UploadRejectedError(
      "not-xlsx",
      `上传的文件不是 .xlsx 工作簿(${why}) / the upload is not an .xlsx workbook (${why})`,
    );
  if (data.length < 22 || !data.subarray(0, 4).equals(ZIP_MAGIC)) throw notXlsx("not a zip archive");
  // End of central directory: 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notXlsx("damaged zip: no central directory");
  const entries = data.readUInt16LE(eocd + 10);
  const directorySize = data.readUInt32LE(eocd + 12);
  const directoryOffset = data.readUInt32LE(eocd + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff)
    throw new UploadRejectedError("too-large", "文件过大 / zip64 archives are not accepted");
  if (entries > limits.entries)
    throw new UploadRejectedError(
      "too-large",
      `too many entries in the archive (${entries}) / 压缩包条目过多`,
    );
  if (directoryOffset + directorySize > eocd) throw notXlsx("damaged zip: bad central directory");

  let unpacked = 0;
  const names = new Set<string>();
  let p = directoryOffset;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > eocd || data.readUInt32LE(p) !== 0x02014b50)
      throw notXlsx("damaged zip: bad directory entry");
    const size = data.readUInt32LE(p + 24);
    const nameLength = data.readUInt16LE(p + 28);
    const extraLength = data.readUInt16LE(p + 30);
    const commentLength = data.readUInt16LE(p + 32);
    if (size === 0xffffffff) throw new UploadRejectedError("too-large", "文件过大 / an entry is over 4 GB");
    unpacked += size;
    names.add(data.toString("utf8", p + 46, p + 46 + nameLength));
    p += 46 + nameLength + extraLength + commentLength;
  }
  if (unpacked > limits.unpackedBytes) {
    throw new UploadRejectedError(
      "too-large",
      `the workbook unpacks to ${Math.round(unpacked / 1048576)} MB, over the limit / 工作簿解压后过大`,
    );
  }
  if (!names.has("[Content_Types].xml") || !names.has("xl/workbook.xml"))
    throw notXlsx("a zip archive, but no Excel workbook inside");
}

/** One cell as JSON-friendly data: numbers stay numbers, everything else becomes its text. */
export function plainCell(value: unknown): PlainCell {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object" && "error" in value) return String((value as { error: unknown }).error);
  if (typeof value === "object" && "result" in value) {
    const result = (value as { result: unknown }).result;
    return result === undefined ? null : plainCell(result);
  }
  const text = cellText(value);
  return text === "" ? null : text;
}

/** Trailing empty cells and rows dropped; rows and columns bounded. */
export function plainGrid(grid: readonly (readonly unknown[])[], limits = UPLOAD_LIMITS): PlainCell[][] {
  let last = grid.length - 1;
  const out: PlainCell[][] = [];
  const rows = grid.map((cells) => {
    const row = cells.slice(0, limits.columns).map(plainCell);
    while (row.length > 0 && (row[row.length - 1] === null || row[row.length - 1] === "")) row.pop();
    return row;
  });
  while (last >= 0 && rows[last]!.length === 0) last--;
  if (last + 1 > limits.rows) {
    throw new UploadRejectedError(
      "too-many-rows",
      `the sheet has ${last + 1} rows, over the limit of ${limits.rows} / 表格行数超过上限 ${limits.rows}`,
    );
  }
  for (let r = 0; r <= last; r++) out.push(rows[r]!);
  return out;
}

export async function readUploadedWorkbook(data: Buffer, limits = UPLOAD_LIMITS): Promise<UploadedWorkbook> {
  checkXlsxContainer(data, limits);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(
      data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
    );
  } catch (error) {
    throw new UnreadableWorkbookError(`not a readable .xlsx workbook (${(error as Error).message})`);
  }
  // The same choice as readFirstSheetGrid: the first visible sheet (never the metadata sheet, even if
  // someone made it visible).
  const sheets = workbook.worksheets.filter((s) => s.name !== METADATA_SHEET);
  const sheet = sheets.find((s) => s.state === "visible") ?? sheets[0];
  if (!sheet) throw new UnreadableWorkbookError("工作簿中没有工作表 / the workbook has no worksheet");
  const hidden = workbook.getWorksheet(METADATA_SHEET);
  return {
    sheetName: sheet.name,
    grid: plainGrid(sheetGrid(sheet), limits),
    metadata: hidden ? metadataFor(sheetGrid(hidden), sheet.name) : null,
  };
}
