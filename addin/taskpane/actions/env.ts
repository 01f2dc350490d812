// What every action gets: one Excel.run per user action, the API client, the pane's storage.
import type { ApiClient } from "../../api/client.ts";
import type { User } from "../../api/types.ts";
import type { Capabilities } from "../../excel/capabilities.ts";
import type { Lang } from "../i18n.ts";
import type { KeyValueStore } from "../storage.ts";

export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface ActionEnv {
  /** Excel.run; null when the page is not running inside Excel. */
  run: ExcelRun | null;
  api: ApiClient;
  /** The server URL as the pane shows it (origin, no path). */
  server: string;
  user: User | null;
  caps: Capabilities;
  lang: Lang;
  store: KeyValueStore;
  now: () => Date;
}

export class NotInExcelError extends Error {
  constructor() {
    super("not running inside Excel");
    this.name = "NotInExcelError";
  }
}

export function excel(env: ActionEnv): ExcelRun {
  if (!env.run) throw new NotInExcelError();
  return env.run;
}
