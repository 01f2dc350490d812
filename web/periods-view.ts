// 报送期次 in the coordinator's area: the periods with what each holds, opening the next period from a
// past one (same plan, or a new sheet), and the one-click 催报 to the configured robot.
import { ApiError } from "../client/errors.ts";
import { api, type Period } from "./api.ts";
import { byId, h, replace } from "./dom.ts";
import { explain, issueLine } from "./explain.ts";
import { join, msg, pick, t, type Msg } from "./i18n.ts";

interface Summary {
  id: string;
  title: string;
  dueAt: string | null;
  locked: boolean;
  previousPeriodId: string | null;
  tasks: number;
  units: number;
  reportedUnits: number;
}

export interface PeriodsHost {
  period(): Period | null;
  flash(message: Msg, kind: "ok" | "error"): void;
  refreshPeriods(select?: string): Promise<void>;
}

export class PeriodsView {
  private periods: Summary[] = [];

  constructor(private readonly host: PeriodsHost) {
    byId("rollover-form").addEventListener("submit", (e) => {
      e.preventDefault();
      void this.rollOver();
    });
    byId("remind-send").addEventListener("click", () => void this.remind());
  }

  async load(): Promise<void> {
    try {
      this.periods = (await api.get<{ periods: Summary[] }>("/periods/summary")).periods;
    } catch (error) {
      this.host.flash(explain(error, "what.periods"), "error");
    }
    this.render();
  }

  render(): void {
    const cols = [
      "periods.id",
      "periods.titleCol",
      "periods.due",
      "periods.state",
      "periods.previous",
      "periods.tasks",
      "periods.reported",
    ];
    replace(
      byId("periods-list"),
      h(
        "div",
        { class: "scroll" },
        h(
          "table",
          { class: "coverage", "data-testid": "periods-table" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              cols.map((k) => h("th", { scope: "col" }, t(k as "periods.id"))),
            ),
          ),
          h(
            "tbody",
            {},
            this.periods.map((p) =>
              h(
                "tr",
                { "data-period": p.id },
                h("th", { scope: "row" }, p.id),
                h("td", {}, p.title),
                h("td", {}, p.dueAt?.slice(0, 10) ?? ""),
                h("td", {}, t(p.locked ? "period.locked" : "period.open")),
                h("td", {}, p.previousPeriodId ?? ""),
                h("td", { class: "num" }, String(p.tasks)),
                h("td", { class: "num" }, `${p.reportedUnits}/${p.units}`),
              ),
            ),
          ),
        ),
      ),
    );
    const from = byId<HTMLSelectElement>("rollover-from");
    const chosen = from.value || this.periods[this.periods.length - 1]?.id;
    replace(
      from,
      this.periods.map((p) => h("option", { value: p.id, selected: p.id === chosen }, `${p.id} ${p.title}`)),
    );
  }

  private async rollOver(): Promise<void> {
    const period = byId<HTMLInputElement>("rollover-period").value.trim();
    if (period === "")
      return this.host.flash(msg("field.required", { field: msg("periods.newId") }), "error");
    const form = new FormData();
    form.set("period", period);
    form.set("from", byId<HTMLSelectElement>("rollover-from").value);
    const title = byId<HTMLInputElement>("rollover-title").value.trim();
    const due = byId<HTMLInputElement>("rollover-due").value;
    const file = byId<HTMLInputElement>("rollover-file").files?.[0];
    if (title) form.set("title", title);
    if (due) form.set("due", due);
    if (file) form.set("file", file, file.name);
    try {
      await api.request("POST", "/periods", { form });
      this.host.flash(msg("periods.opened", { period }), "ok");
      (byId("rollover-form") as HTMLFormElement).reset();
      byId<HTMLSelectElement>("rollover-from").value = ""; // the newest period next time
      await this.host.refreshPeriods(period);
      await this.load();
    } catch (error) {
      if (error instanceof ApiError && error.issues.length > 0) {
        const lines = error.issues.slice(0, 5).map(issueLine);
        this.host.flash(join(error.detail, " ", ...lines.flatMap((l) => [l, "; "])), "error");
      } else this.host.flash(explain(error, "what.rollover"), "error");
    }
  }

  private async remind(): Promise<void> {
    const period = this.host.period();
    if (!period) return;
    const result = byId("remind-result");
    try {
      const r = await api.post<{ delivered: boolean; missing: string[] }>(
        `/periods/${encodeURIComponent(period.id)}/remind`,
      );
      const done = r.delivered ? msg("remind.sent", { n: r.missing.length }) : msg("remind.none");
      replace(result, pick(done));
      this.host.flash(done, "ok");
    } catch (error) {
      const told = explain(error, "what.remind");
      replace(result, pick(told));
      this.host.flash(told, "error");
    }
  }
}
