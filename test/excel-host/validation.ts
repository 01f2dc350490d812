// Data validation areas. Only list rules are modelled (the add-in's drop-downs); a rule set on a
// range replaces whatever rule its cells had, and clearing cuts the areas around the range.

import { intersect, parseAddress, subtractRect, type Rect } from "./address.ts";
import { displayText } from "./cell-input.ts";
import { readValues } from "./contents.ts";
import { fail } from "./errors.ts";
import { guardProtected } from "./guard.ts";
import {
  findSheet,
  getCell,
  type ListRule,
  type SheetModel,
  type ValidationArea,
  type WorkbookModel,
} from "./model.ts";

/** Excel's limit on a typed-in list ("a,b,c"); longer lists must come from cells. */
export const MAX_LIST_SOURCE = 255;

export function parseRule(rule: unknown): ListRule {
  if (typeof rule !== "object" || rule === null)
    return fail("InvalidArgument", "dataValidation.rule must be an object");
  const kinds = Object.keys(rule).filter((k) => (rule as Record<string, unknown>)[k] != null);
  if (kinds.length !== 1)
    return fail("InvalidArgument", "dataValidation.rule must name exactly one rule type");
  if (kinds[0] !== "list") return fail("NotImplemented", `the host models list rules only, not ${kinds[0]}`);
  const list = (rule as { list: { source?: unknown; inCellDropDown?: unknown } }).list;
  const source = list.source;
  if (typeof source !== "string" || source.trim() === "")
    return fail("InvalidArgument", "list.source is empty");
  if (!source.startsWith("=") && source.length > MAX_LIST_SOURCE) {
    fail("InvalidArgument", `list.source is ${source.length} characters; Excel allows ${MAX_LIST_SOURCE}`);
  }
  return { source, inCellDropDown: list.inCellDropDown !== false };
}

export function setRule(sheet: SheetModel, rect: Rect, rule: ListRule): void {
  guardProtected(sheet, "changing data validation");
  cutOut(sheet, rect);
  sheet.validations.push({
    rect,
    rule,
    ignoreBlanks: true,
    errorAlert: { showAlert: true, style: "Stop", title: "", message: "" },
    prompt: { showPrompt: false, title: "", message: "" },
  });
}

export function clearRule(sheet: SheetModel, rect: Rect): void {
  guardProtected(sheet, "clearing data validation");
  cutOut(sheet, rect);
}

function cutOut(sheet: SheetModel, rect: Rect): void {
  sheet.validations = sheet.validations.flatMap((area) =>
    subtractRect(area.rect, rect).map((piece) => ({ ...area, rect: piece })),
  );
}

/** The single area covering all of `rect`, "none" when no cell has a rule, "mixed" otherwise. */
export function ruleAt(sheet: SheetModel, rect: Rect): ValidationArea | "none" | "mixed" {
  const touching = sheet.validations.filter((a) => intersect(a.rect, rect));
  if (touching.length === 0) return "none";
  const rules = new Set(touching.map((a) => JSON.stringify(a.rule)));
  const covered = touching.reduce((n, a) => n + areaOf(intersect(a.rect, rect)), 0);
  const first = touching[0];
  return rules.size === 1 && covered === rect.rows * rect.cols && first ? first : "mixed";
}

function areaOf(rect: Rect | null): number {
  return rect ? rect.rows * rect.cols : 0;
}

export function areasTouching(sheet: SheetModel, rect: Rect): ValidationArea[] {
  return sheet.validations.filter((a) => intersect(a.rect, rect));
}

/** The allowed entries: the typed list, or the values of the cells a "=Sheet!A1:A9" source names. */
export function listEntries(workbook: WorkbookModel, sheet: SheetModel, rule: ListRule): string[] {
  if (!rule.source.startsWith("=")) return rule.source.split(",").map((s) => s.trim());
  const parsed = parseAddress(rule.source.slice(1));
  const from = parsed?.sheet === undefined ? sheet : findSheet(workbook, parsed.sheet);
  if (!parsed || !from) return [];
  return readValues(from, parsed.rect)
    .flat()
    .filter((v) => v !== "")
    .map((v) => displayText(v, "General"));
}

/** DataValidation.valid: every non-empty cell under a list rule holds one of its entries. */
export function allValid(workbook: WorkbookModel, sheet: SheetModel, rect: Rect): boolean {
  for (const area of sheet.validations) {
    const cut = intersect(area.rect, rect);
    if (!cut) continue;
    const allowed = new Set(listEntries(workbook, sheet, area.rule));
    for (let r = cut.row; r < cut.row + cut.rows; r++) {
      for (let c = cut.col; c < cut.col + cut.cols; c++) {
        const value = getCell(sheet, r, c)?.value;
        if (value !== undefined && !allowed.has(displayText(value, "General"))) return false;
      }
    }
  }
  return true;
}
