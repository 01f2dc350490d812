// Reads a worksheet's used range as a value grid with its origin, for schema's parse().
// Two steps around the caller's context.sync(): load…() queues, read…() reads what was loaded.
import type { ActiveSheet } from "../host/host.ts";

export type { ActiveSheet } from "../host/host.ts";

/** The proxies whose properties are loaded; read them with readSheet() after the next sync. */
export interface LoadedSheet {
  /** The proxy, for queueing writes to the same sheet in a later batch of the same Excel.run. */
  worksheet: Excel.Worksheet;
  used: Excel.Range;
}

/** Queues the reads of the active worksheet. */
export function loadActiveSheet(context: Excel.RequestContext): LoadedSheet {
  return loadSheet(context.workbook.worksheets.getActiveWorksheet());
}

/** Queues the reads of a worksheet by id or name (fails at sync when it is gone). */
export function loadSheetByKey(context: Excel.RequestContext, key: string): LoadedSheet {
  return loadSheet(context.workbook.worksheets.getItem(key));
}

function loadSheet(worksheet: Excel.Worksheet): LoadedSheet {
  worksheet.load("id,name");
  worksheet.protection.load("protected,options");
  const used = worksheet.getUsedRangeOrNullObject(true);
  used.load("values,rowIndex,columnIndex");
  return { worksheet, used };
}

/** After the sync that followed load…(): the sheet as a grid. */
export function readSheet(loaded: LoadedSheet): ActiveSheet {
  const { worksheet, used } = loaded;
  const empty = used.isNullObject;
  return {
    id: worksheet.id,
    name: worksheet.name,
    grid: empty ? [] : (used.values as unknown[][]),
    origin: empty ? { row: 0, column: 0 } : { row: used.rowIndex, column: used.columnIndex },
    protection: {
      protected: worksheet.protection.protected,
      allowFormatCells: worksheet.protection.options.allowFormatCells === true,
    },
  };
}
