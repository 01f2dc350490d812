// The layout codec: a value grid (as Excel's range.values or exceljs give it) ⇄ the table's rows.
import {
  COLUMNS,
  type ColumnField,
  type Plan,
  type ReportFields,
  type SheetDocument,
  type SheetTask,
} from "./model.ts";
import { cellText, compactKey } from "./text.ts";
import { resolvedNames, splitUnits, type UnitDirectory, type UnitMatch } from "./units.ts";

export type Grid = readonly (readonly unknown[])[];

/** Where the grid's first cell sits in the sheet (zero-based), so addresses name real cells. */
export interface GridOrigin {
  row: number;
  column: number;
}

export type ColumnMap = Record<ColumnField, number | null>;

export interface ParsedHeader {
  row: number;
  columns: ColumnMap;
  /** The five columns appear in the official order. */
  inOrder: boolean;
}

export interface ParsedTaskRow {
  /** Zero-based sheet row index (origin applied). */
  row: number;
  sectionIndex: number;
  subsectionIndex: number;
  /** Null when the 序号 cell is empty or not an integer. */
  seq: number | null;
  seqText: string;
  task: string;
  status: string;
  progress: string;
  unitsText: string;
  units: UnitMatch[];
}

export interface ParsedHeading {
  kind: "section" | "subheading";
  row: number;
  text: string;
}

export interface ParsedSheet {
  origin: GridOrigin;
  title: { row: number; text: string } | null;
  header: ParsedHeader | null;
  /** Column indices used to read rows: the header's, or the official order when there is none. */
  columns: Record<ColumnField, number>;
  headings: ParsedHeading[];
  rows: ParsedTaskRow[];
  /** Task rows met before any section heading (they are kept under an unnamed section). */
  orphanRows: number[];
  document: SheetDocument;
}

export interface ParseOptions {
  directory?: UnitDirectory;
  origin?: GridOrigin;
}

const HEADER_SCAN_ROWS = 10;
// Labels seen for each column in real sheets, compared without spaces.
const HEADER_LABELS: Record<ColumnField, readonly string[]> = {
  seq: ["序号", "编号"],
  task: ["承担的重点工作", "重点工作", "重点工作任务", "工作任务"],
  status: ["完成状态", "完成情况", "状态"],
  progress: ["工作进展情况", "进展情况", "工作进展"],
  units: ["牵头责任单位", "责任单位", "牵头单位"],
};
const FIELDS: readonly ColumnField[] = ["seq", "task", "status", "progress", "units"];
// `s`: a section title may hold a line break (Alt+Enter in a merged heading cell).
const SECTION_PATTERN = /^([一二三四五六七八九十百零〇]+)\s*[、.．，,]\s*(.*)$/su;

export function parse(grid: Grid, options: ParseOptions = {}): ParsedSheet {
  const origin = options.origin ?? { row: 0, column: 0 };
  const header = findHeader(grid, origin);
  const columns = effectiveColumns(header, origin);
  const firstColumn = Math.min(...Object.values(columns));
  const title = findTitle(grid, origin, header);
  const startRow = header ? header.row - origin.row + 1 : title ? title.row - origin.row + 1 : 0;

  const document: SheetDocument = { title: title?.text ?? "", columns: [...COLUMNS], sections: [] };
  const headings: ParsedHeading[] = [];
  const rows: ParsedTaskRow[] = [];
  const orphanRows: number[] = [];

  for (let r = startRow; r < grid.length; r++) {
    const cells = grid[r] ?? [];
    const sheetRow = r + origin.row;
    const heading = headingText(cells, firstColumn - origin.column, columns.seq - origin.column);
    if (heading === "blank") continue;
    if (heading !== null) {
      const section = SECTION_PATTERN.exec(heading.trim());
      if (section) {
        headings.push({ kind: "section", row: sheetRow, text: heading });
        document.sections.push({ no: section[1]!, title: section[2]!.trim(), subsections: [] });
      } else {
        headings.push({ kind: "subheading", row: sheetRow, text: heading });
        currentSection(document, sheetRow, orphanRows, false).subsections.push({
          title: heading.trim().replace(/。+$/u, ""),
          items: [],
        });
      }
      continue;
    }
    const section = currentSection(document, sheetRow, orphanRows, true);
    if (section.subsections.length === 0) section.subsections.push({ title: null, items: [] });
    const subsection = section.subsections[section.subsections.length - 1]!;
    const unitsText = cellText(cells[columns.units - origin.column]);
    const seqValue = cells[columns.seq - origin.column];
    const row: ParsedTaskRow = {
      row: sheetRow,
      sectionIndex: document.sections.length - 1,
      subsectionIndex: section.subsections.length - 1,
      seq: parseSeq(seqValue),
      seqText: cellText(seqValue),
      task: cellText(cells[columns.task - origin.column]),
      status: cellText(cells[columns.status - origin.column]),
      progress: cellText(cells[columns.progress - origin.column]),
      unitsText,
      units: splitUnitCell(unitsText, options.directory),
    };
    rows.push(row);
    subsection.items.push(toSheetTask(row));
  }
  return { origin, title, header, columns, headings, rows, orphanRows, document };
}

