// Applies a rendered official layout (grid + merges + formats from the schema codec) to an exceljs sheet.
import type ExcelJS from "exceljs";
import type { RenderedSheet } from "../../schema/index.ts";

const argb = (hex: string) => `FF${hex.replace("#", "").toUpperCase()}`;
const THIN = { style: "thin" as const, color: { argb: "FFBFBFBF" } };

export function writeRendered(sheet: ExcelJS.Worksheet, rendered: RenderedSheet): void {
  rendered.columnWidths.forEach((width, i) => {
    sheet.getColumn(i + 1).width = width;
  });
  rendered.grid.forEach((values, r) => {
    const row = sheet.getRow(r + 1);
    const style = rendered.rowStyles[rendered.rowKinds[r]!];
    values.forEach((value, c) => {
      const cell = row.getCell(c + 1);
      cell.value = value === "" ? null : value;
      cell.font = { name: "宋体", bold: style.bold, size: style.fontSize };
      cell.alignment = { horizontal: style.horizontal, vertical: "top", wrapText: style.wrap };
      if (style.fill) cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(style.fill) } };
      if (rendered.rowKinds[r] !== "title")
        cell.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
    });
    row.commit();
  });
  for (const m of rendered.merges) {
    sheet.mergeCells(m.row + 1, m.column + 1, m.row + m.rowCount, m.column + m.columnCount);
  }
  const header = rendered.rowKinds.indexOf("header");
  if (header >= 0) sheet.views = [{ state: "frozen", ySplit: header + 1 }];
}
