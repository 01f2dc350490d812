// The web page for bureaus without the add-in: sign in, pick the period, download my tasks, upload the
// filled file (checked by the server and again here with the same rules), submit; merged download;
// the coordinator's coverage, lock, returns and publishing.
import { splitDetail } from "../schema/api.ts";
import type { SheetMetadata, Unit } from "../schema/index.ts";
import { ApiError, api, type Me, type Period, type TasksAnswer, type UploadAnswer } from "./api.ts";
import {
  checkUpload,
  countIssues,
  metadataFromTasks,
  sortIssues,
  type CheckedUpload,
  type ViewIssue,
} from "./check.ts";
import { AccountsView } from "./accounts-view.ts";
import { AuditView } from "./audit-view.ts";
import { CoordinatorPanel } from "./coordinator.ts";
import { PasswordView } from "./password-view.ts";
import { PeriodsView } from "./periods-view.ts";
import { UnitsView } from "./units-view.ts";
import { byId, formatTime, h, replace, saveBlob } from "./dom.ts";
import { explain } from "./explain.ts";
import { getLang, join, msg, pick, setLang, t, type Key, type Lang, type Msg } from "./i18n.ts";
import { focusCell, renderIssues, renderSheet } from "./sheet-view.ts";
import { SubmitFlow } from "./submit-view.ts";

const LANG_KEY = "keywork.lang";

interface Upload {
  checked: CheckedUpload;
  fileName: string;
  metadata: SheetMetadata;
  /** Issues from a refused submission (422), shown beside the upload's. */
  extra: ViewIssue[];
  flow: SubmitFlow;
}

const state = {
  me: null as Me | null,
  periods: [] as Period[],
  periodId: null as string | null,
  units: [] as Unit[],
  actFor: null as string | null,
  returns: [] as { seq: number; comment: string; createdBy: string; createdAt: string }[],
  upload: null as Upload | null,
  uploadError: null as Msg | null,
  flash: null as { message: Msg; kind: "ok" | "error" | "info" } | null,
};

// Created once (it wires its controls' listeners); active only for coordinators and viewers.
let panel: CoordinatorPanel | null = null;
// 账号管理 and 审计日志: created once, for coordinators. The password form: for everyone (init).
let accounts: AccountsView | null = null;
let audit: AuditView | null = null;
let passwords: PasswordView | null = null;

function coordinatorPanel(): CoordinatorPanel | null {
  return state.me && state.me.role !== "reporter" ? panel : null;
}

function period(): Period | null {
  return state.periods.find((p) => p.id === state.periodId) ?? null;
}

/** The unit whose tasks the "my tasks" part works on. */
function workingUnit(): string | null {
  if (!state.me) return null;
  return state.me.role === "coordinator" ? state.actFor : state.me.unit;
}

function flash(message: Msg, kind: "ok" | "error" | "info" = "info"): void {
  state.flash = { message, kind };
  renderFlash();
}

function renderFlash(): void {
  const box = byId("flash");
  const f = state.flash;
  box.className = `flash ${f?.kind ?? ""}`;
  box.setAttribute("role", f?.kind === "error" ? "alert" : "status");
  replace(box, f ? pick(f.message) : "");
}

// ---------------------------------------------------------------------------------------------
// language

function applyStatic(): void {
  document.documentElement.lang = getLang() === "zh" ? "zh-CN" : "en";
  document.title = `${t("app.title")} · Keywork`;
  for (const el of document.querySelectorAll<HTMLElement>("[data-i18n]"))
    el.textContent = t(el.dataset.i18n as Key);
  byId("lang-toggle").setAttribute("lang", getLang() === "zh" ? "en" : "zh-CN");
}

function switchLanguage(): void {
  setLang(getLang() === "zh" ? "en" : "zh");
  localStorage.setItem(LANG_KEY, getLang());
  renderAll();
}

function renderAll(): void {
  applyStatic();
  renderFlash();
  renderWho();
  if (state.me) {
    renderPeriods();
    renderMine();
    coordinatorPanel()?.render();
    if (state.me.role === "coordinator") {
      accounts?.render();
      audit?.render();
    }
  }
  passwords?.render();
}

// ---------------------------------------------------------------------------------------------
// sign-in

function renderWho(): void {
  const me = state.me;
  replace(
    byId("who"),
    me ? t("who", { name: me.name, unit: me.unit ?? t("unit.none"), role: t(`role.${me.role}`) }) : "",
  );
  byId("sign-out").hidden = !me;
  byId("password-open").hidden = !me || Boolean(passwords?.isOpen);
  byId("signin").hidden = Boolean(me);
  byId("app").hidden = !me || Boolean(passwords?.isForced);
}

