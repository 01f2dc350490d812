// Entry of the task pane bundle: waits for Office, then starts the pane.
import { detectCapabilities } from "../excel/capabilities.ts";
import { App } from "./app.ts";
import type { ExcelRun } from "./actions/env.ts";
import { pickLang } from "./i18n.ts";
import { browserStore } from "./storage.ts";

interface OfficeGlobal {
  onReady?: (callback?: (info: { host: unknown }) => void) => Promise<{ host: unknown }>;
  context?: { displayLanguage?: string };
}

function boot(host: unknown): void {
  const office = (globalThis as { Office?: OfficeGlobal }).Office;
  const excel = (globalThis as { Excel?: { run?: ExcelRun } }).Excel;
  const inExcel = host === "Excel" && typeof excel?.run === "function";
  const lang = pickLang(office?.context?.displayLanguage);
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.title = lang === "zh" ? "重点工作报送" : "Key-work report";
  const root = document.getElementById("app") ?? document.body;
  const origin = /^https?:$/u.test(location.protocol) ? location.origin : "";
  const app = new App({
    root,
    run: inExcel ? (batch) => excel!.run!(batch) : null,
    lang,
    caps: detectCapabilities(),
    store: browserStore(),
    defaultServer: origin,
  });
  void app.start();
}

const office = (globalThis as { Office?: OfficeGlobal }).Office;
if (office && typeof office.onReady === "function") {
  void office.onReady().then(
    (info) => boot(info?.host),
    () => boot(null),
  );
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => boot(null));
} else {
  boot(null);
}
