// Locked task columns: the sheet is protected with only 完成状态 and 工作进展情况 of task rows unlocked.
//
// No password. The protection guards against slips (typing into 承担的重点工作 or 序号), not against a
// determined user: the server is the authority and refuses any row that is not the reporter's unit's,
// and it never takes task text or units from a submission. A password shipped in the add-in's public
// JavaScript would protect nothing, and a secret one would lock people out of their own workbook
// (row heights, printing) whenever the add-in is not at hand.
import type { Run } from "./rects.ts";

export const PROTECTION_OPTIONS: Excel.WorksheetProtectionOptions = {
  // Fills stay possible on a protected sheet: 校验 highlights cells, and people colour their own notes.
  allowFormatCells: true,
  allowFormatColumns: true,
  allowFormatRows: true,
  allowAutoFilter: true,
  selectionMode: "Normal",
};

/** Queues: every table cell locked, the editable columns of task rows unlocked, then protect. */
export function queueLockTaskColumns(
  sheet: Excel.Worksheet,
  size: { rows: number; columns: number },
  taskRuns: readonly Run[],
  editableColumns: readonly number[],
): void {
  sheet.getRangeByIndexes(0, 0, size.rows, size.columns).format.protection.locked = true;
  const editable = [...editableColumns].sort((a, b) => a - b);
  for (const run of taskRuns) {
    for (const block of contiguous(editable)) {
      sheet.getRangeByIndexes(run.row, block.start, run.count, block.count).format.protection.locked = false;
    }
  }
  sheet.protection.protect(PROTECTION_OPTIONS);
}

function contiguous(columns: readonly number[]): { start: number; count: number }[] {
  const out: { start: number; count: number }[] = [];
  for (const c of columns) {
    const last = out[out.length - 1];
    if (last && last.start + last.count === c) last.count++;
    else out.push({ start: c, count: 1 });
  }
  return out;
}