async function signIn(event: Event): Promise<void> {
  event.preventDefault();
  const username = byId<HTMLInputElement>("signin-username");
  const password = byId<HTMLInputElement>("signin-password");
  for (const [input, key] of [
    [username, "signin.username"],
    [password, "signin.password"],
  ] as const) {
    if (input.value.trim() === "") {
      flash(msg("field.required", { field: msg(key) }), "error");
      input.focus();
      return;
    }
  }
  try {
    const session = await api.post<{ token: string }>("/sessions", {
      username: username.value.trim(),
      password: password.value,
    });
    api.token = session.token;
    password.value = "";
    state.flash = null;
    await start();
  } catch (error) {
    const detail =
      error instanceof ApiError ? splitDetail(error.problem.detail) : explain(error, "what.signin");
    flash(msg("signin.failed", { detail }), "error");
    password.focus();
  }
}

async function signOut(): Promise<void> {
  try {
    await api.request("DELETE", "/sessions/current");
  } catch {
    // Signing out locally is what matters; the session expires on the server anyway.
  }
  api.token = null;
  resetSession();
  renderAll();
  byId("signin-username").focus();
}

function resetSession(): void {
  passwords?.reset();
  state.me = null;
  state.upload = null;
  state.uploadError = null;
  state.periods = [];
  state.periodId = null;
  byId("check").hidden = true;
}

function sessionExpired(): void {
  api.token = null;
  resetSession();
  renderAll();
  flash(msg("signin.expired"), "error");
}

/** After sign-in (or a reload with a live session): who am I, the directory, the periods. */
async function start(): Promise<void> {
  try {
    const me = await api.get<Me>("/me");
    state.me = me;
    // An initial or reset password: nothing else answers until it is changed (403).
    if (me.mustChangePassword) {
      passwords?.open(true);
      renderAll();
      return;
    }
    const [units, periods] = await Promise.all([
      api.get<{ units: Unit[] }>("/units"),
      api.get<{ periods: Period[] }>("/periods"),
    ]);
    state.units = units.units;
    state.periods = periods.periods;
    state.actFor = me.role === "coordinator" ? (me.unit ?? state.units[0]?.name ?? null) : me.unit;
    state.periodId = defaultPeriod(state.periods);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) flash(explain(error, "what.periods"), "error");
    return;
  }
  byId("coord").hidden = state.me.role === "reporter";
  byId("mine").hidden = state.me.role === "viewer";
  byId("act-for-box").hidden = state.me.role !== "coordinator";
  if (state.me.role !== "reporter") panel ??= new CoordinatorPanel(coordinatorHost);
  byId("accounts").hidden = byId("audit").hidden = state.me.role !== "coordinator";
  if (state.me.role === "coordinator") {
    accounts ??= new AccountsView({ me: () => state.me!, units: () => state.units, flash });
    audit ??= new AuditView();
    void accounts.load();
    void audit.load();
  }
  startAdmin();
  renderAll();
  await periodChanged();
  byId("period-select").focus();
}

/** The latest open period, else the latest. */
function defaultPeriod(periods: readonly Period[]): string | null {
  const open = periods.filter((p) => !p.locked);
  return (open[open.length - 1] ?? periods[periods.length - 1])?.id ?? null;
}

// 单位名录 and 报送期次 (units-view.ts, periods-view.ts): coordinators only.
let admin: { units: UnitsView; periods: PeriodsView } | null = null;
function startAdmin(): void {
  const on = state.me?.role === "coordinator";
  byId("units").hidden = byId("periods-admin").hidden = !on;
  if (!on) return;
  const unitsChanged = async () => void (state.units = (await api.get<{ units: Unit[] }>("/units")).units);
  admin ??= {
    units: new UnitsView({ flash, unitsChanged }),
    periods: new PeriodsView({ period, flash, refreshPeriods }),
  };
  void admin.units.load().then(() => admin?.periods.load());
}

const coordinatorHost = {
  me: () => state.me!,
  period,
  periods: () => state.periods,
  flash,
  refreshPeriods,
};

async function refreshPeriods(select?: string): Promise<void> {
  try {
    // A publish may have added units (the mapping step's 新增) or aliases: the units the page checks
    // with and the 单位名录 screen are read again with the periods.
    const [periods, units] = await Promise.all([
      api.get<{ periods: Period[] }>("/periods"),
      api.get<{ units: Unit[] }>("/units"),
    ]);
    state.periods = periods.periods;
    state.units = units.units;
  } catch (error) {
    flash(explain(error, "what.periods"), "error");
    return;
  }
  void admin?.periods.load();
  void admin?.units.load();
  if (select && state.periods.some((p) => p.id === select)) {
    const changed = select !== state.periodId;
    state.periodId = select;
    renderPeriods();
    if (changed) await periodChanged();
    else {
      renderMine();
      coordinatorPanel()?.render();
      await coordinatorPanel()?.load();
    }
  } else {
    renderPeriods();
    renderMine();
  }
}

