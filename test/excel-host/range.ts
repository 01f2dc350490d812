// Excel.Range: a rectangle of one worksheet. Navigation methods (getCell, getResizedRange …)
// make new proxies without a round trip; their rectangle is worked out when first used in a sync.

import {
  MAX_COLUMNS,
  MAX_ROWS,
  boundingRect,
  insideGrid,
  intersect,
  isEntireColumns,
  isEntireRows,
  parseAddress,
  qualifiedAddress,
  type Rect,
} from "./address.ts";
import {
  clearRange,
  readFormulas,
  readNumberFormat,
  readText,
  readValueTypes,
  readValues,
  writeNumberFormat,
  writeValues,
  type ClearApplyTo,
} from "./contents.ts";
import { DataValidation } from "./data-validation.ts";
import { fail } from "./errors.ts";
import { mergeRange, unmergeRange, usedRect } from "./layout.ts";
import { isAlive, type CellScalar, type SheetModel, type WorkbookModel } from "./model.ts";
import { ClientObject, type ContextLike, type ObjectMeta } from "./proxy.ts";
import { RangeFormat } from "./range-format.ts";
import { activate } from "./sheets.ts";
import { Worksheet } from "./worksheet.ts";

export interface RangeTarget {
  sheet: SheetModel;
  rect: Rect;
}

type Grid = CellScalar[][];

const RANGE_META: ObjectMeta<RangeTarget> = {
  typeName: "Range",
  scalars: {
    address: (t) => qualifiedAddress(t.sheet.name, t.rect),
    addressLocal: (t) => qualifiedAddress(t.sheet.name, t.rect),
    rowIndex: (t) => t.rect.row,
    columnIndex: (t) => t.rect.col,
    rowCount: (t) => t.rect.rows,
    columnCount: (t) => t.rect.cols,
    cellCount: (t) => t.rect.rows * t.rect.cols,
    isEntireColumn: (t) => isEntireColumns(t.rect),
    isEntireRow: (t) => isEntireRows(t.rect),
    values: (t) => readValues(t.sheet, t.rect),
    text: (t) => readText(t.sheet, t.rect),
    formulas: (t) => readFormulas(t.sheet, t.rect),
    formulasLocal: (t) => readFormulas(t.sheet, t.rect),
    numberFormat: (t) => readNumberFormat(t.sheet, t.rect),
    numberFormatLocal: (t) => readNumberFormat(t.sheet, t.rect),
    valueTypes: (t) => readValueTypes(t.sheet, t.rect),
  },
  navigations: {
    format: (self) => (self as Range).format,
    dataValidation: (self) => (self as Range).dataValidation,
    worksheet: (self) => (self as Range).worksheet,
  },
};

export class Range extends ClientObject<RangeTarget> {
  private formatProxy: RangeFormat | undefined;
  private validationProxy: DataValidation | undefined;
  private sheetProxy: Worksheet | undefined;

  constructor(context: ContextLike, resolver: () => RangeTarget | null, createdBy: string) {
    super(context, RANGE_META, resolver, createdBy);
  }

  protected override stillExists(target: RangeTarget, workbook: WorkbookModel): boolean {
    return isAlive(workbook, target.sheet);
  }

  get address(): string {
    return this.read("address");
  }
  get addressLocal(): string {
    return this.read("addressLocal");
  }
  get rowIndex(): number {
    return this.read("rowIndex");
  }
  get columnIndex(): number {
    return this.read("columnIndex");
  }
  get rowCount(): number {
    return this.read("rowCount");
  }
  get columnCount(): number {
    return this.read("columnCount");
  }
  get cellCount(): number {
    return this.read("cellCount");
  }
  get isEntireColumn(): boolean {
    return this.read("isEntireColumn");
  }
  get isEntireRow(): boolean {
    return this.read("isEntireRow");
  }
  get text(): string[][] {
    return this.read("text");
  }
  get valueTypes(): string[][] {
    return this.read("valueTypes");
  }

