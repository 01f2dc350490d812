// The WPS stand-in: WPS 表格's JS API (Application, wps) for the add-in's WPS host, over the same
// workbook model and snapshot JSON as the Excel stand-in, so fixtures, .xlsx dumps and assertions are
// shared. Pure TypeScript without Node APIs: it also runs in a browser page.
//
//   const host = installWpsHost(globalThis, snapshot);
//   wpsHost(Application) …; host.snapshot(); host.tabs();
import { defaultSnapshot, modelFromSnapshot, snapshotFromModel } from "../excel-host/convert.ts";
import type { WorkbookModel } from "../excel-host/model.ts";
import type { WorkbookSnapshot } from "../excel-host/snapshot.ts";
import { strict, traffic } from "./strict.ts";
import { wpsSheet, wpsWorksheets, type Session } from "./worksheet.ts";

export interface WpsHost {
  /** WPS's `Application` (wps.EtApplication()). */
  Application: unknown;
  /** The `wps` global of a WPS add-in page: EtApplication, CreateTaskPane, PluginStorage. */
  wps: unknown;
  readonly state: WorkbookModel;
  snapshot(): WorkbookSnapshot;
  /** The sheet tabs WPS shows: visible sheets only (a hidden one is listed under 取消隐藏, a very hidden one nowhere). */
  tabs(): string[];
  /** Calls into WPS so far (member reads, sets and calls), across the hosts of this realm. */
  calls(): number;
  resetCalls(): void;
  /** Task panes the add-in created: url and whether shown. */
  taskPanes(): { id: number; url: string; visible: boolean }[];
}

export function createWpsHost(snapshot?: WorkbookSnapshot): WpsHost {
  const workbook = modelFromSnapshot(
    JSON.parse(JSON.stringify(snapshot ?? defaultSnapshot())) as WorkbookSnapshot,
  );
  const app = { DisplayAlerts: true };
  const session: Session = { workbook, app, sheets: new WeakMap() };
  const storage = new Map<string, unknown>();
  const pluginStorage = strict("PluginStorage", {
    getItem: (key: string) => storage.get(key) ?? null,
    setItem: (key: string, value: unknown) => void storage.set(key, value),
  });
  const window = { SplitRow: 0, SplitColumn: 0, FreezePanes: false };
  const book = strict("Workbook", {
    Worksheets: wpsWorksheets(session),
    get ActiveSheet() {
      return wpsSheet(session, workbook.activeSheet!);
    },
  });
  const application = strict("Application", {
    ActiveWorkbook: book,
    get DisplayAlerts() {
      return app.DisplayAlerts;
    },
    set DisplayAlerts(v: boolean) {
      app.DisplayAlerts = v === true;
    },
    ActiveWindow: strict("Window", window),
    PluginStorage: pluginStorage,
    LanguageSettings: strict("LanguageSettings", { LanguageID: () => 2052 }),
  });
  const panes: { id: number; url: string; visible: boolean }[] = [];
  const wps = strict("wps", {
    EtApplication: () => application,
    PluginStorage: pluginStorage,
    CreateTaskPane(url: string) {
      const pane = { id: panes.length + 1, url, visible: false };
      panes.push(pane);
      return strict("TaskPane", {
        get ID() {
          return pane.id;
        },
        get Visible() {
          return pane.visible;
        },
        set Visible(v: boolean) {
          pane.visible = v === true;
        },
        DockPosition: 2,
      });
    },
    GetTaskPane(id: number) {
      const pane = panes.find((p) => p.id === id);
      if (!pane) return null;
      return strict("TaskPane", {
        get Visible() {
          return pane.visible;
        },
        set Visible(v: boolean) {
          pane.visible = v === true;
        },
      });
    },
  });
  return {
    Application: application,
    wps,
    state: workbook,
    snapshot: () => snapshotFromModel(workbook),
    calls: () => traffic.calls,
    resetCalls: () => void (traffic.calls = 0),
    tabs: () => workbook.sheets.filter((s) => s.visibility === "Visible").map((s) => s.name),
    taskPanes: () => panes.map((p) => ({ ...p })),
  };
}

/** Creates a host and puts `Application` and `wps` on `target` (globalThis, window). */
export function installWpsHost(target: object, snapshot?: WorkbookSnapshot): WpsHost {
  const host = createWpsHost(snapshot);
  Object.assign(target, { Application: host.Application, wps: host.wps });
  return host;
}
