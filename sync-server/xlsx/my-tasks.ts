// "My tasks" as an .xlsx for people without the add-in: the official layout of one unit's tasks, a
// drop-down on 完成状态, every cell but 完成状态 and 工作进展情况 locked, last period's text beside each
// row for reference, and the hidden `_keywork` sheet (period, unit, per-序号 version and content hash).
// Never a token or password in the file: workbooks get emailed.
import ExcelJS from "exceljs";
import {
  METADATA_SHEET,
  contentHash,
  distinctUnits,
  render,
  type Plan,
  type ReportFields,
  type SheetMetadata,
  type StatusVocabulary,
} from "../../schema/index.ts";
import { encodeRecord } from "../../schema/metadata-book.ts";
import { protectFormulaText } from "./formula-text.ts";
import { writeRendered } from "./layout.ts";

/** Column F: last period's text, read-only, for reference. The codec ignores it (no known header label). */
export const REFERENCE_HEADER = "上期进展(参考)";
export const REFERENCE_COLUMN = 6;
const REFERENCE_WIDTH = 50;

export interface MyTaskRow extends ReportFields {
  seq: number;
  version: number;
  previousProgress: string | null;
}

export interface MyTasksInput {
  period: { id: string; title: string };
  unit: string;
  /** The period's whole plan: only the unit's tasks are written. */
  plan: Plan;
  vocabulary: StatusVocabulary;
  /** The unit's rows as `GET /periods/{id}/tasks?scope=mine` gives them. */
  rows: readonly MyTaskRow[];
  /** Where the file came from (origin URL), for the person who finds it in a mail later. */
  server: string;
  pulledAt: string;
}

/** The plan cut down to the tasks one unit leads or shares; empty sections and sub-headings dropped. */
export function unitPlan(plan: Plan, unit: string, title = plan.title): Plan {
  const sections = plan.sections
    .map((s) => ({
      ...s,
      subsections: s.subsections
        .map((ss) => ({ ...ss, items: ss.items.filter((t) => distinctUnits(t.units).includes(unit)) }))
        .filter((ss) => ss.items.length > 0),
    }))
    .filter((s) => s.subsections.length > 0);
  return { title, sections };
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
export function sheetNameFor(periodId: string, unit: string): string {
  return `${periodId} ${unit}`
    .replace(/[:\\/?*[\]]/gu, " ")
    .slice(0, 31)
    .trim();
}

export function myTasksTitle(periodTitle: string, unit: string): string {
  return `${periodTitle}(${unit})`;
}

export async function myTasksWorkbook(input: MyTasksInput): Promise<Buffer> {
  const { period, unit, vocabulary } = input;
  const plan = unitPlan(input.plan, unit, myTasksTitle(period.title, unit));
  const bySeq = new Map(input.rows.map((r) => [r.seq, r]));
  const reports = new Map<number, ReportFields>(
    input.rows.map((r) => [r.seq, { status: r.status, progress: r.progress }]),
  );
  const rendered = render(plan, reports);

  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Keywork";
  workbook.created = new Date(input.pulledAt);
  const sheet = workbook.addWorksheet(sheetNameFor(period.id, unit), {
    pageSetup: { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  writeRendered(sheet, rendered);

  // Column F: last period's progress, grey, locked — something to start from, never read back.
  sheet.getColumn(REFERENCE_COLUMN).width = REFERENCE_WIDTH;
  const headerRow = rendered.rowKinds.indexOf("header") + 1;
  const header = sheet.getCell(headerRow, REFERENCE_COLUMN);
  header.value = REFERENCE_HEADER;
  header.font = { name: "宋体", bold: true, size: 11, color: { argb: "FF595959" } };
  header.alignment = { horizontal: "center", vertical: "top", wrapText: true };
  header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEDEDED" } };

  rendered.seqs.forEach((seq, r) => {
    if (seq !== null)
      prepareRow(sheet, rendered, r + 1, vocabulary, bySeq.get(seq)?.previousProgress ?? null);
  });

  // Protection without a password: it keeps slips off the task columns; the server checks every row anyway.
  await sheet.protect("", {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    formatCells: false,
    insertRows: false,
    deleteRows: false,
    insertColumns: false,
    deleteColumns: false,
    sort: false,
    autoFilter: false,
  });

  const metadata: SheetMetadata = {
    kind: "my-tasks",
    period: period.id,
    unit,
    server: input.server,
    pulledAt: input.pulledAt,
    rows: rendered.seqs
      .filter((s): s is number => s !== null)
      .map((seq) => {
        const row = bySeq.get(seq);
        return { seq, version: row?.version ?? 0, hash: contentHash(row?.status ?? "", row?.progress ?? "") };
      }),
  };
  await addMetadataSheet(workbook, sheet.name, metadata);
  protectFormulaText(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A task row: its fill-in cells unlocked and tinted, the status drop-down, last period's progress in F. */
function prepareRow(
  sheet: ExcelJS.Worksheet,
  rendered: ReturnType<typeof render>,
  rowNumber: number,
  vocabulary: StatusVocabulary,
  previousProgress: string | null,
): void {
  const list = `"${vocabulary.values.join(",")}"`;
  const allowed = vocabulary.values.join("、");
  for (const column of rendered.editableColumns) {
    const cell = sheet.getCell(rowNumber, column + 1);
    cell.protection = { locked: false };
    // A light fill tells the cells to fill from the locked ones at a glance.
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFDE7" } };
  }
  sheet.getCell(rowNumber, rendered.statusColumn + 1).dataValidation = {
    type: "list",
    allowBlank: true,
    formulae: [list],
    showErrorMessage: true,
    errorStyle: "stop",
    errorTitle: "完成状态",
    error: `请从下拉列表中选择:${allowed}`,
    showInputMessage: true,
    promptTitle: "完成状态",
    prompt: `可选:${allowed}`,
  };
  const reference = sheet.getCell(rowNumber, REFERENCE_COLUMN);
  reference.value = previousProgress;
  reference.font = { name: "宋体", size: 10, color: { argb: "FF7F7F7F" } };
  reference.alignment = { horizontal: "left", vertical: "top", wrapText: true };
  reference.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF5F5F5" } };
}

/** The hidden `_keywork` sheet with the pull's record, very hidden and protected. */
async function addMetadataSheet(
  workbook: ExcelJS.Workbook,
  sheetName: string,
  metadata: SheetMetadata,
): Promise<void> {
  const hidden = workbook.addWorksheet(METADATA_SHEET, { state: "veryHidden" });
  // The add-in's layout, so a downloaded file opens in the add-in as one it pulled itself (no Office
  // worksheet id: the add-in then matches the block by the sheet's name).
  encodeRecord({ sheetId: "", sheetName, metadata, highlights: [] }).forEach((values, r) => {
    const row = hidden.getRow(r + 1);
    values.forEach((v, c) => {
      row.getCell(c + 1).value = v === "" ? null : v;
    });
  });
  await hidden.protect("", { selectLockedCells: false, selectUnlockedCells: false });
}
