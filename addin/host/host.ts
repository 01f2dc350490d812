// The line between the task pane and the spreadsheet program. The pane's actions (taskpane/actions/)
// decide what to read and write; a host carries it out: addin/excel/ with Office.js (queued, synced in
// few round trips), addin/wps/ with the WPS JS API (synchronous, VBA's object model). Everything here
// is types and one error: no Office, no WPS, no DOM.
import type { GridOrigin, RenderedSheet } from "../../schema/layout.ts";
import type { SheetMetadata } from "../../schema/metadata.ts";
import type { MetadataBook, SheetRecord } from "../../schema/metadata-book.ts";
import type { HighlightPlan } from "./highlights.ts";
import type { ColouredCell, Run } from "./rects.ts";
import type { ChartTitles, SummaryLayout } from "./summary-layout.ts";

/** What the host can do beyond the basics, detected at run time. */
export interface Capabilities {
  /** The 完成状态 drop-down (Excel: Range.dataValidation, ExcelApi 1.8; WPS: Validation.Add). */
  dataValidation: boolean;
}

/** A worksheet as the pane reads it. */
export interface ActiveSheet {
  /** Excel's worksheet id; in WPS, which has none, the sheet's name. */
  id: string;
  name: string;
  /** The used range's values (values only: formatted empty cells do not count); [] for an empty sheet. */
  grid: unknown[][];
  origin: GridOrigin;
  protection: { protected: boolean; allowFormatCells: boolean };
}

export interface SheetInfo {
  id: string;
  name: string;
  /** "Visible" | "Hidden" | "VeryHidden" (Office.js names; the WPS host maps its numbers to them). */
  visibility: string;
}

export interface WorkbookSheets {
  /** Every worksheet, in tab order, hidden ones included. */
  sheets: SheetInfo[];
  book: MetadataBook;
}

/** A rendered sheet, optionally with a reference column (e.g. last period's text) after the official five. */
export interface SheetLayout extends RenderedSheet {
  /** Zero-based column shown greyed out as reference only; null when there is none. */
  referenceColumn?: number | null;
}

export interface DropDownText {
  title: string;
  message: string;
}

/** A sheet the pane creates: everything it holds, written in one go (one round trip in Excel). */
export interface NewSheet {
  name: string;
  /** When a sheet of this name exists it is replaced, so its formats, merges and charts do not linger. */
  replace?: boolean;
  /** The official layout at A1, with merges, styles, widths and the text number format. */
  layout?: SheetLayout;
  /** Fills over the layout (the merged sheet's combined status colours). */
  fills?: readonly ColouredCell[];
  /** Plain rows at A1 (the summary sheet): numbers kept as numbers, these rows bold. */
  rows?: { values: (string | number)[][]; bold: readonly number[]; firstColumnChars: number };
  /** The 完成状态 drop-down on these runs of rows; skipped where the host lacks it. */
  dropDown?: { runs: readonly Run[]; column: number; values: readonly string[]; text: DropDownText };
  /** Protect the sheet with only these columns of these rows editable. */
  lock?: {
    size: { rows: number; columns: number };
    taskRuns: readonly Run[];
    editableColumns: readonly number[];
  };
  /** The two summary charts over the rows. */
  charts?: { layout: SummaryLayout; titles: ChartTitles };
  /** The cell to select once the sheet is active (zero-based). */
  select?: { row: number; column: number };
}

/**
 * One user action's access to the workbook. Reads answer in one round trip each; writes are queued
 * and go out at the next flush() (or read, or when the session ends). A host that applies at once
 * (WPS) keeps the same contract.
 */
export interface HostSession {
  /** The active sheet and, unless `metadata` is false, the sheet list and the `_keywork` book. */
  readActive(options?: {
    metadata?: boolean;
  }): Promise<{ sheet: ActiveSheet; workbook: WorkbookSheets | null }>;
  /** A sheet by id or name (fails when it is gone). */
  readSheet(key: string): Promise<ActiveSheet>;
  /** The sheet list and the `_keywork` book (empty when the workbook has none). */
  readWorkbook(): Promise<WorkbookSheets>;
  /** Creates the sheets in order, activates the one at `activate`; answers their ids and names. */
  createSheets(
    existing: readonly SheetInfo[],
    sheets: readonly NewSheet[],
    activate: number,
  ): Promise<{ id: string; name: string }[]>;
  /** Clears the old highlights and fills the new ones of the plan. */
  highlight(sheetId: string, plan: HighlightPlan): void;
  /** One row's 完成状态 and 工作进展情况 (zero-based row and columns). */
  writeReportCells(
    sheetId: string,
    row: number,
    columns: { status: number; progress: number },
    values: { status: string; progress: string },
  ): void;
  /** Writes these records into the `_keywork` book (created very hidden if absent); the book as it will be. */
  writeRecords(
    book: MetadataBook,
    records: readonly SheetRecord[],
    liveSheetIds: ReadonlySet<string>,
  ): MetadataBook;
  /** Rewrites only the metadata part of an existing block (its highlight marks stay). */
  writeMetadataOnly(slot: number, metadata: SheetMetadata, clearRows: number): void;
  /** Activates the sheet and selects the cell (A1 address). */
  select(sheetKey: string, address: string): void;
  /** Applies what is queued. */
  flush(): Promise<void>;
}

export interface SpreadsheetHost {
  readonly kind: "excel" | "wps";
  readonly caps: Capabilities;
  /** Runs one user action's work on the workbook (Excel.run; for WPS a plain call). */
  session<T>(body: (session: HostSession) => Promise<T>): Promise<T>;
}

/** The pane was opened outside a spreadsheet program (a plain browser tab): no workbook to work on. */
export class NotInExcelError extends Error {
  constructor() {
    super("not running inside Excel or WPS");
    this.name = "NotInExcelError";
  }
}
