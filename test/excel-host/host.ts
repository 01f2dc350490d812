// The excel host: an in-memory stand-in for Excel behind the Office.js API the add-in uses.
// Pure TypeScript without Node APIs, so it also runs in a browser page in place of office.js.
//
//   const host = installExcelHost(globalThis, snapshot);
//   await Excel.run(async (context) => { … });
//   host.snapshot(); host.syncCount();

import type { HostRuntime } from "./context.ts";
import { defaultSnapshot, modelFromSnapshot, snapshotFromModel } from "./convert.ts";
import {
  createExcel,
  createOfficeExtension,
  type ExcelNamespace,
  type OfficeExtensionNamespace,
} from "./excel-namespace.ts";
import type { WorkbookModel } from "./model.ts";
import { createOffice, type OfficeNamespace, type OfficeOptions } from "./office.ts";
import type { WorkbookSnapshot } from "./snapshot.ts";

export type ExcelHostOptions = OfficeOptions;

export interface ExcelHost {
  Office: OfficeNamespace;
  Excel: ExcelNamespace;
  OfficeExtension: OfficeExtensionNamespace;
  /** The live workbook the syncs change (for white-box checks; prefer snapshot()). */
  readonly state: WorkbookModel;
  /** context.sync() round trips since creation or the last reset, across all Excel.run calls. */
  syncCount(): number;
  resetSyncCount(): void;
  snapshot(): WorkbookSnapshot;
}

export function createExcelHost(snapshot?: WorkbookSnapshot, options: ExcelHostOptions = {}): ExcelHost {
  const source = snapshot ?? defaultSnapshot();
  // A copy: the caller's snapshot object stays as it was.
  const runtime: HostRuntime = {
    model: modelFromSnapshot(structuredCopy(source)),
    syncs: 0,
    stray: undefined,
  };
  return {
    Office: createOffice(options),
    Excel: createExcel(runtime),
    OfficeExtension: createOfficeExtension(),
    get state() {
      return runtime.model;
    },
    syncCount: () => runtime.syncs,
    resetSyncCount: () => {
      runtime.syncs = 0;
    },
    snapshot: () => snapshotFromModel(runtime.model),
  };
}

/** Creates a host and puts Office, Excel and OfficeExtension on `target` (globalThis, window). */
export function installExcelHost(
  target: object,
  snapshot?: WorkbookSnapshot,
  options?: ExcelHostOptions,
): ExcelHost {
  const host = createExcelHost(snapshot, options);
  Object.assign(target, { Office: host.Office, Excel: host.Excel, OfficeExtension: host.OfficeExtension });
  return host;
}

function structuredCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