function toSheetTask(row: ParsedTaskRow): SheetTask {
  return {
    seq: row.seq ?? 0,
    task: row.task,
    status: row.status,
    progress: row.progress,
    units: resolvedNames(row.units),
  };
}

function currentSection(doc: SheetDocument, sheetRow: number, orphanRows: number[], isTask: boolean) {
  const last = doc.sections[doc.sections.length - 1];
  if (last) return last;
  if (isTask) orphanRows.push(sheetRow);
  const unnamed = { no: "", title: "", subsections: [] };
  doc.sections.push(unnamed);
  return unnamed;
}

/** 序号 as number, numeric text or full-width digits ("１２", "12.", "12、"); null otherwise. */
export function parseSeq(value: unknown): number | null {
  if (typeof value === "number") return Number.isInteger(value) && value > 0 ? value : null;
  const match = /^(\d{1,6})[.、]?$/u.exec(compactKey(cellText(value)));
  if (!match) return null;
  const n = Number(match[1]);
  return n > 0 ? n : null;
}

function splitUnitCell(text: string, directory: UnitDirectory | undefined): UnitMatch[] {
  if (directory) return splitUnits(text, directory);
  // Without a directory nothing can be matched: every separated name stands as written.
  return text
    .split(/[\n\r、，,;；/／\s\u3000]+/u)
    .filter((t) => t !== "")
    .map((raw) => ({ raw, kind: "unknown", suggestions: [] }));
}

/**
 * A heading row carries one text: alone in the first column (Excel gives a merged row's text in its
 * first cell only) or repeated across the row (some .xlsx readers copy it into every merged cell).
 * Returns "blank" for an empty row, the text for a heading, null for a task row.
 */
function headingText(
  cells: readonly unknown[],
  firstColumn: number,
  seqColumn: number,
): string | "blank" | null {
  // One pass, no allocation: this runs for every row of the sheet.
  let text = "";
  let trimmed = "";
  let index = -1;
  let filled = 0;
  for (let i = 0; i < cells.length; i++) {
    const t = cellText(cells[i]);
    const k = t.trim();
    if (k === "") continue;
    if (filled === 0) {
      text = t;
      trimmed = k;
      index = i;
    } else if (k !== trimmed) {
      return null;
    }
    filled++;
  }
  if (filled === 0) return "blank";
  if (filled === 1 && index !== firstColumn) return null;
  // A lone number in the 序号 column is a task row with everything else still empty.
  if (index === seqColumn && parseSeq(cells[seqColumn]) !== null) return null;
  return text;
}

function findHeader(grid: Grid, origin: GridOrigin): ParsedHeader | null {
  const scan = Math.min(grid.length, HEADER_SCAN_ROWS);
  for (let r = 0; r < scan; r++) {
    const keys = (grid[r] ?? []).map((v) => compactKey(cellText(v)));
    const columns = {} as ColumnMap;
    let found = 0;
    for (const field of FIELDS) {
      const index = keys.findIndex((k) => HEADER_LABELS[field].includes(k));
      columns[field] = index === -1 ? null : index + origin.column;
      if (index !== -1) found++;
    }
    // Three labels out of five make a header; the missing ones are reported by validation.
    if (found >= 3) {
      const present = FIELDS.map((f) => columns[f]).filter((c): c is number => c !== null);
      const inOrder = present.every((c, i) => i === 0 || c > present[i - 1]!);
      return { row: r + origin.row, columns, inOrder };
    }
  }
  return null;
}

