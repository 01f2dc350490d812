// Workbook-level rules for worksheets: names, adding, deleting, ordering, visibility, activation.

import type { Rect } from "./address.ts";
import { fail } from "./errors.ts";
import { createSheet, findSheet, type SheetModel, type Visibility, type WorkbookModel } from "./model.ts";

export const VISIBILITIES: Visibility[] = ["Visible", "Hidden", "VeryHidden"];

/** Excel's sheet-name rules: 1–31 characters, none of []:*?/\, no leading/trailing apostrophe, not "History". */
export function checkSheetName(name: unknown): string {
  if (typeof name !== "string" || name.trim() === "")
    return fail("InvalidArgument", "a sheet name cannot be empty");
  if (name.length > 31)
    return fail("InvalidArgument", `the sheet name "${name}" is longer than 31 characters`);
  if (/[[\]:*?/\\]/.test(name))
    return fail("InvalidArgument", `the sheet name "${name}" contains one of []:*?/\\`);
  if (name.startsWith("'") || name.endsWith("'"))
    return fail("InvalidArgument", "a sheet name cannot start or end with '");
  if (name.toLowerCase() === "history") return fail("InvalidArgument", '"History" is reserved by Excel');
  return name;
}

export function addSheet(workbook: WorkbookModel, requested?: unknown): SheetModel {
  const name =
    requested === undefined || requested === null ? nextDefaultName(workbook) : checkSheetName(requested);
  if (findSheet(workbook, name)) fail("ItemAlreadyExists", `a sheet named "${name}" exists`);
  const sheet = createSheet(workbook, name);
  workbook.sheets.push(sheet);
  if (!workbook.activeSheet) activate(workbook, sheet);
  return sheet;
}

function nextDefaultName(workbook: WorkbookModel): string {
  const used = workbook.sheets
    .map((s) => /^sheet(\d+)$/i.exec(s.name)?.[1])
    .map(Number)
    .filter(Boolean);
  return `Sheet${Math.max(0, ...used) + 1}`;
}

export function renameSheet(workbook: WorkbookModel, sheet: SheetModel, requested: unknown): void {
  const name = checkSheetName(requested);
  const clash = findSheet(workbook, name);
  if (clash && clash !== sheet) fail("ItemAlreadyExists", `a sheet named "${name}" exists`);
  sheet.name = name;
}

export function deleteSheet(workbook: WorkbookModel, sheet: SheetModel): void {
  if (sheet.visibility === "VeryHidden")
    fail("InvalidOperation", "a very hidden sheet must be made visible before deletion");
  if (visibleSheets(workbook).every((s) => s === sheet))
    fail("InvalidOperation", "a workbook keeps one visible sheet");
  workbook.sheets = workbook.sheets.filter((s) => s !== sheet);
  for (const other of workbook.sheets)
    other.charts = other.charts.filter((chart) => chart.source.sheet !== sheet);
  if (workbook.activeSheet === sheet) activateNeighbour(workbook);
}

export function moveSheet(workbook: WorkbookModel, sheet: SheetModel, position: unknown): void {
  const count = workbook.sheets.length;
  if (typeof position !== "number" || !Number.isInteger(position) || position < 0 || position >= count) {
    fail("InvalidArgument", `position must be an integer from 0 to ${count - 1}`);
  }
  workbook.sheets = workbook.sheets.filter((s) => s !== sheet);
  workbook.sheets.splice(position, 0, sheet);
}

export function setVisibility(workbook: WorkbookModel, sheet: SheetModel, visibility: unknown): void {
  if (!VISIBILITIES.includes(visibility as Visibility)) {
    fail("InvalidArgument", `visibility must be one of ${VISIBILITIES.join(", ")}`);
  }
  const target = visibility as Visibility;
  if (target !== "Visible" && visibleSheets(workbook).every((s) => s === sheet)) {
    fail("InvalidOperation", "a workbook keeps one visible sheet");
  }
  sheet.visibility = target;
  if (target !== "Visible" && workbook.activeSheet === sheet) activateNeighbour(workbook);
}

export function activate(workbook: WorkbookModel, sheet: SheetModel, rect?: Rect): void {
  if (sheet.visibility !== "Visible") fail("InvalidOperation", `the sheet "${sheet.name}" is hidden`);
  workbook.activeSheet = sheet;
  const selection = rect ?? (workbook.selection?.sheet === sheet ? workbook.selection.rect : undefined);
  workbook.selection = { sheet, rect: selection ?? { row: 0, col: 0, rows: 1, cols: 1 } };
}

function visibleSheets(workbook: WorkbookModel): SheetModel[] {
  return workbook.sheets.filter((s) => s.visibility === "Visible");
}

function activateNeighbour(workbook: WorkbookModel): void {
  const next = visibleSheets(workbook)[0];
  workbook.activeSheet = next;
  workbook.selection = next ? { sheet: next, rect: { row: 0, col: 0, rows: 1, cols: 1 } } : undefined;
}
