// WPS's Range over the Excel stand-in's workbook model: Value2 as a 2-D array (a single cell as a
// scalar, empty cells null), a merged area's value in its top-left cell only, BGR colours, VBA's
// alignment numbers, protection enforced by the shared Excel rules.
import { columnLetters, type Rect } from "../excel-host/address.ts";
import { clearRange, readValues, writeNumberFormat, writeValues } from "../excel-host/contents.ts";
import { applyFormat } from "../excel-host/formats.ts";
import { guardOption, guardProtected } from "../excel-host/guard.ts";
import { autofitRows, mergeRange, setColumnWidth } from "../excel-host/layout.ts";
import {
  columnWidth,
  effectiveFormat,
  rowHeight,
  type SheetModel,
  type WorkbookModel,
} from "../excel-host/model.ts";
import { clearRule, setRule } from "../excel-host/validation.ts";
import { WpsError, expectType, strict } from "./strict.ts";

const H_ALIGN: Record<number, string> = {
  [-4131]: "Left",
  [-4108]: "Center",
  [-4152]: "Right",
  1: "General",
};
const V_ALIGN: Record<number, string> = { [-4160]: "Top", [-4108]: "Center", [-4107]: "Bottom" };

export function hexOfBgr(value: unknown): string {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 0xffffff)
    throw new WpsError(`颜色须为 BGR 数值 / a colour is a BGR number, got ${JSON.stringify(value)}`);
  const hex = (n: number) => n.toString(16).padStart(2, "0").toUpperCase();
  return `#${hex(value & 0xff)}${hex((value >> 8) & 0xff)}${hex((value >> 16) & 0xff)}`;
}

/** Characters (WPS's ColumnWidth) to points (the model's), as addin/host/rects.ts charsToPoints. */
const charsToPoints = (chars: number) => Math.round((chars * 7 + 5) * 0.75 * 100) / 100;

/** Each sheet's own selection: WPS puts the cursor back where it was when a sheet is activated again. */
export const SELECTIONS = new WeakMap<SheetModel, Rect>();

