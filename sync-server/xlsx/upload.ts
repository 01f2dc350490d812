// An uploaded .xlsx, checked by content: a zip archive (by its bytes, not its name) whose directory
// holds a workbook, then read by the one hardened reader (read-xlsx.ts in a worker thread) with real
// unpacked bytes, entries, cells, rows and columns bounded. Read once: the first visible sheet as a value
// grid (as Excel's range.values gives it) and the hidden `_keywork` metadata sheet, when there is one.
import { cellText, type DecodedMetadata } from "../../schema/index.ts";
import { metadataFor } from "../../schema/metadata-book.ts";
import { UnreadableWorkbookError, UploadRejectedError } from "./read-errors.ts";
import { readWorkbookInWorker } from "./read-in-worker.ts";
import { READ_LIMITS, type ReadLimits } from "./read-xlsx.ts";
import { notXlsx, zipEntries } from "./zip.ts";

export { ZIP_MAGIC } from "./zip.ts";
export { UnreadableWorkbookError, UploadRejectedError };
export const UPLOAD_LIMITS: ReadLimits = READ_LIMITS;

export type PlainCell = string | number | null;

export interface UploadedWorkbook {
  sheetName: string;
  grid: PlainCell[][];
  /** Null when the workbook has no `_keywork` sheet (rebuilt by hand, or a program that dropped it). */
  metadata: DecodedMetadata | null;
}

/**
 * A quick look at the zip's directory on the request thread, before a worker is started: refuses what
 * is no zip, no workbook, too many entries, or claims (honestly) to unpack beyond the limit. The claims
 * are not trusted beyond that: the reader counts the real bytes.
 */
export function checkXlsxContainer(data: Buffer, limits: ReadLimits = UPLOAD_LIMITS): void {
  const entries = zipEntries(data, limits);
  let claimed = 0;
  for (const entry of entries.values()) claimed += entry.claimedSize;
  if (claimed > limits.unpackedBytes) {
    throw new UploadRejectedError(
      "too-large",
      `工作簿声明解压后为 ${Math.round(claimed / 1048576)} MB,超过上限 ${Math.round(limits.unpackedBytes / 1048576)} MB / the workbook unpacks to ${Math.round(claimed / 1048576)} MB, over the limit of ${Math.round(limits.unpackedBytes / 1048576)} MB`,
    );
  }
  if (!entries.has("[Content_Types].xml") || !entries.has("xl/workbook.xml"))
    throw notXlsx("a zip archive, but no Excel workbook inside", "是 zip 压缩包,但其中没有 Excel 工作簿");
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
export function plainGrid(
  grid: readonly (readonly unknown[])[],
  limits: Partial<ReadLimits> & { rows: number; columns: number } = UPLOAD_LIMITS,
): PlainCell[][] {
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
      `表格有 ${last + 1} 行,超过上限 ${limits.rows} 行 / the sheet has ${last + 1} rows, over the limit of ${limits.rows}`,
    );
  }
  for (let r = 0; r <= last; r++) out.push(rows[r]!);
  return out;
}

export async function readUploadedWorkbook(
  data: Buffer,
  limits: ReadLimits = UPLOAD_LIMITS,
): Promise<UploadedWorkbook> {
  checkXlsxContainer(data, limits);
  const { sheet, metadata } = await readWorkbookInWorker(data, { metadata: true, limits });
  return {
    sheetName: sheet.name,
    grid: plainGrid(sheet.grid, limits),
    metadata: metadata ? metadataFor(metadata.grid, sheet.name) : null,
  };
}