// ---------------------------------------------------------------------------------------------
// period

function renderPeriods(): void {
  const select = byId<HTMLSelectElement>("period-select");
  if (state.periods.length === 0) {
    replace(select, h("option", { value: "" }, t("period.none")));
    replace(byId("period-state"), "");
    return;
  }
  replace(
    select,
    state.periods.map((p) =>
      h(
        "option",
        { value: p.id, selected: p.id === state.periodId },
        `${p.id} · ${p.title}${p.locked ? ` (${t("period.locked")})` : ""}`,
      ),
    ),
  );
  const p = period();
  replace(
    byId("period-state"),
    p
      ? h(
          "span",
          { class: p.locked ? "badge locked" : "badge open" },
          p.locked ? t("period.locked") : t("period.open"),
        )
      : "",
    p?.dueAt ? ` ${t("period.due", { date: p.dueAt.slice(0, 10) })}` : "",
  );
  const actFor = byId<HTMLSelectElement>("act-for");
  if (state.me?.role === "coordinator") {
    replace(
      actFor,
      state.units.map((u) => h("option", { value: u.name, selected: u.name === state.actFor }, u.name)),
    );
  }
}

async function periodChanged(): Promise<void> {
  state.upload = null;
  state.uploadError = null;
  byId<HTMLInputElement>("upload-file").value = "";
  renderPeriods();
  renderMine();
  await Promise.all([loadReturns(), coordinatorPanel()?.load()]);
}

async function loadReturns(): Promise<void> {
  state.returns = [];
  const p = period();
  const unit = workingUnit();
  if (!p || !unit || state.me?.role === "viewer") return renderReturns();
  try {
    const tasks = await api.get<TasksAnswer>(
      `/periods/${encodeURIComponent(p.id)}/tasks?scope=mine${unitQuery()}`,
    );
    state.returns = tasks.rows.flatMap((r) => r.returns.map((x) => ({ seq: r.seq, ...x })));
  } catch {
    // The returns are a courtesy; the rest of the page works without them.
  }
  renderReturns();
}

function unitQuery(prefix = "&"): string {
  return state.me?.role === "coordinator" && state.actFor
    ? `${prefix}unit=${encodeURIComponent(state.actFor)}`
    : "";
}