  get values(): Grid {
    return this.read("values");
  }
  set values(values: Grid) {
    this.write("values", values, (t, v) => writeValues(t.sheet, t.rect, v));
  }

  get formulas(): Grid {
    return this.read("formulas");
  }
  set formulas(formulas: Grid) {
    this.write("formulas", formulas, (t, v) => writeValues(t.sheet, t.rect, v, "formulas"));
  }

  get formulasLocal(): Grid {
    return this.read("formulasLocal");
  }
  set formulasLocal(formulas: Grid) {
    this.write("formulasLocal", formulas, (t, v) => writeValues(t.sheet, t.rect, v, "formulasLocal"));
  }

  get numberFormat(): string[][] {
    return this.read("numberFormat");
  }
  set numberFormat(formats: string[][]) {
    this.write("numberFormat", formats, (t, v) => writeNumberFormat(t.sheet, t.rect, v));
  }

  get numberFormatLocal(): string[][] {
    return this.read("numberFormatLocal");
  }
  set numberFormatLocal(formats: string[][]) {
    this.write("numberFormatLocal", formats, (t, v) => writeNumberFormat(t.sheet, t.rect, v));
  }

  get format(): RangeFormat {
    this.formatProxy ??= new RangeFormat(this.context, () => this.resolve(), "Range.format");
    return this.formatProxy;
  }

  get dataValidation(): DataValidation {
    this.validationProxy ??= new DataValidation(this.context, () => this.resolve(), "Range.dataValidation");
    return this.validationProxy;
  }

  get worksheet(): Worksheet {
    this.sheetProxy ??= new Worksheet(this.context, () => this.resolve()?.sheet ?? null, "Range.worksheet");
    return this.sheetProxy;
  }

  // --- navigation: new proxies, resolved at sync ---

  /** A range worked out from this one; outside the grid is InvalidArgument, as in Excel. */
  private derive(location: string, toRect: (rect: Rect, sheet: SheetModel) => Rect | null): Range {
    return new Range(
      this.context,
      () => {
        const target = this.resolve();
        if (!target) return null;
        const rect = toRect(target.rect, target.sheet);
        if (rect === null) return null;
        if (!insideGrid(rect)) return fail("InvalidArgument", "the range would leave the worksheet");
        return { sheet: target.sheet, rect };
      },
      location,
    );
  }

  getCell(row: number, column: number): Range {
    return this.derive("Range.getCell", (r) => ({ row: r.row + row, col: r.col + column, rows: 1, cols: 1 }));
  }

  getRow(row: number): Range {
    return this.derive("Range.getRow", (r) => {
      checkIndex(row, r.rows);
      return { ...r, row: r.row + row, rows: 1 };
    });
  }

  getColumn(column: number): Range {
    return this.derive("Range.getColumn", (r) => {
      checkIndex(column, r.cols);
      return { ...r, col: r.col + column, cols: 1 };
    });
  }

  getRowsAbove(count = 1): Range {
    return this.derive("Range.getRowsAbove", (r) => ({ ...r, row: r.row - count, rows: count }));
  }

  getRowsBelow(count = 1): Range {
    return this.derive("Range.getRowsBelow", (r) => ({ ...r, row: r.row + r.rows, rows: count }));
  }

  getColumnsBefore(count = 1): Range {
    return this.derive("Range.getColumnsBefore", (r) => ({ ...r, col: r.col - count, cols: count }));
  }

  getColumnsAfter(count = 1): Range {
    return this.derive("Range.getColumnsAfter", (r) => ({ ...r, col: r.col + r.cols, cols: count }));
  }

  getResizedRange(deltaRows: number, deltaColumns: number): Range {
    return this.derive("Range.getResizedRange", (r) => ({
      ...r,
      rows: r.rows + deltaRows,
      cols: r.cols + deltaColumns,
    }));
  }

  getAbsoluteResizedRange(numRows: number, numColumns: number): Range {
    return this.derive("Range.getAbsoluteResizedRange", (r) => ({ ...r, rows: numRows, cols: numColumns }));
  }

