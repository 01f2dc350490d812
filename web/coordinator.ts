// The coordinator's part of the page: coverage with a copyable reminder, lock/unlock, returning a row
// with a comment, and publishing a plan from an official-layout .xlsx. Viewers see coverage only.
import { api, type CoverageAnswer, type Me, type Period, type TasksAnswer } from "./api.ts";
import { byId, formatTime, h, replace } from "./dom.ts";
import { explain, issueLine } from "./explain.ts";
import { join, msg, pick, t, type Msg } from "./i18n.ts";
import { ApiError } from "../client/errors.ts";
import { askMapping, type UnknownUnit } from "./unit-mapping.ts";

export interface CoordinatorHost {
  me: () => Me;
  period: () => Period | null;
  periods: () => Period[];
  flash(message: Msg, kind: "ok" | "error"): void;
  /** Re-reads the periods (after lock/unlock or publishing) and selects `select` when given. */
  refreshPeriods(select?: string): Promise<void>;
}

export class CoordinatorPanel {
  private coverage: CoverageAnswer | null = null;
  private coverageError: Msg | null = null;
  private tasks: TasksAnswer | null = null;
  private publishIssues: Msg[] = [];

  constructor(private readonly host: CoordinatorHost) {
    byId("coverage-refresh").addEventListener("click", () => void this.load());
    byId("coverage-copy").addEventListener("click", () => void this.copyReminder());
    byId("lock-toggle").addEventListener("click", () => void this.toggleLock());
    byId("return-form").addEventListener("submit", (e) => {
      e.preventDefault();
      void this.returnRow();
    });
    byId("return-seq").addEventListener("input", () => this.renderReturnUnits());
    byId("publish-form").addEventListener("submit", (e) => {
      e.preventDefault();
      void this.publish();
    });
  }

  get isCoordinator(): boolean {
    return this.host.me().role === "coordinator";
  }

  /** Loads what the selected period needs: coverage (coordinator and viewer) and the task list (coordinator). */
  async load(): Promise<void> {
    const period = this.host.period();
    this.coverage = null;
    this.coverageError = null;
    this.tasks = null;
    if (!period) return this.render();
    const id = encodeURIComponent(period.id);
    try {
      this.coverage = await api.get<CoverageAnswer>(`/periods/${id}/coverage`);
      if (this.isCoordinator) this.tasks = await api.get<TasksAnswer>(`/periods/${id}/tasks?scope=all`);
    } catch (error) {
      this.coverageError = explain(error, "what.coverage");
    }
    this.render();
  }

  render(): void {
    const period = this.host.period();
    const coordinator = this.isCoordinator;
    for (const id of ["lock-box", "return-box", "publish-box"]) byId(id).hidden = !coordinator;
    this.renderCoverage();
    if (coordinator) {
      const lock = byId<HTMLButtonElement>("lock-toggle");
      lock.disabled = period === null;
      lock.textContent = period?.locked ? t("lock.unlock") : t("lock.lock");
      lock.dataset.locked = String(Boolean(period?.locked));
      replace(
        byId("lock-state"),
        period
          ? period.locked
            ? t("lock.locked", { period: period.id })
            : t("lock.unlocked", { period: period.id })
          : "",
      );
      this.renderReturnUnits();
      const previous = byId<HTMLSelectElement>("publish-previous");
      const chosen = previous.value;
      replace(
        previous,
        h("option", { value: "" }, t("publish.previousNone")),
        this.host
          .periods()
          .map((p) => h("option", { value: p.id, selected: p.id === chosen }, `${p.id} ${p.title}`)),
      );
      replace(
        byId("publish-issues"),
        this.publishIssues.length > 0
          ? h(
              "ul",
              { "data-testid": "publish-issues" },
              this.publishIssues.map((m) => h("li", {}, pick(m))),
            )
          : null,
      );
    }
  }

