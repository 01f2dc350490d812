// Writes a rendered sheet (the official layout from schema/layout.ts) into a WPS worksheet: the values in
// one write, the text number format first (so "100%" or "7/1" stay text), merges, wrap, column widths
// (WPS takes characters, as the layout gives them), header and heading styles, borders.
import type { RowKind, RowStyle } from "../../schema/layout.ts";
import type { SheetLayout } from "../host/host.ts";
import { runsOf } from "../host/rects.ts";
import { BORDER_COLOUR, REFERENCE_COLOUR, TABLE_FONT } from "../host/styles.ts";
import { bgr } from "./colour.ts";
import { rangeAt } from "./range.ts";
import { xl, type WpsRange, type WpsWorksheet } from "./wps-api.ts";

export function writeWpsLayout(sheet: WpsWorksheet, layout: SheetLayout): void {
  const rows = layout.grid.length;
  const columns = layout.grid[0]?.length ?? 0;
  if (rows === 0 || columns === 0) return;
  const all = rangeAt(sheet, 0, 0, rows, columns);
  all.Font.Name = TABLE_FONT;
  all.VerticalAlignment = xl.top;
  // Text format before values: what a reporter types stays what they typed.
  if (columns > 1) rangeAt(sheet, 0, 1, rows, columns - 1).NumberFormat = "@";
  all.Value2 = layout.grid;
  writeStyles(sheet, layout, columns);
  layout.columnWidths.forEach((width, c) => {
    if (c < columns) rangeAt(sheet, 0, c, 1, 1).ColumnWidth = width;
  });
  const header = layout.rowKinds.indexOf("header");
  const reference = layout.referenceColumn;
  if (reference !== undefined && reference !== null && reference < columns && rows > header + 1) {
    const range = rangeAt(sheet, header + 1, reference, rows - header - 1, 1);
    range.Font.Color = bgr(REFERENCE_COLOUR);
    range.Font.Italic = true;
  }
}

function writeStyles(sheet: WpsWorksheet, layout: SheetLayout, columns: number): void {
  const rows = layout.grid.length;
  const first = layout.rowKinds[0] === "title" ? 1 : 0;
  // Task style on the whole body first; the few heading rows override it below.
  if (rows > first) {
    const body = rangeAt(sheet, first, 0, rows - first, columns);
    applyStyle(body, layout.rowStyles.task);
    body.Borders.LineStyle = xl.continuous;
    body.Borders.Weight = xl.thin;
    body.Borders.Color = bgr(BORDER_COLOUR);
  }
  const kinds: RowKind[] = ["title", "header", "section", "subheading"];
  for (const kind of kinds) {
    for (const run of runsOf(layout.rowKinds, kind)) {
      const range = rangeAt(sheet, run.row, 0, run.count, columns);
      applyStyle(range, layout.rowStyles[kind]);
      if (kind !== "title" && layout.rowStyles[kind].fill === null)
        range.Interior.ColorIndex = xl.colorIndexNone;
    }
  }
  for (const m of layout.merges) rangeAt(sheet, m.row, m.column, m.rowCount, m.columnCount).Merge(false);
  // Row heights follow the wrapped text.
  if (rows > first) rangeAt(sheet, first, 0, rows - first, columns).Rows.AutoFit();
}

function applyStyle(range: WpsRange, style: RowStyle): void {
  range.Font.Bold = style.bold;
  range.Font.Size = style.fontSize;
  range.HorizontalAlignment = style.horizontal === "center" ? xl.center : xl.left;
  range.WrapText = style.wrap;
  if (style.fill) range.Interior.Color = bgr(style.fill);
}

/** Plain rows (the summary sheet) in one write, numbers kept as numbers; bold rows given. */
export function writeWpsRows(
  sheet: WpsWorksheet,
  rows: (string | number)[][],
  bold: readonly number[],
): void {
  const columns = rows[0]?.length ?? 0;
  if (rows.length === 0 || columns === 0) return;
  const all = rangeAt(sheet, 0, 0, rows.length, columns);
  all.Value2 = rows;
  all.Font.Name = TABLE_FONT;
  for (const r of bold) rangeAt(sheet, r, 0, 1, columns).Font.Bold = true;
}
