// Reads a worksheet into a value grid as Excel's range.values would give it, through the one hardened
// reader (read-xlsx.ts, in a worker thread: read-in-worker.ts). Every importer that takes an .xlsx
// (plans, `keywork validate`, units, rosters) calls this and gets the same limits for free.
import type ExcelJS from "exceljs";
import type { GridOrigin } from "../../schema/index.ts";
import { UnreadableWorkbookError, UploadRejectedError } from "./read-errors.ts";
import { readWorkbookInWorker } from "./read-in-worker.ts";

export { UnreadableWorkbookError, UploadRejectedError };

export interface SheetGrid {
  sheetName: string;
  grid: unknown[][];
  origin: GridOrigin;
}

/**
 * Cell values of the first visible worksheet; merged areas keep their value in the first cell only.
 * Throws UnreadableWorkbookError (its subclass UploadRejectedError, with a 413/422 `status`, when a
 * limit is passed: unpacked bytes, entries, cells, rows, columns, memory, time).
 */
export async function readFirstSheetGrid(data: Buffer | ArrayBuffer | Uint8Array): Promise<SheetGrid> {
  const { sheet } = await readWorkbookInWorker(data);
  return { sheetName: sheet.name, grid: sheet.grid, origin: { row: 0, column: 0 } };
}

/**
 * The value grid of a worksheet the server built itself in memory (exceljs), for tests of the writers.
 * Never for a file from outside: those go through readFirstSheetGrid.
 */
export function sheetGrid(sheet: ExcelJS.Worksheet): unknown[][] {
  const grid: unknown[][] = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values: unknown[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      // exceljs repeats a merge's value in every cell; Excel (and the codec's tests) see it once.
      values.push(cell.isMerged && cell.master.address !== cell.address ? null : cell.value);
    }
    grid[rowNumber - 1] = values;
  });
  for (let r = 0; r < grid.length; r++) grid[r] ??= [];
  return grid;
}