function renderReturns(): void {
  const box = byId("returns");
  if (state.returns.length === 0) return replace(box);
  replace(
    box,
    h(
      "div",
      { class: "panel warn", role: "note" },
      h("h3", {}, t("mine.returns")),
      h(
        "ul",
        {},
        state.returns.map((r) =>
          h(
            "li",
            {},
            t("mine.return.item", {
              seq: r.seq,
              comment: r.comment,
              by: r.createdBy,
              at: formatTime(r.createdAt),
            }),
          ),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// my tasks: download, upload, check, submit

async function downloadTasks(): Promise<void> {
  const p = period();
  const unit = workingUnit();
  if (!p || !unit) return;
  await download(
    "download-tasks",
    `/periods/${encodeURIComponent(p.id)}/tasks.xlsx${unitQuery("?")}`,
    `keywork-${p.id}-${unit}.xlsx`,
  );
}

async function downloadMerged(): Promise<void> {
  const p = period();
  if (!p) return;
  await download(
    "download-merged",
    `/periods/${encodeURIComponent(p.id)}/merged.xlsx`,
    `keywork-${p.id}-merged.xlsx`,
  );
}

/** Fetches a workbook and hands it to the browser as a file, with the button disabled meanwhile. */
async function download(buttonId: string, path: string, name: string): Promise<void> {
  const button = byId<HTMLButtonElement>(buttonId);
  button.disabled = true;
  flash(msg("download.busy"));
  try {
    saveBlob(await api.request<Blob>("GET", path, { blob: true }), name);
    flash(msg("download.done", { name }), "ok");
  } catch (error) {
    flash(explain(error, "what.download"), "error");
  } finally {
    button.disabled = false;
  }
}

async function uploadFile(): Promise<void> {
  const input = byId<HTMLInputElement>("upload-file");
  const file = input.files?.[0];
  const p = period();
  if (!file || !p) return;
  // Cleared at once, so choosing the same (corrected) file again triggers another check.
  input.value = "";
  state.upload = null;
  state.uploadError = null;
  renderMine();
  flash(msg("upload.busy", { name: file.name }));
  const form = new FormData();
  form.set("file", file, file.name);
  try {
    const answer = await api.request<UploadAnswer>(
      "POST",
      `/periods/${encodeURIComponent(p.id)}/uploads${unitQuery("?")}`,
      { form },
    );
    const checked = checkUpload(answer, state.units);
    let metadata = answer.metadata;
    if (metadata === null) {
      // A file that lost its hidden sheet: compare with what the server holds now (the preview shows it).
      const tasks = await api.get<TasksAnswer>(
        `/periods/${encodeURIComponent(p.id)}/tasks?scope=mine&unit=${encodeURIComponent(answer.unit)}`,
      );
      metadata = metadataFromTasks(tasks, p.id, answer.unit);
    }
    const extra: ViewIssue[] = [];
    const flow = new SubmitFlow(byId("submit-area"), {
      periodId: p.id,
      username: state.me?.username ?? "",
      periodLocked: () => period()?.locked ?? false,
      unit: answer.unit,
      namesUnit: state.me?.role === "coordinator",
      checked,
      metadata,
      showServerIssues: (issues) => {
        extra.splice(0, extra.length, ...issues);
        renderCheck();
      },
      pickIssue,
      onLocked: () => void refreshPeriods(p.id),
      redownload: () => void downloadTasks(),
    });
    const upload: Upload = { checked, fileName: file.name, metadata, extra, flow };
    state.upload = upload;
    state.flash = null;
    renderFlash();
  } catch (error) {
    state.uploadError =
      error instanceof ApiError
        ? msg("upload.failed", { name: file.name, detail: uploadDetail(error) })
        : explain(error, "what.upload");
    state.flash = null;
    renderFlash();
  }
  renderMine();
  byId("check-title").focus();
}

function uploadDetail(error: ApiError): Msg {
  const detail = splitDetail(error.problem.detail);
  if (error.status === 413) return join(detail, " (", error.problem.title, ")");
  return detail;
}

function pickIssue(issue: ViewIssue): void {
  if (issue.cell && !focusCell(issue.cell)) flash(join(issue.cell, ": ", issue.message), "info");
}

function renderMine(): void {
  const p = period();
  const unit = workingUnit();
  byId<HTMLButtonElement>("download-tasks").disabled = !p || !unit;
  byId<HTMLInputElement>("upload-file").disabled = !p || !unit;
  byId<HTMLButtonElement>("download-merged").disabled = !p;
  renderReturns();
  renderCheck();
}

function renderCheck(): void {
  const box = byId("check");
  const upload = state.upload;
  const title = byId("check-title");
  for (const key of ["errors", "warnings", "infos", "browserIssues", "serverIssues", "refused"])
    delete title.dataset[key];
  byId("check-grid").hidden = !upload;
  if (state.uploadError) title.setAttribute("role", "alert");
  else title.removeAttribute("role");
  if (!upload) {
    box.hidden = state.uploadError === null;
    replace(title, state.uploadError ? pick(state.uploadError) : "");
    title.className = state.uploadError ? "blocked" : "";
    if (state.uploadError) title.dataset.refused = "true";
    for (const id of ["notices", "issues", "sheet", "submit-area"]) replace(byId(id));
    return;
  }
  box.hidden = false;
  const { checked } = upload;
  const issues = upload.extra.length > 0 ? sortIssues([...checked.issues, ...upload.extra]) : checked.issues;
  const counts = countIssues(checked.issues);
  title.className = counts.error > 0 ? "blocked" : "ok";
  title.dataset.errors = String(counts.error);
  title.dataset.warnings = String(counts.warning);
  title.dataset.infos = String(counts.info);
  title.dataset.browserIssues = String(checked.browserIssueCount);
  title.dataset.serverIssues = String(checked.serverIssueCount);
  replace(
    title,
    t("upload.summary", {
      name: upload.fileName,
      rows: checked.parsed.rows.length,
      errors: counts.error,
      warnings: counts.warning,
      infos: counts.info,
    }),
    " ",
    counts.error > 0 ? t("upload.fixFirst") : t("upload.ok"),
  );
  replace(
    byId("notices"),
    checked.answer.notices.map((n) =>
      h("p", { class: "panel warn", "data-code": n.code }, `${n.field}: ${pick(n.messages)}`),
    ),
  );
  renderIssues(byId("issues"), issues, pickIssue);
  renderSheet(byId("sheet"), checked.answer.grid, checked.parsed, issues, checked.answer.sheetName);
  upload.flow.render();
}

// ---------------------------------------------------------------------------------------------

function init(): void {
  const saved = localStorage.getItem(LANG_KEY);
  setLang(saved === "en" || saved === "zh" ? (saved as Lang) : "zh");
  api.onUnauthorized = sessionExpired;
  byId("lang-toggle").addEventListener("click", switchLanguage);
  byId("sign-out").addEventListener("click", () => void signOut());
  byId("signin-form").addEventListener("submit", (e) => void signIn(e));
  passwords = new PasswordView({
    username: () => state.me?.username ?? "",
    flash,
    changed: async () => {
      if (state.me?.mustChangePassword) await start();
      else renderAll();
    },
    closed: renderAll,
  });
  byId("password-open").addEventListener("click", () => {
    passwords?.open(false);
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
