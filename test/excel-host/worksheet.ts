// Excel.Worksheet and its protection.

import { MAX_COLUMNS, MAX_ROWS, insideGrid, parseAddress, type Rect } from "./address.ts";
import { ChartCollection } from "./charts.ts";
import { fail } from "./errors.ts";
import { normalizeColor } from "./formats.ts";
import { usedRect } from "./layout.ts";
import {
  DEFAULT_COLUMN_WIDTH,
  DEFAULT_ROW_HEIGHT,
  isAlive,
  type SheetModel,
  type WorkbookModel,
} from "./model.ts";
import { ClientObject, type ContextLike, type ObjectMeta } from "./proxy.ts";
import { Range } from "./range.ts";
import { activate, deleteSheet, moveSheet, renameSheet, setVisibility } from "./sheets.ts";

const WORKSHEET_META: ObjectMeta<SheetModel> = {
  typeName: "Worksheet",
  scalars: {
    name: (s) => s.name,
    id: (s) => s.id,
    position: (s, workbook) => workbook.sheets.indexOf(s),
    visibility: (s) => s.visibility,
    tabColor: (s) => s.tabColor,
    showGridlines: (s) => s.showGridlines,
    standardWidth: () => DEFAULT_COLUMN_WIDTH,
    standardHeight: () => DEFAULT_ROW_HEIGHT,
  },
  navigations: {
    protection: (self) => (self as Worksheet).protection,
    charts: (self) => (self as Worksheet).charts,
  },
};

export class Worksheet extends ClientObject<SheetModel> {
  private protectionProxy: WorksheetProtection | undefined;
  private chartsProxy: ChartCollection | undefined;

  constructor(context: ContextLike, resolver: () => SheetModel | null, createdBy: string) {
    super(context, WORKSHEET_META, resolver, createdBy);
  }

  protected override stillExists(sheet: SheetModel, workbook: WorkbookModel): boolean {
    return isAlive(workbook, sheet);
  }

  get name(): string {
    return this.read("name");
  }
  set name(name: string) {
    this.write("name", name, (s, v, workbook) => renameSheet(workbook, s, v));
  }

  get id(): string {
    return this.read("id");
  }

  get position(): number {
    return this.read("position");
  }
  set position(position: number) {
    this.write("position", position, (s, v, workbook) => moveSheet(workbook, s, v));
  }

  get visibility(): string {
    return this.read("visibility");
  }
  set visibility(visibility: string) {
    this.write("visibility", visibility, (s, v, workbook) => setVisibility(workbook, s, v));
  }

  get tabColor(): string {
    return this.read("tabColor");
  }
  set tabColor(color: string) {
    this.write("tabColor", color, (s, v) => (s.tabColor = v === "" ? "" : normalizeColor(v)));
  }

  get showGridlines(): boolean {
    return this.read("showGridlines");
  }
  set showGridlines(show: boolean) {
    this.write("showGridlines", show, (s, v) => (s.showGridlines = v !== false));
  }

  get standardWidth(): number {
    return this.read("standardWidth");
  }
  get standardHeight(): number {
    return this.read("standardHeight");
  }

  get protection(): WorksheetProtection {
    this.protectionProxy ??= new WorksheetProtection(
      this.context,
      () => this.resolve(),
      "Worksheet.protection",
    );
    return this.protectionProxy;
  }

  get charts(): ChartCollection {
    this.chartsProxy ??= new ChartCollection(this.context, () => this.resolve(), "Worksheet.charts");
    return this.chartsProxy;
  }

  private rangeOf(location: string, toRect: (sheet: SheetModel) => Rect | null): Range {
    return new Range(
      this.context,
      () => {
        const sheet = this.resolve();
        if (!sheet) return null;
        const rect = toRect(sheet);
        return rect ? { sheet, rect } : null;
      },
      location,
    );
  }

