// The 完成状态 drop-down: a data-validation list on the status cells of the task rows.
// Range.dataValidation is ExcelApi 1.8, above the manifest's 1.7: callers pass whether it is
// supported (capabilities.ts) and the sheet simply has no drop-down where it is not.
import type { Run } from "./rects.ts";

import type { DropDownText } from "../host/host.ts";

export type { DropDownText } from "../host/host.ts";

/**
 * Queues a list validation on each run of task rows in the status column. The alert is a warning,
 * not a stop: a variant like 完成 may still be typed, and 校验 suggests the canonical value.
 */
export function queueStatusDropDown(
  sheet: Excel.Worksheet,
  runs: readonly Run[],
  column: number,
  values: readonly string[],
  text: DropDownText,
  supported: boolean,
): boolean {
  if (!supported || values.length === 0) return false;
  for (const run of runs) {
    const range = sheet.getRangeByIndexes(run.row, column, run.count, 1);
    range.dataValidation.rule = { list: { inCellDropDown: true, source: values.join(",") } };
    range.dataValidation.errorAlert = {
      showAlert: true,
      style: "Warning",
      title: text.title,
      message: text.message,
    };
  }
  return true;
}
