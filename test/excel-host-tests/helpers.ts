// Shared setup: a fresh host installed on globalThis, so tests call Excel/Office as the add-in does.

import { installExcelHost, type ExcelHost, type ExcelHostOptions } from "../excel-host/host.ts";
import {
  emptySheet,
  workbookSnapshot,
  type SheetSnapshot,
  type WorkbookSnapshot,
} from "../excel-host/snapshot.ts";

export function install(snapshot?: WorkbookSnapshot, options?: ExcelHostOptions): ExcelHost {
  return installExcelHost(globalThis, snapshot, options);
}

/** A workbook of one sheet "Sheet1" holding `cells` from A1, plus any sheet fields. */
export function oneSheet(
  cells: SheetSnapshot["cells"] = [],
  extra: Partial<SheetSnapshot> = {},
): WorkbookSnapshot {
  return workbookSnapshot([emptySheet("Sheet1", { cells, ...extra })]);
}

/** The rejection of a promise, for asserting on Excel's error code and location. */
export async function rejectionOf(promise: Promise<unknown>): Promise<OfficeExtension.Error> {
  try {
    await promise;
  } catch (error) {
    return error as OfficeExtension.Error;
  }
  throw new Error("expected the promise to reject");
}
