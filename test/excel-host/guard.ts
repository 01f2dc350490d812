// Sheet protection, enforced the way Excel enforces it: a protected sheet refuses edits to
// locked cells and refuses formatting unless the protection options allow it.

import type { Rect } from "./address.ts";
import { fail } from "./errors.ts";
import { uniformFormat } from "./formats.ts";
import type { SheetModel } from "./model.ts";

export type ProtectionOption =
  | "allowFormatCells"
  | "allowFormatColumns"
  | "allowFormatRows"
  | "allowEditObjects"
  | "allowInsertRows"
  | "allowDeleteRows";

/** Writing contents: every cell of the range must be unlocked (Excel checks the range, not just non-null cells). */
export function guardContents(sheet: SheetModel, rect: Rect): void {
  if (!sheet.protection.protected) return;
  if (uniformFormat(sheet, rect, "locked") !== false) {
    fail("AccessDenied", `cells of the protected sheet "${sheet.name}" are locked`);
  }
}

export function guardOption(sheet: SheetModel, option: ProtectionOption): void {
  if (sheet.protection.protected && sheet.protection.options[option] !== true) {
    fail("AccessDenied", `the sheet "${sheet.name}" is protected without ${option}`);
  }
}

/** Merging, data validation, unlocking: never allowed while the sheet is protected. */
export function guardProtected(sheet: SheetModel, what: string): void {
  if (sheet.protection.protected)
    fail("AccessDenied", `${what} is not allowed on the protected sheet "${sheet.name}"`);
}
