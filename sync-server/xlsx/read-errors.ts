// The two ways reading a workbook fails. Both carry an HTTP status, so any route that lets one escape
// still answers a 4xx problem (the problem handler maps a 4xx `status`), never a 500.

/** The file is not a readable .xlsx workbook (not a zip, damaged, no worksheet…). */
export class UnreadableWorkbookError extends Error {
  readonly status: number = 422;
  readonly code: string = "not-xlsx";
}

export type WorkbookLimitCode =
  "not-xlsx" | "too-large" | "too-many-rows" | "too-many-columns" | "too-many-cells" | "too-slow";

/**
 * The workbook is over one of the reader's limits (or not an .xlsx at all). A subclass of
 * UnreadableWorkbookError so that callers written against the older reader refuse it too.
 */
export class UploadRejectedError extends UnreadableWorkbookError {
  override readonly status: number;
  constructor(
    override readonly code: WorkbookLimitCode,
    message: string,
  ) {
    super(message);
    // Size and memory are "too large" (413); everything about the content is unprocessable (422).
    this.status = code === "too-large" || code === "too-many-cells" ? 413 : 422;
  }
}
