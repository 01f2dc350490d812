// The merged city-wide sheet as an .xlsx: the official layout plus a summary sheet.
import ExcelJS from "exceljs";
import { SUMMARY_SHEET, mergedRendered, summaryGrid } from "../../schema/merged-layout.ts";
import type { MergedAnswer } from "../use-cases/merged.ts";
import { protectFormulaText } from "./formula-text.ts";
import { writeRendered } from "./layout.ts";

// The layout itself is pure and shared with the add-in (schema/merged-layout.ts).
export { SUMMARY_SHEET, mergedRendered, summaryGrid };

export async function mergedWorkbook(answer: MergedAnswer): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Keywork";
  workbook.created = new Date(0);
  const sheet = workbook.addWorksheet(answer.period.id);
  writeRendered(sheet, mergedRendered(answer));
  const summary = workbook.addWorksheet(SUMMARY_SHEET);
  summaryGrid(answer).forEach((values, r) => {
    const row = summary.getRow(r + 1);
    values.forEach((v, c) => {
      row.getCell(c + 1).value = v;
    });
    if (r === 0 || values[0] === "板块" || values[0] === "单位") row.font = { bold: true };
  });
  summary.getColumn(1).width = 36;
  protectFormulaText(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
