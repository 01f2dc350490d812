// The merged city-wide sheet as an .xlsx: the official layout plus a summary sheet.
import ExcelJS from "exceljs";
import { render, type ReportFields } from "../../schema/index.ts";
import { MISSING, mergedCells, type MergedAnswer } from "../use-cases/merged.ts";
import { writeRendered } from "./layout.ts";

export const SUMMARY_SHEET = "汇总";

export function mergedRendered(answer: MergedAnswer) {
  const reports = new Map<number, ReportFields>();
  for (const task of answer.sections.flatMap((s) => s.subsections.flatMap((ss) => ss.tasks))) {
    reports.set(task.seq, mergedCells(task));
  }
  const plan = {
    title: answer.period.title,
    sections: answer.sections.map((s) => ({
      no: s.no,
      title: s.title,
      subsections: s.subsections.map((ss) => ({
        title: ss.title,
        items: ss.tasks.map((t) => ({ seq: t.seq, task: t.task, units: t.units })),
      })),
    })),
  };
  return render(plan, reports);
}

/** The summary as rows: status by section, then coverage by unit. Shared by the .xlsx and the add-in. */
export function summaryGrid(answer: MergedAnswer): (string | number)[][] {
  const statuses = [...answer.vocabulary.values, MISSING];
  const rows: (string | number)[][] = [[`${answer.period.title} 汇总`], [], ["板块", ...statuses, "合计"]];
  for (const s of answer.summary.bySection) {
    const counts = statuses.map((st) => s.counts[st] ?? 0);
    rows.push([s.section, ...counts, counts.reduce((a, b) => a + b, 0)]);
  }
  rows.push([], ["单位", "承担任务数", "已报送", "未报送", "报送率"]);
  for (const u of answer.summary.byUnit) {
    rows.push([u.unit, u.assigned, u.reported, u.assigned - u.reported, u.assigned ? Math.round((u.reported / u.assigned) * 1000) / 10 : 0]);
  }
  return rows;
}

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
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
