// The WPS host: the pane's session on the WPS JS API (WPS加载项 in WPS 表格). Calls are synchronous and
// applied at once, so flush() has nothing to send; reads are whole ranges (Value2), writes are one call
// per rectangle, never one per cell.
import type { Capabilities, HostSession, NewSheet, SheetInfo, SpreadsheetHost } from "../host/host.ts";
import { temporaryName } from "../host/sheet-names.ts";
import { readWpsSheet } from "./grid.ts";
import { addSheetAtEnd, readWpsMetadata, writeWpsMetadataOnly, writeWpsRecords } from "./metadata.ts";
import { rangeAt } from "./range.ts";
import {
  addStatusDropDown,
  addSummaryCharts,
  lockTaskColumns,
  paintFills,
  paintHighlights,
} from "./sheet-ops.ts";
import { writeWpsLayout, writeWpsRows } from "./write.ts";
import type { WpsApplication, WpsWorkbook, WpsWorksheet } from "./wps-api.ts";

/** WPS 表格 has list validation in every version the add-in supports (WPS 2019 and later). */
export const WPS_CAPABILITIES: Capabilities = { dataValidation: true };

export function wpsHost(app: WpsApplication, caps: Capabilities = WPS_CAPABILITIES): SpreadsheetHost {
  return {
    kind: "wps",
    caps,
    session: async (body) => body(wpsSession(app, caps)),
  };
}

function wpsSession(app: WpsApplication, caps: Capabilities): HostSession {
  const workbook = (): WpsWorkbook => {
    const book = app.ActiveWorkbook;
    if (!book) throw new Error("请先打开或新建一个工作簿 / Open or create a workbook first");
    return book;
  };
  const sheet = (key: string) => workbook().Worksheets.Item(key);
  return {
    async readActive(options) {
      const book = workbook();
      const active = readWpsSheet(book.ActiveSheet);
      return { sheet: active, workbook: options?.metadata === false ? null : readWpsMetadata(book) };
    },
    readSheet: async (key) => readWpsSheet(sheet(key)),
    readWorkbook: async () => readWpsMetadata(workbook()),
    async createSheets(existing, specs, activate) {
      const book = workbook();
      const created = specs.map((spec) => createSheet(app, book, existing, spec, caps));
      const target = created[activate];
      const spec = specs[activate];
      if (target && spec) {
        target.Activate();
        if (spec.select) rangeAt(target, spec.select.row, spec.select.column).Select();
        freezeHeader(app, spec);
      }
      return created.map((s) => ({ id: s.Name, name: s.Name }));
    },
    highlight: (sheetId, plan) => paintHighlights(sheet(sheetId), plan),
    writeReportCells(sheetId, row, columns, values) {
      const target = sheet(sheetId);
      if (columns.progress === columns.status + 1) {
        rangeAt(target, row, columns.status, 1, 2).Value2 = [[values.status, values.progress]];
      } else {
        rangeAt(target, row, columns.status).Value2 = values.status;
        rangeAt(target, row, columns.progress).Value2 = values.progress;
      }
    },
    writeRecords: (book, records, live) => writeWpsRecords(workbook(), book, records, live),
    writeMetadataOnly: (slot, metadata, clearRows) =>
      writeWpsMetadataOnly(workbook(), slot, metadata, clearRows),
    select(sheetKey, address) {
      const target = sheet(sheetKey);
      target.Activate();
      target.Range(address).Select();
    },
    flush: async () => undefined,
  };
}

function createSheet(
  app: WpsApplication,
  book: WpsWorkbook,
  existing: readonly SheetInfo[],
  spec: NewSheet,
  caps: Capabilities,
): WpsWorksheet {
  const sheet = spec.replace ? replaceSheet(app, book, existing, spec.name) : addSheetAtEnd(book, spec.name);
  if (spec.layout) writeWpsLayout(sheet, spec.layout);
  if (spec.fills) paintFills(sheet, spec.fills);
  if (spec.rows) {
    writeWpsRows(sheet, spec.rows.values, spec.rows.bold);
    rangeAt(sheet, 0, 0).ColumnWidth = spec.rows.firstColumnChars;
  }
  if (spec.charts) addSummaryCharts(sheet, spec.charts.layout, spec.charts.titles);
  if (spec.dropDown && caps.dataValidation) {
    const d = spec.dropDown;
    addStatusDropDown(sheet, d.runs, d.column, d.values, d.text);
  }
  if (spec.lock) lockTaskColumns(sheet, spec.lock.size, spec.lock.taskRuns, spec.lock.editableColumns);
  return sheet;
}

/** A fresh sheet under `name`; an old one of that name is deleted (without WPS's "delete?" prompt). */
function replaceSheet(
  app: WpsApplication,
  book: WpsWorkbook,
  existing: readonly SheetInfo[],
  name: string,
): WpsWorksheet {
  const old = existing.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (!old) return addSheetAtEnd(book, name);
  const fresh = addSheetAtEnd(book, temporaryName(existing, name));
  const alerts = app.DisplayAlerts;
  app.DisplayAlerts = false;
  try {
    book.Worksheets.Item(old.name).Delete();
  } finally {
    app.DisplayAlerts = alerts;
  }
  fresh.Name = name;
  return fresh;
}

/** Freezes the rows down to the header on the active window, where WPS offers it. */
function freezeHeader(app: WpsApplication, spec: NewSheet): void {
  const header = spec.layout?.rowKinds.indexOf("header") ?? -1;
  const window = app.ActiveWindow;
  if (header < 0 || !window) return;
  window.SplitColumn = 0;
  window.SplitRow = header + 1;
  window.FreezePanes = true;
}
