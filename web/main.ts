// The web page for bureaus without the add-in: sign in, pick the period, download my tasks, upload the
// filled file (checked by the server and again here with the same rules), submit; merged download;
// the coordinator's coverage, lock, returns and publishing.
import { api } from "./api.ts";
import { byId } from "./dom.ts";
import { getLang, setLang, type Lang } from "./i18n.ts";
import { PasswordView } from "./password-view.ts";
import { parts, state } from "./page-state.ts";
import { flash, renderAll } from "./page-render.ts";
import { periodChanged } from "./current-period.ts";
import { downloadMerged, downloadTasks, uploadFile } from "./my-tasks.ts";
import { sessionExpired, signIn, signOut, start } from "./signin.ts";

const LANG_KEY = "keywork.lang";

function switchLanguage(): void {
  setLang(getLang() === "zh" ? "en" : "zh");
  localStorage.setItem(LANG_KEY, getLang());
  renderAll();
}

function init(): void {
  const saved = localStorage.getItem(LANG_KEY);
  setLang(saved === "en" || saved === "zh" ? (saved as Lang) : "zh");
  api.onUnauthorized = sessionExpired;
  byId("lang-toggle").addEventListener("click", switchLanguage);
  byId("sign-out").addEventListener("click", () => void signOut());
  byId("signin-form").addEventListener("submit", (e) => void signIn(e));
  parts.passwords = new PasswordView({
    username: () => state.me?.username ?? "",
    flash,
    changed: async () => {
      if (state.me?.mustChangePassword) await start();
      else renderAll();
    },
    closed: renderAll,
  });
  byId("password-open").addEventListener("click", () => {
    parts.passwords?.open(false);
    renderAll();
  });
  byId("period-select").addEventListener("change", (e) => {
    state.periodId = (e.target as HTMLSelectElement).value;
    void periodChanged();
  });
  byId("act-for").addEventListener("change", (e) => {
    state.actFor = (e.target as HTMLSelectElement).value;
    void periodChanged();
  });
  byId("download-tasks").addEventListener("click", () => void downloadTasks());
  byId("download-merged").addEventListener("click", () => void downloadMerged());
  byId("upload-file").addEventListener("change", () => void uploadFile());
  renderAll();
  if (api.token) void start();
  else byId("signin-username").focus();
}

init();
