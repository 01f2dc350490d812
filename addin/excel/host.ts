// The Excel host: the pane's session on Office.js. A session is one Excel.run; each read is one
// context.sync() with everything queued before it, writes wait for the next sync. So an action costs
// the round trips it has reads and flushes, whatever the number of rows (see the actions' budgets).
import { queueSummaryCharts } from "./charts.ts";
import { loadActiveSheet, loadSheetByKey, readSheet } from "./grid.ts";
import { queueHighlights } from "./highlight.ts";
import { loadMetadata, queueWriteMetadataOnly, queueWriteRecords, readMetadata } from "./metadata.ts";
import { queueLockTaskColumns } from "./protection.ts";
import { charsToPoints, groupCells } from "./rects.ts";
import { queueSelectCell } from "./select.ts";
import { queueStatusDropDown } from "./validation-list.ts";
import { writeLayout, writeReportCells, writeRows } from "./write.ts";
import { temporaryName } from "../host/sheet-names.ts";
import type { Capabilities, HostSession, NewSheet, SheetInfo, SpreadsheetHost } from "../host/host.ts";

export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export function excelHost(run: ExcelRun, caps: Capabilities): SpreadsheetHost {
  return {
    kind: "excel",
    caps,
    session: (body) => run((context) => body(excelSession(context, caps))),
  };
}

function excelSession(context: Excel.RequestContext, caps: Capabilities): HostSession {
  return {
    async readActive(options) {
      const loaded = loadActiveSheet(context);
      const loadedMeta = options?.metadata === false ? null : loadMetadata(context);
      await context.sync();
      return { sheet: readSheet(loaded), workbook: loadedMeta ? readMetadata(loadedMeta) : null };
    },
    async readSheet(key) {
      const loaded = loadSheetByKey(context, key);
      await context.sync();
      return readSheet(loaded);
    },
    async readWorkbook() {
      const loaded = loadMetadata(context);
      await context.sync();
      return readMetadata(loaded);
    },
    async createSheets(existing, sheets, activate) {
      const created: Excel.Worksheet[] = [];
      for (const spec of sheets) {
        // One sheet after the other, as the layouts need (the chunked write of a huge one may sync).
        created.push(await createSheet(context, existing, spec, caps));
      }
      const target = created[activate];
      const spec = sheets[activate];
      if (target) {
        target.activate();
        if (spec?.select) target.getRangeByIndexes(spec.select.row, spec.select.column, 1, 1).select();
      }
      for (const sheet of created) sheet.load("id,name");
      await context.sync();
      return created.map((s) => ({ id: s.id, name: s.name }));
    },
    highlight(sheetId, plan) {
      queueHighlights(context.workbook.worksheets.getItem(sheetId), plan);
    },
    writeReportCells(sheetId, row, columns, values) {
      const sheet = context.workbook.worksheets.getItem(sheetId);
      writeReportCells(sheet, row, columns.status, columns.progress, values.status, values.progress);
    },
    writeRecords: (book, records, live) => queueWriteRecords(context, book, records, live),
    writeMetadataOnly: (slot, metadata, clearRows) =>
      queueWriteMetadataOnly(context, slot, metadata, clearRows),
    select: (sheetKey, address) => queueSelectCell(context, sheetKey, address),
    flush: () => context.sync(),
  };
}

async function createSheet(
  context: Excel.RequestContext,
  existing: readonly SheetInfo[],
  spec: NewSheet,
  caps: Capabilities,
): Promise<Excel.Worksheet> {
  const sheet = spec.replace
    ? replaceSheet(context, existing, spec.name)
    : context.workbook.worksheets.add(spec.name);
  if (spec.layout) await writeLayout(context, sheet, spec.layout);
  for (const rect of groupCells(spec.fills ?? [])) {
    sheet.getRangeByIndexes(rect.row, rect.column, rect.rowCount, rect.columnCount).format.fill.color =
      rect.colour;
  }
  if (spec.rows) {
    writeRows(sheet, spec.rows.values, spec.rows.bold);
    sheet.getRangeByIndexes(0, 0, 1, 1).format.columnWidth = charsToPoints(spec.rows.firstColumnChars);
  }
  if (spec.charts) queueSummaryCharts(sheet, spec.charts.layout, spec.charts.titles);
  if (spec.dropDown) {
    const d = spec.dropDown;
    queueStatusDropDown(sheet, d.runs, d.column, d.values, d.text, caps.dataValidation);
  }
  if (spec.lock) queueLockTaskColumns(sheet, spec.lock.size, spec.lock.taskRuns, spec.lock.editableColumns);
  return sheet;
}

/**
 * A fresh sheet under `name`: when one exists it is replaced (added under a temporary name, the old
 * one deleted, the new one renamed), so formats, merges and charts of the old one do not linger.
 */
function replaceSheet(
  context: Excel.RequestContext,
  sheets: readonly SheetInfo[],
  name: string,
): Excel.Worksheet {
  const sheetsApi = context.workbook.worksheets;
  const existing = sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (!existing) return sheetsApi.add(name);
  const fresh = sheetsApi.add(temporaryName(sheets, name));
  sheetsApi.getItem(existing.id).delete();
  fresh.name = name;
  return fresh;
}
