// The part of the WPS JS API (WPS加载项, 表格/et) Keywork uses, typed. WPS follows Excel's VBA object
// model: 1-based indexes, synchronous calls, `Range("A1:F9").Value2` as a 2-D array (a single cell as a
// scalar), colours as BGR numbers, enums as plain numbers (below, with VBA's names).

export interface WpsApplication {
  ActiveWorkbook: WpsWorkbook | null;
  /** False while deleting a sheet, or WPS asks the user to confirm. */
  DisplayAlerts: boolean;
  ActiveWindow?: { FreezePanes: boolean; SplitRow: number; SplitColumn: number } | null;
  PluginStorage?: { getItem(key: string): unknown; setItem(key: string, value: unknown): void };
  /** The UI language, e.g. 2052 for 简体中文 (LanguageSettings.LanguageID(msoLanguageIDUI = 2)). */
  LanguageSettings?: { LanguageID(which: number): number };
}

export interface WpsWorkbook {
  Worksheets: WpsWorksheets;
  ActiveSheet: WpsWorksheet;
}

export interface WpsWorksheets {
  readonly Count: number;
  /** By 1-based index or by name. */
  Item(key: number | string): WpsWorksheet;
  /** Add(Before, After, Count, Type): after the given sheet when `After` is set. */
  Add(before?: WpsWorksheet | null, after?: WpsWorksheet | null): WpsWorksheet;
}

export interface WpsWorksheet {
  Name: string;
  /** xlSheetVisible -1, xlSheetHidden 0, xlSheetVeryHidden 2. */
  Visible: number;
  readonly ProtectContents: boolean;
  readonly Protection: { readonly AllowFormattingCells: boolean };
  readonly UsedRange: WpsRange;
  Range(address: string): WpsRange;
  Cells(row: number, column: number): WpsRange;
  Activate(): void;
  Delete(): void;
  Protect(
    password?: string,
    drawingObjects?: boolean,
    contents?: boolean,
    scenarios?: boolean,
    userInterfaceOnly?: boolean,
    allowFormattingCells?: boolean,
    allowFormattingColumns?: boolean,
    allowFormattingRows?: boolean,
    allowInsertingColumns?: boolean,
    allowInsertingRows?: boolean,
    allowInsertingHyperlinks?: boolean,
    allowDeletingColumns?: boolean,
    allowDeletingRows?: boolean,
    allowSorting?: boolean,
    allowFiltering?: boolean,
  ): void;
  Unprotect(password?: string): void;
  ChartObjects(): { Add(left: number, top: number, width: number, height: number): WpsChartObject };
}

export interface WpsChartObject {
  readonly Chart: {
    ChartType: number;
    HasTitle: boolean;
    readonly ChartTitle: { Text: string };
    SetSourceData(source: WpsRange, plotBy?: number): void;
  };
}

export interface WpsRange {
  /** 1-based. */
  readonly Row: number;
  readonly Column: number;
  readonly Rows: { readonly Count: number; AutoFit(): void };
  readonly Columns: { readonly Count: number };
  readonly Left: number;
  readonly Top: number;
  Value2: unknown;
  NumberFormat: string;
  HorizontalAlignment: number;
  VerticalAlignment: number;
  WrapText: boolean;
  ColumnWidth: number;
  Locked: boolean;
  readonly Font: { Name: string; Size: number; Bold: boolean; Italic: boolean; Color: number };
  readonly Interior: { Color: number; ColorIndex: number };
  readonly Borders: { LineStyle: number; Weight: number; Color: number };
  readonly Validation: {
    Add(type: number, alertStyle?: number, operator?: number, formula1?: string): void;
    Delete(): void;
    IgnoreBlank: boolean;
    InCellDropdown: boolean;
    ShowError: boolean;
    ErrorTitle: string;
    ErrorMessage: string;
  };
  Merge(across?: boolean): void;
  Select(): void;
  ClearContents(): void;
}

/** VBA's constants, by name. */
export const xl = {
  sheetVisible: -1,
  sheetHidden: 0,
  sheetVeryHidden: 2,
  left: -4131,
  center: -4108,
  top: -4160,
  colorIndexNone: -4142,
  continuous: 1,
  thin: 2,
  validateList: 3,
  validAlertWarning: 2,
  between: 1,
  columns: 2,
  columnStacked: 52,
  barClustered: 57,
} as const;
