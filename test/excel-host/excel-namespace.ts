// The `Excel` and `OfficeExtension` globals: Excel.run, the request context class, and the enums
// add-in code refers to (Excel.SheetVisibility.veryHidden …).

import { CHART_TYPES } from "./charts.ts";
import type { HostRuntime } from "./context.ts";
import { ErrorCodes, OfficeExtensionError, officeError } from "./errors.ts";
import { ClientObject, ClientResult } from "./proxy.ts";
import { RequestContext } from "./workbook.ts";

const EXCEL_ERROR_CODES = [
  "AccessDenied",
  "ApiNotFound",
  "Conflict",
  "EmptyChartSeries",
  "FilteredRangeConflict",
  "FormulaLengthExceedsLimit",
  "GeneralException",
  "InactiveWorkbook",
  "InsertDeleteConflict",
  "InvalidArgument",
  "InvalidBinding",
  "InvalidOperation",
  "InvalidReference",
  "InvalidSelection",
  "ItemAlreadyExists",
  "ItemNotFound",
  "MergedRangeConflict",
  "NonBlankCellOffSheet",
  "NotImplemented",
  "OperationCellsExceedLimit",
  "RangeExceedsLimit",
  "RequestAborted",
  "ResponsePayloadSizeLimitExceeded",
  "UnsupportedFeature",
  "UnsupportedOperation",
  "UnsupportedSheet",
  "InvalidOperationInCellEditMode",
];

/** { visible: "Visible", veryHidden: "VeryHidden" }: office.js enums map camelCase keys to PascalCase values. */
function enumOf(values: string[]): Record<string, string> {
  return Object.fromEntries(values.map((v) => [v.charAt(0).toLowerCase() + v.slice(1), v]));
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

export function createExcel(runtime: HostRuntime) {
  class HostRequestContext extends RequestContext {
    constructor() {
      super(runtime);
    }
  }

  /** Excel.run(batch): a fresh context; pending work is flushed when the batch's promise settles. */
  async function run<T>(batch: (context: RequestContext) => Promise<T>): Promise<T> {
    if (typeof batch !== "function") {
      throw new OfficeExtensionError("NotImplemented", "The excel host supports Excel.run(batch) only.");
    }
    const context = new HostRequestContext();
    try {
      const pending = batch(context);
      if (!isThenable(pending)) throw officeError("RunMustReturnPromise", "Excel.run");
      const result = await pending;
      if (context.hasPending) await context.sync();
      return result;
    } finally {
      context.close();
    }
  }

  return {
    run,
    RequestContext: HostRequestContext,
    ErrorCodes: enumOf(EXCEL_ERROR_CODES),
    SheetVisibility: enumOf(["Visible", "Hidden", "VeryHidden"]),
    ChartType: Object.fromEntries(
      CHART_TYPES.map((t) => [/^\d/.test(t) ? `_${t}` : t.charAt(0).toLowerCase() + t.slice(1), t]),
    ),
    ChartSeriesBy: enumOf(["Auto", "Columns", "Rows"]),
    ClearApplyTo: enumOf(["All", "Formats", "Contents", "Hyperlinks", "RemoveHyperlinks", "ResetContents"]),
    HorizontalAlignment: enumOf([
      "General",
      "Left",
      "Center",
      "Right",
      "Fill",
      "Justify",
      "CenterAcrossSelection",
      "Distributed",
    ]),
    VerticalAlignment: enumOf(["Top", "Center", "Bottom", "Justify", "Distributed"]),
    RangeUnderlineStyle: enumOf(["None", "Single", "Double", "SingleAccountant", "DoubleAccountant"]),
    DataValidationType: enumOf([
      "None",
      "WholeNumber",
      "Decimal",
      "List",
      "Date",
      "Time",
      "TextLength",
      "Custom",
      "Inconsistent",
      "MixedCriteria",
    ]),
    DataValidationAlertStyle: enumOf(["Stop", "Warning", "Information"]),
    RangeValueType: enumOf([
      "Unknown",
      "Empty",
      "String",
      "Integer",
      "Double",
      "Boolean",
      "Error",
      "RichValue",
    ]),
    ProtectionSelectionMode: enumOf(["Normal", "Unlocked", "None"]),
  };
}

export function createOfficeExtension() {
  return {
    Error: OfficeExtensionError,
    ErrorCodes: Object.fromEntries(Object.entries(ErrorCodes)),
    ClientObject,
    ClientResult,
    config: { extendedErrorLogging: false },
  };
}

export type ExcelNamespace = ReturnType<typeof createExcel>;
export type OfficeExtensionNamespace = ReturnType<typeof createOfficeExtension>;
