// Writes a rendered sheet (the official layout from schema/layout.ts) into a worksheet: values in one
// write per contiguous block, text number format (so "100%" or "7/1" stay text), merges, wrap,
// column widths, header and heading styles, borders, frozen header.
import type { RowKind, RowStyle } from "../../schema/layout.ts";
import type { SheetLayout } from "../host/host.ts";
import { charsToPoints, chunkRows, filled, runsOf } from "./rects.ts";

export type { SheetLayout } from "../host/host.ts";

export { TABLE_FONT } from "../host/styles.ts";
import { BORDER_COLOUR, REFERENCE_COLOUR, TABLE_FONT } from "../host/styles.ts";

/**
 * Queues the whole layout at the sheet's top-left corner. Returns the number of context.sync()
 * calls it had to make itself: 0, unless the values exceed Excel's request payload limit, in which
 * case the earlier chunks are flushed and only the last one stays queued for the caller's sync.
 */
export async function writeLayout(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  layout: SheetLayout,
): Promise<number> {
  const rows = layout.grid.length;
  const columns = layout.grid[0]?.length ?? 0;
  if (rows === 0 || columns === 0) return 0;
  const all = sheet.getRangeByIndexes(0, 0, rows, columns);
  all.format.font.name = TABLE_FONT;
  all.format.verticalAlignment = "Top";
  // Text format before values: what a reporter types stays what they typed.
  if (columns > 1)
    sheet.getRangeByIndexes(0, 1, rows, columns - 1).numberFormat = filled(rows, columns - 1, "@");

  let syncs = 0;
  const chunks = chunkRows(layout.grid);
  for (const [i, chunk] of chunks.entries()) {
    sheet.getRangeByIndexes(chunk.start, 0, chunk.end - chunk.start, columns).values = layout.grid.slice(
      chunk.start,
      chunk.end,
    );
    if (i < chunks.length - 1) {
      // Only when one request would exceed Excel's payload limit (5 MB on the web).
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
      syncs++;
    }
  }

  queueStyles(sheet, layout, columns);
  layout.columnWidths.forEach((width, c) => {
    if (c < columns) sheet.getRangeByIndexes(0, c, 1, 1).format.columnWidth = charsToPoints(width);
  });
  if (
    layout.referenceColumn !== undefined &&
    layout.referenceColumn !== null &&
    layout.referenceColumn < columns
  ) {
    const header = layout.rowKinds.indexOf("header");
    const reference = sheet.getRangeByIndexes(header + 1, layout.referenceColumn, rows - header - 1, 1);
    reference.format.font.color = REFERENCE_COLOUR;
    reference.format.font.italic = true;
  }
  const header = layout.rowKinds.indexOf("header");
  // freezePanes is ExcelApi 1.7 (the manifest's floor); the guard only spares hosts that lack it.
  if (header >= 0 && sheet.freezePanes) sheet.freezePanes.freezeRows(header + 1);
  return syncs;
}

function queueStyles(sheet: Excel.Worksheet, layout: SheetLayout, columns: number): void {
  const rows = layout.grid.length;
  const first = layout.rowKinds[0] === "title" ? 1 : 0;
  // Task style on the whole body first; the few heading rows override it below.
  if (rows > first) {
    const body = sheet.getRangeByIndexes(first, 0, rows - first, columns);
    applyStyle(body, layout.rowStyles.task);
    queueBorders(body);
  }
  const kinds: RowKind[] = ["title", "header", "section", "subheading"];
  for (const kind of kinds) {
    for (const run of runsOf(layout.rowKinds, kind)) {
      const range = sheet.getRangeByIndexes(run.row, 0, run.count, columns);
      applyStyle(range, layout.rowStyles[kind]);
      if (kind !== "title" && layout.rowStyles[kind].fill === null) range.format.fill.clear();
    }
  }
  for (const m of layout.merges) {
    sheet.getRangeByIndexes(m.row, m.column, m.rowCount, m.columnCount).merge(false);
  }
  // Row heights follow the wrapped text.
  if (rows > first) sheet.getRangeByIndexes(first, 0, rows - first, columns).format.autofitRows();
}

function applyStyle(range: Excel.Range, style: RowStyle): void {
  range.format.font.bold = style.bold;
  range.format.font.size = style.fontSize;
  range.format.horizontalAlignment = style.horizontal === "center" ? "Center" : "Left";
  range.format.wrapText = style.wrap;
  if (style.fill) range.format.fill.color = style.fill;
}

function queueBorders(range: Excel.Range): void {
  // Borders are ExcelApi 1.1; cosmetic, so a host without them (the test stand-in) simply gets none.
  if (!range.format.borders) return;
  const edges = [
    "EdgeTop",
    "EdgeBottom",
    "EdgeLeft",
    "EdgeRight",
    "InsideVertical",
    "InsideHorizontal",
  ] as const;
  for (const edge of edges) {
    const border = range.format.borders.getItem(edge);
    border.style = "Continuous";
    border.weight = "Thin";
    border.color = BORDER_COLOUR;
  }
}

/** Writes plain rows (the summary sheet) in one write, numbers kept as numbers; bold rows given. */
export function writeRows(
  sheet: Excel.Worksheet,
  rows: (string | number)[][],
  bold: readonly number[] = [],
): void {
  const columns = rows[0]?.length ?? 0;
  if (rows.length === 0 || columns === 0) return;
  const all = sheet.getRangeByIndexes(0, 0, rows.length, columns);
  all.values = rows;
  all.format.font.name = TABLE_FONT;
  for (const r of bold) sheet.getRangeByIndexes(r, 0, 1, columns).format.font.bold = true;
}

/** Writes one row's status and progress (e.g. "take theirs" after a conflict). */
export function writeReportCells(
  sheet: Excel.Worksheet,
  row: number,
  statusColumn: number,
  progressColumn: number,
  status: string,
  progress: string,
): void {
  if (progressColumn === statusColumn + 1) {
    sheet.getRangeByIndexes(row, statusColumn, 1, 2).values = [[status, progress]];
  } else {
    sheet.getRangeByIndexes(row, statusColumn, 1, 1).values = [[status]];
    sheet.getRangeByIndexes(row, progressColumn, 1, 1).values = [[progress]];
  }
}