  getOffsetRange(rowOffset: number, columnOffset: number): Range {
    return this.derive("Range.getOffsetRange", (r) => ({
      ...r,
      row: r.row + rowOffset,
      col: r.col + columnOffset,
    }));
  }

  getEntireRow(): Range {
    return this.derive("Range.getEntireRow", (r) => ({
      row: r.row,
      rows: r.rows,
      col: 0,
      cols: MAX_COLUMNS,
    }));
  }

  getEntireColumn(): Range {
    return this.derive("Range.getEntireColumn", (r) => ({
      row: 0,
      rows: MAX_ROWS,
      col: r.col,
      cols: r.cols,
    }));
  }

  getLastRow(): Range {
    return this.derive("Range.getLastRow", (r) => ({ ...r, row: r.row + r.rows - 1, rows: 1 }));
  }

  getLastColumn(): Range {
    return this.derive("Range.getLastColumn", (r) => ({ ...r, col: r.col + r.cols - 1, cols: 1 }));
  }

  getLastCell(): Range {
    return this.derive("Range.getLastCell", (r) => ({
      row: r.row + r.rows - 1,
      col: r.col + r.cols - 1,
      rows: 1,
      cols: 1,
    }));
  }

  getBoundingRect(other: Range | string): Range {
    this.sameContext(other);
    return this.derive("Range.getBoundingRect", (r, sheet) => boundingRect(r, this.otherRect(other, sheet)));
  }

  getIntersection(other: Range | string): Range {
    this.sameContext(other);
    return this.derive("Range.getIntersection", (r, sheet) => {
      return (
        intersect(r, this.otherRect(other, sheet)) ?? fail("ItemNotFound", "the ranges do not intersect")
      );
    });
  }

  getIntersectionOrNullObject(other: Range | string): Range {
    this.sameContext(other);
    return this.derive("Range.getIntersectionOrNullObject", (r, sheet) =>
      intersect(r, this.otherRect(other, sheet)),
    );
  }

  /** The used part of this range; ItemNotFound when none of it is used (Excel's rule for Range). */
  getUsedRange(valuesOnly = false): Range {
    return this.derive("Range.getUsedRange", (r, sheet) => {
      const used = usedRect(sheet, valuesOnly);
      return (used && intersect(r, used)) ?? fail("ItemNotFound", "no used cells in the range");
    });
  }

  getUsedRangeOrNullObject(valuesOnly = false): Range {
    return this.derive("Range.getUsedRangeOrNullObject", (r, sheet) => {
      const used = usedRect(sheet, valuesOnly);
      return used && intersect(r, used);
    });
  }

  private otherRect(other: Range | string, sheet: SheetModel): Rect {
    if (typeof other === "string") {
      const parsed = parseAddress(other);
      if (
        !parsed ||
        (parsed.sheet !== undefined && parsed.sheet.toLowerCase() !== sheet.name.toLowerCase())
      ) {
        return fail("InvalidArgument", `not an address on ${sheet.name}: ${other}`);
      }
      return parsed.rect;
    }
    const target = other.resolve();
    if (!target || target.sheet !== sheet)
      return fail("InvalidArgument", "the ranges are on different sheets");
    return target.rect;
  }

  // --- actions: queued, applied at sync ---

  merge(across = false): void {
    this.queue("Range.merge", (t) => mergeRange(t.sheet, t.rect, across));
  }

  unmerge(): void {
    this.queue("Range.unmerge", (t) => unmergeRange(t.sheet, t.rect));
  }

  clear(applyTo: ClearApplyTo = "All"): void {
    this.queue("Range.clear", (t) => clearRange(t.sheet, t.rect, applyTo));
  }

  select(): void {
    this.queue("Range.select", (t, workbook) => {
      if (t.sheet.visibility !== "Visible") fail("InvalidSelection", `the sheet "${t.sheet.name}" is hidden`);
      activate(workbook, t.sheet, t.rect);
    });
  }
}

function checkIndex(index: number, count: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= count)
    fail("InvalidArgument", `index ${index} is outside the range`);
}
