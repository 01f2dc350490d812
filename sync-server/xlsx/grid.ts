// Reads a worksheet into a value grid as Excel's range.values would give it.
import ExcelJS from "exceljs";
import type { GridOrigin } from "../../schema/index.ts";

export interface SheetGrid {
  sheetName: string;
  grid: unknown[][];
  origin: GridOrigin;
}

export class UnreadableWorkbookError extends Error {}

/** Cell values of the first visible worksheet; merged areas keep their value in the first cell only. */
export async function readFirstSheetGrid(data: Buffer | ArrayBuffer | Uint8Array): Promise<SheetGrid> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(toArrayBuffer(data));
  } catch (error) {
    throw new UnreadableWorkbookError(`not a readable .xlsx workbook (${(error as Error).message})`);
  }
  const sheet = workbook.worksheets.find((s) => s.state === "visible") ?? workbook.worksheets[0];
  if (!sheet) throw new UnreadableWorkbookError("the workbook has no worksheet");
  return { sheetName: sheet.name, grid: sheetGrid(sheet), origin: { row: 0, column: 0 } };
}

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

function toArrayBuffer(data: Buffer | ArrayBuffer | Uint8Array): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}