function effectiveColumns(header: ParsedHeader | null, origin: GridOrigin): Record<ColumnField, number> {
  const out = {} as Record<ColumnField, number>;
  FIELDS.forEach((field, i) => {
    out[field] = header?.columns[field] ?? origin.column + i;
  });
  return out;
}

function findTitle(grid: Grid, origin: GridOrigin, header: ParsedHeader | null): ParsedSheet["title"] {
  const limit = header ? header.row - origin.row : Math.min(grid.length, HEADER_SCAN_ROWS);
  for (let r = 0; r < limit; r++) {
    const cells = grid[r] ?? [];
    const text = cells.map(cellText).find((t) => t.trim() !== "");
    if (text !== undefined) {
      // Without a header the rows start at once: only a row holding one text (not a task row, not a
      // section heading) can be a title; anything else is read as a row of the table.
      if (!header && (headingText(cells, 0, 0) === null || SECTION_PATTERN.test(text.trim()))) return null;
      return { row: r + origin.row, text: text.trim() };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// render

export type RowKind = "title" | "header" | "section" | "subheading" | "task";

/** A merge, zero-based, relative to the grid's first cell. */
export interface Merge {
  row: number;
  column: number;
  rowCount: number;
  columnCount: number;
}

export interface RowStyle {
  bold: boolean;
  fontSize: number;
  fill: string | null;
  horizontal: "left" | "center";
  wrap: boolean;
}

export interface RenderedSheet {
  grid: (string | number)[][];
  rowKinds: RowKind[];
  /** 序号 of each row, null for non-task rows. */
  seqs: (number | null)[];
  merges: Merge[];
  /** Excel column widths in characters. */
  columnWidths: readonly number[];
  rowStyles: Record<RowKind, RowStyle>;
  /** The only columns a reporter edits (完成状态, 工作进展情况). */
  editableColumns: readonly number[];
  statusColumn: number;
}

export const COLUMN_WIDTHS = [6, 40, 10, 80, 18] as const;
export const ROW_STYLES: Record<RowKind, RowStyle> = {
  title: { bold: true, fontSize: 16, fill: null, horizontal: "center", wrap: false },
  header: { bold: true, fontSize: 11, fill: "#D9E1F2", horizontal: "center", wrap: true },
  section: { bold: true, fontSize: 12, fill: "#F2F2F2", horizontal: "left", wrap: false },
  subheading: { bold: true, fontSize: 11, fill: null, horizontal: "left", wrap: false },
  task: { bold: false, fontSize: 11, fill: null, horizontal: "left", wrap: true },
};

type PlanLike = Plan | SheetDocument;
export type ReportLookup = ReadonlyMap<number, ReportFields>;

/**
 * The official layout of a plan. Status and progress come from `reports` when given, else from the
 * document's own rows (a SheetDocument), else stay empty.
 */
export function render(plan: PlanLike, reports?: ReportLookup): RenderedSheet {
  const width = COLUMNS.length;
  const grid: (string | number)[][] = [];
  const rowKinds: RowKind[] = [];
  const seqs: (number | null)[] = [];
  const merges: Merge[] = [];
  const mergedRow = (kind: RowKind, text: string) => {
    merges.push({ row: grid.length, column: 0, rowCount: 1, columnCount: width });
    grid.push([text, "", "", "", ""]);
    rowKinds.push(kind);
    seqs.push(null);
  };

  mergedRow("title", plan.title);
  grid.push([...COLUMNS]);
  rowKinds.push("header");
  seqs.push(null);
  for (const section of plan.sections) {
    mergedRow("section", `${section.no}、${section.title}`);
    for (const subsection of section.subsections) {
      if (subsection.title !== null) mergedRow("subheading", `${subsection.title}。`);
      for (const item of subsection.items) {
        const report = reports?.get(item.seq) ?? reportOf(item);
        grid.push([item.seq, item.task, report.status, report.progress, item.units.join("\n")]);
        rowKinds.push("task");
        seqs.push(item.seq);
      }
    }
  }
  return {
    grid,
    rowKinds,
    seqs,
    merges,
    columnWidths: COLUMN_WIDTHS,
    rowStyles: ROW_STYLES,
    editableColumns: [2, 3],
    statusColumn: 2,
  };
}

function reportOf(item: object): ReportFields {
  const r = item as Partial<ReportFields>;
  return { status: r.status ?? "", progress: r.progress ?? "" };
}