export function wpsRange(workbook: () => WorkbookModel, sheet: SheetModel, rect: Rect): object {
  const format = (patch: Parameters<typeof applyFormat>[2]) => {
    guardOption(sheet, "allowFormatCells");
    applyFormat(sheet, rect, patch);
  };
  const font = strict("Font", {
    set Name(v: unknown) {
      expectType(v, "string", "Font.Name");
      format({ fontName: v as string });
    },
    set Size(v: unknown) {
      expectType(v, "number", "Font.Size");
      format({ fontSize: v as number });
    },
    set Bold(v: unknown) {
      expectType(v, "boolean", "Font.Bold");
      format({ bold: v as boolean });
    },
    get Bold() {
      return effectiveFormat(sheet, rect.row, rect.col, "bold");
    },
    set Italic(v: unknown) {
      expectType(v, "boolean", "Font.Italic");
      format({ italic: v as boolean });
    },
    set Color(v: unknown) {
      format({ fontColor: hexOfBgr(v) });
    },
  });
  const interior = strict("Interior", {
    set Color(v: unknown) {
      format({ fill: hexOfBgr(v) });
    },
    get Color() {
      const fill = effectiveFormat(sheet, rect.row, rect.col, "fill");
      return fill ? parseInt(fill.slice(5, 7) + fill.slice(3, 5) + fill.slice(1, 3), 16) : 0xffffff;
    },
    set ColorIndex(v: unknown) {
      if (v !== -4142)
        throw new WpsError(`只模拟 xlNone(-4142) / only xlColorIndexNone is modelled, got ${String(v)}`);
      format({ fill: null });
    },
  });
  // Borders are cosmetic and not modelled (as in the Excel stand-in); the values are still checked.
  const borders = strict("Borders", {
    set LineStyle(v: unknown) {
      expectType(v, "number", "Borders.LineStyle");
    },
    set Weight(v: unknown) {
      expectType(v, "number", "Borders.Weight");
    },
    set Color(v: unknown) {
      hexOfBgr(v);
    },
  });
  const validation = wpsValidation(sheet, rect);
  const left = () =>
    Array.from({ length: rect.col }, (_, c) => columnWidth(sheet, c)).reduce((a, b) => a + b, 0);
  const top = () =>
    Array.from({ length: rect.row }, (_, r) => rowHeight(sheet, r)).reduce((a, b) => a + b, 0);
  return strict("Range", {
    Row: rect.row + 1,
    Column: rect.col + 1,
    Rows: strict("Rows", { Count: rect.rows, AutoFit: () => autofitRows(sheet, rect) }),
    Columns: strict("Columns", { Count: rect.cols }),
    get Left() {
      return left();
    },
    get Top() {
      return top();
    },
    get Address() {
      return `$${columnLetters(rect.col)}$${rect.row + 1}`;
    },
    get Value2() {
      const grid = readValues(sheet, rect).map((row) => row.map((v) => (v === "" ? null : v)));
      return rect.rows === 1 && rect.cols === 1 ? grid[0]![0] : grid;
    },
    set Value2(v: unknown) {
      if (Array.isArray(v) && v.some((row) => !Array.isArray(row)))
        throw new WpsError("Value2 需要二维数组 / Value2 takes a 2-D array");
      writeValues(sheet, rect, v, "Value2");
    },
    set NumberFormat(v: unknown) {
      expectType(v, "string", "NumberFormat");
      writeNumberFormat(sheet, rect, v);
    },
    set HorizontalAlignment(v: unknown) {
      const name = H_ALIGN[v as number];
      if (!name) throw new WpsError(`HorizontalAlignment 取值无效 / invalid: ${String(v)}`);
      format({ hAlign: name });
    },
    set VerticalAlignment(v: unknown) {
      const name = V_ALIGN[v as number];
      if (!name) throw new WpsError(`VerticalAlignment 取值无效 / invalid: ${String(v)}`);
      format({ vAlign: name });
    },
    set WrapText(v: unknown) {
      expectType(v, "boolean", "WrapText");
      format({ wrap: v as boolean });
    },
    get ColumnWidth() {
      return Math.round(((columnWidth(sheet, rect.col) / 0.75 - 5) / 7) * 100) / 100;
    },
    set ColumnWidth(v: unknown) {
      expectType(v, "number", "ColumnWidth");
      setColumnWidth(sheet, rect, charsToPoints(v as number));
    },
    set Locked(v: unknown) {
      expectType(v, "boolean", "Locked");
      guardProtected(sheet, "locking or unlocking cells");
      applyFormat(sheet, rect, { locked: v as boolean });
    },
    Font: font,
    Interior: interior,
    Borders: borders,
    Validation: validation,
    Merge(across?: unknown) {
      mergeRange(sheet, rect, across === true);
    },
    Select() {
      const book = workbook();
      if (book.activeSheet !== sheet)
        throw new WpsError(
          `只能在活动工作表上选择单元格 / Select works on the active sheet only (${sheet.name})`,
        );
      book.selection = { sheet, rect };
      SELECTIONS.set(sheet, rect);
    },
    ClearContents() {
      clearRange(sheet, rect, "Contents");
    },
  });
}

function wpsValidation(sheet: SheetModel, rect: Rect): object {
  const area = () => {
    const found = sheet.validations.find(
      (a) =>
        a.rect.row === rect.row &&
        a.rect.col === rect.col &&
        a.rect.rows === rect.rows &&
        a.rect.cols === rect.cols,
    );
    if (!found)
      throw new WpsError("区域没有数据有效性,先调用 Validation.Add / no validation here: call Add first");
    return found;
  };
  return strict("Validation", {
    Add(type: unknown, alertStyle: unknown, _operator: unknown, formula1: unknown) {
      if (type !== 3)
        throw new WpsError(`只模拟序列有效性 xlValidateList(3) / only list validation is modelled`);
      expectType(formula1, "string", "Validation.Add Formula1");
      if (
        sheet.validations.some(
          (a) =>
            a.rect.row < rect.row + rect.rows &&
            rect.row < a.rect.row + a.rect.rows &&
            a.rect.col < rect.col + rect.cols &&
            rect.col < a.rect.col + a.rect.cols,
        )
      )
        throw new WpsError("区域已有数据有效性,先 Delete / the range has validation: Delete first");
      setRule(sheet, rect, { source: formula1 as string, inCellDropDown: true });
      area().errorAlert.style = alertStyle === 2 ? "Warning" : alertStyle === 3 ? "Information" : "Stop";
    },
    Delete() {
      clearRule(sheet, rect);
    },
    set IgnoreBlank(v: unknown) {
      area().ignoreBlanks = v === true;
    },
    set InCellDropdown(v: unknown) {
      area().rule.inCellDropDown = v === true;
    },
    set ShowError(v: unknown) {
      area().errorAlert.showAlert = v === true;
    },
    set ErrorTitle(v: unknown) {
      expectType(v, "string", "ErrorTitle");
      area().errorAlert.title = v as string;
    },
    set ErrorMessage(v: unknown) {
      expectType(v, "string", "ErrorMessage");
      area().errorAlert.message = v as string;
    },
  });
}