  /** An A1 address on this sheet ("B2:E40", "C:C", "3:3"); no address is the whole sheet. */
  getRange(address?: string): Range {
    return this.rangeOf("Worksheet.getRange", (sheet) => {
      if (address === undefined || address === "")
        return { row: 0, col: 0, rows: MAX_ROWS, cols: MAX_COLUMNS };
      const parsed = typeof address === "string" ? parseAddress(address) : null;
      if (!parsed) return fail("InvalidArgument", `not an A1 address: ${JSON.stringify(address)}`);
      if (parsed.sheet !== undefined && parsed.sheet.toLowerCase() !== sheet.name.toLowerCase()) {
        return fail("InvalidArgument", `${address} is not on the sheet "${sheet.name}"`);
      }
      return parsed.rect;
    });
  }

  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): Range {
    return this.rangeOf("Worksheet.getRangeByIndexes", () => {
      const rect = { row: startRow, col: startColumn, rows: rowCount, cols: columnCount };
      return insideGrid(rect) ? rect : fail("InvalidArgument", `no such range: ${JSON.stringify(rect)}`);
    });
  }

  getCell(row: number, column: number): Range {
    return this.getRangeByIndexes(row, column, 1, 1);
  }

  /** Excel returns A1 for an empty sheet rather than failing. */
  getUsedRange(valuesOnly = false): Range {
    return this.rangeOf(
      "Worksheet.getUsedRange",
      (sheet) => usedRect(sheet, valuesOnly) ?? { row: 0, col: 0, rows: 1, cols: 1 },
    );
  }

  getUsedRangeOrNullObject(valuesOnly = false): Range {
    return this.rangeOf("Worksheet.getUsedRangeOrNullObject", (sheet) => usedRect(sheet, valuesOnly));
  }

  activate(): void {
    this.queue("Worksheet.activate", (sheet, workbook) => activate(workbook, sheet));
  }

  delete(): void {
    this.queue("Worksheet.delete", (sheet, workbook) => deleteSheet(workbook, sheet));
  }
}

const PROTECTION_OPTIONS = [
  "allowAutoFilter",
  "allowDeleteColumns",
  "allowDeleteRows",
  "allowEditObjects",
  "allowEditScenarios",
  "allowFormatCells",
  "allowFormatColumns",
  "allowFormatRows",
  "allowInsertColumns",
  "allowInsertHyperlinks",
  "allowInsertRows",
  "allowPivotTables",
  "allowSort",
];

const PROTECTION_META: ObjectMeta<SheetModel> = {
  typeName: "WorksheetProtection",
  scalars: {
    protected: (s) => s.protection.protected,
    options: (s) => ({
      ...Object.fromEntries(PROTECTION_OPTIONS.map((o) => [o, s.protection.options[o] === true])),
      selectionMode: s.protection.options.selectionMode ?? "Normal",
    }),
    isPasswordProtected: (s) => s.protection.protected && Boolean(s.protection.password),
  },
};

export class WorksheetProtection extends ClientObject<SheetModel> {
  constructor(context: ContextLike, resolver: () => SheetModel | null, createdBy: string) {
    super(context, PROTECTION_META, resolver, createdBy);
  }

  protected override stillExists(sheet: SheetModel, workbook: WorkbookModel): boolean {
    return isAlive(workbook, sheet);
  }

  get protected(): boolean {
    return this.read("protected");
  }
  get options(): Record<string, unknown> {
    return this.read("options");
  }
  get isPasswordProtected(): boolean {
    return this.read("isPasswordProtected");
  }

  /** Protecting a protected sheet changes nothing (Excel's long-standing behaviour). */
  protect(options?: Record<string, unknown>, password?: string): void {
    const chosen = options ? (JSON.parse(JSON.stringify(options)) as Record<string, unknown>) : {};
    this.queue("WorksheetProtection.protect", (sheet) => {
      if (sheet.protection.protected) return;
      const unknown = Object.keys(chosen).filter(
        (k) => !PROTECTION_OPTIONS.includes(k) && k !== "selectionMode",
      );
      if (unknown.length) fail("InvalidArgument", `unknown protection options: ${unknown.join(", ")}`);
      sheet.protection = {
        protected: true,
        options: chosen as Record<string, boolean | string>,
        ...(password ? { password } : {}),
      };
    });
  }

  unprotect(password?: string): void {
    this.queue("WorksheetProtection.unprotect", (sheet) => {
      if (!sheet.protection.protected) return;
      if (sheet.protection.password && sheet.protection.password !== password) {
        fail("InvalidArgument", "wrong sheet protection password");
      }
      sheet.protection = { protected: false, options: {} };
    });
  }
}
