// The WPS add-in's own script (main.js, loaded by index.html when WPS starts the add-in): the ribbon's
// callbacks. The 重点工作 tab's button opens the task pane, and closes it on the next click: the pane's
// id is kept in PluginStorage, as WPS's own add-in templates do, because this page may be reloaded.
export const TASKPANE_KEY = "keywork_taskpane_id";

interface TaskPane {
  ID: number;
  Visible: boolean;
}

export interface WpsGlobal {
  CreateTaskPane(url: string): TaskPane;
  GetTaskPane(id: number): TaskPane | null;
  PluginStorage: { getItem(key: string): unknown; setItem(key: string, value: unknown): void };
}

/** The add-in's folder URL (…/wps/), from the page WPS loaded (…/wps/index.html). */
export function baseUrl(href: string): string {
  const url = new URL(href);
  url.hash = "";
  url.search = "";
  url.pathname = url.pathname.replace(/[^/]*$/u, "");
  return url.toString();
}

/** Shows the pane, creating it the first time; hides it when it is showing. */
export function toggleTaskPane(wps: WpsGlobal, base: string): boolean {
  const id = wps.PluginStorage.getItem(TASKPANE_KEY);
  const existing = typeof id === "number" ? wps.GetTaskPane(id) : null;
  if (existing) {
    existing.Visible = !existing.Visible;
    return existing.Visible;
  }
  const pane = wps.CreateTaskPane(`${base}taskpane.html`);
  wps.PluginStorage.setItem(TASKPANE_KEY, pane.ID);
  pane.Visible = true;
  return true;
}

export function ribbonHandlers(wps: WpsGlobal, href: () => string) {
  return {
    OnAddinLoad(): boolean {
      // A pane id from before a restart points at nothing: start afresh.
      wps.PluginStorage.setItem(TASKPANE_KEY, "");
      return true;
    },
    OnAction(control: { Id: string }): boolean {
      if (control.Id === "keyworkOpenPane") toggleTaskPane(wps, baseUrl(href()));
      return true;
    },
    GetImage(control: { Id: string }): string {
      return control.Id === "keyworkOpenPane" ? "assets/icon-32.png" : "";
    },
  };
}

// In WPS: the ribbon's callbacks are looked up as `ribbon.OnAddinLoad` etc. on the page's window.
const scope = globalThis as { wps?: WpsGlobal; ribbon?: unknown; location?: Location };
if (scope.wps && scope.location) {
  const location = scope.location;
  scope.ribbon = ribbonHandlers(scope.wps, () => location.href);
}
