// What every action gets: the spreadsheet host (one session per user action), the API client, the
// pane's storage.
import type { ApiClient } from "../../api/client.ts";
import type { User } from "../../../schema/api.ts";
import { excelHost, type ExcelRun } from "../../excel/host.ts";
import { NotInExcelError, type Capabilities, type SpreadsheetHost } from "../../host/host.ts";
import type { Lang } from "../i18n.ts";
import type { KeyValueStore } from "../storage.ts";

export type { ExcelRun } from "../../excel/host.ts";
export { NotInExcelError } from "../../host/host.ts";

export interface ActionEnv {
  /** Excel.run; null when the page is not running inside Excel. Used when `host` is not given. */
  run: ExcelRun | null;
  /** The spreadsheet program (Excel or WPS); when absent, Excel through `run`. */
  host?: SpreadsheetHost | null;
  api: ApiClient;
  /** The server URL as the pane shows it (origin, no path). */
  server: string;
  user: User | null;
  caps: Capabilities;
  lang: Lang;
  store: KeyValueStore;
  now: () => Date;
}

/** The host the action works on; NotInExcelError in a plain browser tab. */
export function hostOf(env: ActionEnv): SpreadsheetHost {
  if (env.host) return env.host;
  if (env.run) return excelHost(env.run, env.caps);
  throw new NotInExcelError();
}
