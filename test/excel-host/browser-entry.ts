// Entry of the browser bundle (bundle.ts): replaces office.js in a page. Playwright injects it
// with addInitScript; a snapshot put on globalThis.__KEYWORK_EXCEL_SNAPSHOT__ first is the
// workbook, and window.__excelHost exposes syncCount() and snapshot() to the test.

import { installExcelHost, type ExcelHostOptions } from "./host.ts";
import type { WorkbookSnapshot } from "./snapshot.ts";

interface HostGlobals {
  __KEYWORK_EXCEL_SNAPSHOT__?: WorkbookSnapshot;
  __KEYWORK_EXCEL_OPTIONS__?: ExcelHostOptions;
  __excelHost?: unknown;
  window?: object;
}

const scope = globalThis as HostGlobals;
const target = scope.window ?? scope;
scope.__excelHost = installExcelHost(
  target,
  scope.__KEYWORK_EXCEL_SNAPSHOT__,
  scope.__KEYWORK_EXCEL_OPTIONS__,
);
if (target !== scope) (target as HostGlobals).__excelHost = scope.__excelHost;
