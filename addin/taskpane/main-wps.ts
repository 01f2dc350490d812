// Entry of the task pane bundle for WPS 表格 (dist/wps/taskpane.js): the same pane as in Excel, on the
// WPS host. WPS's task pane page sees the add-in's `Application` (or reaches it through `wps`).
import type { WpsApplication } from "../wps/wps-api.ts";
import { wpsHost } from "../wps/host.ts";
import { App } from "./app.ts";
import { pickLang } from "./i18n.ts";
import { browserStore } from "./storage.ts";

interface WpsGlobals {
  Application?: WpsApplication;
  wps?: { EtApplication?: () => WpsApplication };
}

function boot(): void {
  const scope = globalThis as WpsGlobals;
  const application = scope.Application ?? scope.wps?.EtApplication?.() ?? null;
  const lang = pickLang(displayLanguage(application) ?? navigator.language);
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.title = lang === "zh" ? "重点工作报送" : "Key-work report";
  const root = document.getElementById("app") ?? document.body;
  const origin = /^https?:$/u.test(location.protocol) ? location.origin : "";
  const host = application ? wpsHost(application) : null;
  const app = new App({
    root,
    run: null,
    host,
    lang,
    caps: host?.caps ?? { dataValidation: false },
    store: browserStore(),
    defaultServer: origin,
  });
  void app.start();
}

/** WPS's UI language as a tag: LanguageSettings.LanguageID(msoLanguageIDUI = 2) is a Windows LCID. */
function displayLanguage(application: WpsApplication | null): string | null {
  try {
    const lcid = application?.LanguageSettings?.LanguageID(2);
    if (typeof lcid !== "number") return null;
    return [2052, 1028, 3076, 4100, 5124].includes(lcid) ? "zh-CN" : "en-US";
  } catch {
    return null;
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
