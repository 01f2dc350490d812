// The page drawn from its state: the message, the static texts, who is signed in, the periods, the
// returns, my tasks and the upload's check. Views only; what the buttons do is wired in main.ts.
import { byId, formatTime, h, replace } from "./dom.ts";
import { getLang, join, pick, t, type Key, type Msg } from "./i18n.ts";
import { countIssues, sortIssues, type ViewIssue } from "./check.ts";
import { focusCell, renderIssues, renderSheet } from "./sheet-view.ts";
import { coordinatorPanel, parts, period, state, workingUnit } from "./page-state.ts";

export function flash(message: Msg, kind: "ok" | "error" | "info" = "info"): void {
  state.flash = { message, kind };
  renderFlash();
}

export function renderFlash(): void {
  const box = byId("flash");
  const f = state.flash;
  box.className = `flash ${f?.kind ?? ""}`;
  box.setAttribute("role", f?.kind === "error" ? "alert" : "status");
  replace(box, f ? pick(f.message) : "");
}

function applyStatic(): void {
  document.documentElement.lang = getLang() === "zh" ? "zh-CN" : "en";
  document.title = `${t("app.title")} · Keywork`;
  for (const el of document.querySelectorAll<HTMLElement>("[data-i18n]"))
    el.textContent = t(el.dataset.i18n as Key);
  byId("lang-toggle").setAttribute("lang", getLang() === "zh" ? "en" : "zh-CN");
}

export function renderAll(): void {
  applyStatic();
  renderFlash();
  renderWho();
  if (state.me) {
    renderPeriods();
    renderMine();
    coordinatorPanel()?.render();
    if (state.me.role === "coordinator") {
      parts.accounts?.render();
      parts.audit?.render();
    }
  }
  parts.passwords?.render();
}

function renderWho(): void {
  const me = state.me;
  replace(
    byId("who"),
    me ? t("who", { name: me.name, unit: me.unit ?? t("unit.none"), role: t(`role.${me.role}`) }) : "",
  );
  byId("sign-out").hidden = !me;
  byId("password-open").hidden = !me || Boolean(parts.passwords?.isOpen);
  byId("signin").hidden = Boolean(me);
  byId("app").hidden = !me || Boolean(parts.passwords?.isForced);
}

export function renderPeriods(): void {
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

export function renderReturns(): void {
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

export function pickIssue(issue: ViewIssue): void {
  if (issue.cell && !focusCell(issue.cell)) flash(join(issue.cell, ": ", issue.message), "info");
}

export function renderMine(): void {
  const p = period();
  const unit = workingUnit();
  byId<HTMLButtonElement>("download-tasks").disabled = !p || !unit;
  byId<HTMLInputElement>("upload-file").disabled = !p || !unit;
  byId<HTMLButtonElement>("download-merged").disabled = !p;
  renderReturns();
  renderCheck();
}

export function renderCheck(): void {
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