  private renderCoverage(): void {
    const box = byId("coverage-body");
    const reminder = byId<HTMLTextAreaElement>("coverage-reminder");
    if (this.coverageError) {
      replace(box, h("p", { class: "blocked", role: "alert" }, pick(this.coverageError)));
      reminder.value = "";
      return;
    }
    const c = this.coverage;
    if (!c) {
      replace(box);
      reminder.value = "";
      return;
    }
    reminder.value = pick(c.reminder);
    replace(
      box,
      h("p", { "data-testid": "coverage-summary" }, t("coverage.summary", { missing: c.missing.length })),
      h(
        "div",
        { class: "scroll" },
        h(
          "table",
          { class: "coverage", "data-testid": "coverage-table" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              [
                "coverage.unit",
                "coverage.assigned",
                "coverage.reported",
                "coverage.missing",
                "coverage.lastAt",
              ].map((k) => h("th", { scope: "col" }, t(k as "coverage.unit"))),
            ),
          ),
          h(
            "tbody",
            {},
            c.units.map((u) =>
              h(
                "tr",
                { class: u.missingSeqs.length > 0 ? "missing" : null, "data-unit": u.unit },
                h("th", { scope: "row" }, u.unit),
                h("td", { class: "num" }, String(u.assigned)),
                h("td", { class: "num" }, String(u.reported)),
                h("td", {}, u.missingSeqs.join("、")),
                h("td", {}, formatTime(u.lastAt)),
              ),
            ),
          ),
        ),
      ),
    );
  }

  private async copyReminder(): Promise<void> {
    const reminder = byId<HTMLTextAreaElement>("coverage-reminder");
    try {
      await navigator.clipboard.writeText(reminder.value);
      this.host.flash(msg("coverage.copied"), "ok");
    } catch {
      reminder.focus();
      reminder.select();
      this.host.flash(msg("coverage.copyFailed"), "error");
    }
  }

  private async toggleLock(): Promise<void> {
    const period = this.host.period();
    if (!period) return;
    const lock = !period.locked;
    try {
      await api.post(`/periods/${encodeURIComponent(period.id)}/${lock ? "lock" : "unlock"}`);
      this.host.flash(msg(lock ? "lock.locked" : "lock.unlocked", { period: period.id }), "ok");
      await this.host.refreshPeriods(period.id);
    } catch (error) {
      this.host.flash(explain(error, "what.lock"), "error");
    }
  }

  private unitsOf(seq: number): string[] {
    const units = new Set<string>();
    for (const r of this.tasks?.rows ?? []) if (r.seq === seq) units.add(r.unit);
    return [...units];
  }

  private renderReturnUnits(): void {
    const seq = Number(byId<HTMLInputElement>("return-seq").value);
    const select = byId<HTMLSelectElement>("return-unit");
    const chosen = select.value;
    const units = Number.isInteger(seq) && seq > 0 ? this.unitsOf(seq) : [];
    replace(
      select,
      units.map((u) => h("option", { value: u, selected: u === chosen }, u)),
    );
    select.disabled = units.length === 0;
  }

  private async returnRow(): Promise<void> {
    const period = this.host.period();
    if (!period) return;
    const seqInput = byId<HTMLInputElement>("return-seq");
    const unit = byId<HTMLSelectElement>("return-unit").value;
    const comment = byId<HTMLTextAreaElement>("return-comment").value.trim();
    const seq = Number(seqInput.value);
    if (!Number.isInteger(seq) || seq <= 0 || this.unitsOf(seq).length === 0) {
      this.host.flash(join(`${t("return.seq")}: `, msg("return.noTask", { seq: seqInput.value })), "error");
      seqInput.focus();
      return;
    }
    if (comment === "") {
      this.host.flash(msg("field.required", { field: msg("return.comment") }), "error");
      byId("return-comment").focus();
      return;
    }
    try {
      await api.post(`/periods/${encodeURIComponent(period.id)}/returns`, { seq, unit, comment });
      this.host.flash(msg("return.done", { seq, unit }), "ok");
      byId<HTMLTextAreaElement>("return-comment").value = "";
    } catch (error) {
      this.host.flash(explain(error, "what.return"), "error");
    }
  }

  private async publish(): Promise<void> {
    const file = byId<HTMLInputElement>("publish-file").files?.[0];
    const period = byId<HTMLInputElement>("publish-period").value.trim();
    const title = byId<HTMLInputElement>("publish-title").value.trim();
    const due = byId<HTMLInputElement>("publish-due").value;
    const previous = byId<HTMLSelectElement>("publish-previous").value;
    this.publishIssues = [];
    if (!file) {
      this.host.flash(msg("field.required", { field: msg("publish.file") }), "error");
      byId("publish-file").focus();
      return this.render();
    }
    if (period === "") {
      this.host.flash(msg("field.required", { field: msg("publish.period") }), "error");
      byId("publish-period").focus();
      return this.render();
    }
    const form = new FormData();
    form.set("file", file, file.name);
    form.set("period", period);
    if (title) form.set("title", title);
    if (due) form.set("due", due);
    if (previous) form.set("previousPeriod", previous);
    try {
      try {
        await api.request("POST", "/plans/import", { form });
      } catch (error) {
        // Units the directory does not know: the mapping step, then the same upload with the choices.
        if (!(error instanceof ApiError) || error.code !== "unknown-units") throw error;
        const unknown = error.body.unknownUnits as UnknownUnit[] | undefined;
        if (!unknown) throw error;
        this.host.flash(msg("mapping.title"), "error");
        const mapping = await askMapping(unknown);
        if (!mapping) return;
        form.set("unitMapping", JSON.stringify(mapping));
        await api.request("POST", "/plans/import", { form });
      }
      this.host.flash(msg("publish.done", { period }), "ok");
      (byId("publish-form") as HTMLFormElement).reset();
      await this.host.refreshPeriods(period);
    } catch (error) {
      if (error instanceof ApiError) {
        this.publishIssues = error.issues.slice(0, 50).map(issueLine);
        this.host.flash(msg("publish.failed", { detail: error.detail }), "error");
      } else this.host.flash(explain(error, "what.upload"), "error");
      this.render();
    }
  }
}
