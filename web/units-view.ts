// 单位名录 in the coordinator's area: the directory with its retired names; import/export .xlsx; add;
// edit kind and aliases; rename; merge. Every refusal shows the server's message naming the cell or field.
import { ApiError } from "../client/errors.ts";
import { api, type Unit } from "./api.ts";
import { byId, h, replace, saveBlob } from "./dom.ts";
import { explain, issueLine } from "./explain.ts";
import { msg, pick, t, type Msg } from "./i18n.ts";

interface Directory {
  units: Unit[];
  retired: { name: string; retiredInto: string }[];
}

export interface UnitsHost {
  flash(message: Msg, kind: "ok" | "error"): void;
  /** After a change: the page re-reads the units it validates with. */
  unitsChanged(): Promise<void>;
}

const KINDS: [string, Msg][] = [
  ["bureau", { zh: "市直部门", en: "city bureau" }],
  ["district", { zh: "区", en: "district" }],
  ["county", { zh: "县（市）", en: "county" }],
  ["zone", { zh: "园区", en: "zone" }],
  ["other", { zh: "其他", en: "other" }],
];
const kindText = (kind: string) => pick(KINDS.find(([k]) => k === kind)?.[1] ?? { zh: kind, en: kind });
const splitAliases = (text: string) => text.split(/[、,，;；\s\u3000]+/u).filter((a) => a !== "");

export class UnitsView {
  private directory: Directory = { units: [], retired: [] };
  private issues: Msg[] = [];

  constructor(private readonly host: UnitsHost) {
    const on = (id: string, run: () => Promise<void>) =>
      byId(id).addEventListener("submit", (e) => {
        e.preventDefault();
        void run();
      });
    on("units-import-form", () => this.importSheet());
    on("unit-add-form", () => this.add());
    on("unit-edit-form", () => this.edit());
    on("unit-rename-form", () => this.rename());
    on("unit-merge-form", () => this.merge());
    byId("units-export").addEventListener("click", () => void this.exportSheet());
    byId("unit-edit-name").addEventListener("change", () => this.fillEdit());
  }

  async load(): Promise<void> {
    try {
      this.directory = await api.get<Directory>("/units/directory");
    } catch (error) {
      this.host.flash(explain(error, "what.units"), "error");
    }
    this.render();
  }

  render(): void {
    const { units, retired } = this.directory;
    replace(
      byId("units-list"),
      h("p", { "data-testid": "units-count" }, t("units.count", { n: units.length })),
      h(
        "div",
        { class: "scroll" },
        h(
          "table",
          { class: "coverage", "data-testid": "units-table" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ["units.name", "units.kind", "units.aliases"].map((k) =>
                h("th", { scope: "col" }, t(k as "units.name")),
              ),
            ),
          ),
          h(
            "tbody",
            {},
            units.map((u) =>
              h(
                "tr",
                { "data-unit": u.name },
                h("th", { scope: "row" }, u.name),
                h("td", {}, kindText(u.kind)),
                h("td", {}, u.aliases.join("、")),
              ),
            ),
          ),
        ),
      ),
      retired.length > 0
        ? h(
            "p",
            { "data-testid": "units-retired" },
            t("units.retired", { list: retired.map((r) => `${r.name} → ${r.retiredInto}`).join("；") }),
          )
        : null,
    );
    for (const select of document.querySelectorAll<HTMLSelectElement>("select.unit-kind")) {
      const chosen = select.value || "bureau";
      replace(
        select,
        KINDS.map(([k, label]) => h("option", { value: k, selected: k === chosen }, pick(label))),
      );
    }
    for (const select of document.querySelectorAll<HTMLSelectElement>("select.unit-pick")) {
      const chosen = new Set([...select.selectedOptions].map((o) => o.value));
      replace(
        select,
        select.multiple ? null : h("option", { value: "" }, t("units.choose")),
        units.map((u) => h("option", { value: u.name, selected: chosen.has(u.name) }, u.name)),
      );
    }
    replace(
      byId("units-issues"),
      this.issues.length > 0
        ? h(
            "ul",
            {},
            this.issues.map((m) => h("li", {}, pick(m))),
          )
        : null,
    );
  }

  private fillEdit(): void {
    const unit = this.directory.units.find((u) => u.name === byId<HTMLSelectElement>("unit-edit-name").value);
    byId<HTMLSelectElement>("unit-edit-kind").value = unit?.kind ?? "bureau";
    byId<HTMLInputElement>("unit-edit-aliases").value = unit?.aliases.join("、") ?? "";
  }

  /** Runs a change; on success reloads and says so, on refusal lists the server's issues. */
  private async change(work: () => Promise<Msg>, form: string): Promise<void> {
    this.issues = [];
    try {
      const done = await work();
      this.host.flash(done, "ok");
      (byId(form) as HTMLFormElement).reset();
      await this.load();
      await this.host.unitsChanged();
    } catch (error) {
      if (error instanceof ApiError && error.issues.length > 0) {
        this.issues = error.issues.slice(0, 50).map(issueLine);
        this.host.flash(error.detail, "error");
      } else this.host.flash(explain(error, "what.units"), "error");
      this.render();
    }
  }

  private async importSheet(): Promise<void> {
    const file = byId<HTMLInputElement>("units-import-file").files?.[0];
    if (!file) {
      this.host.flash(msg("field.required", { field: msg("units.import") }), "error");
      return;
    }
    const form = new FormData();
    form.set("file", file, file.name);
    await this.change(async () => {
      const r = await api.request<{ added: string[]; updated: string[] }>("POST", "/units/import", { form });
      return msg("units.imported", { added: r.added.length, updated: r.updated.length });
    }, "units-import-form");
  }

  private async exportSheet(): Promise<void> {
    try {
      saveBlob(await api.request<Blob>("GET", "/units/export.xlsx", { blob: true }), "单位名录.xlsx");
    } catch (error) {
      this.host.flash(explain(error, "what.units"), "error");
    }
  }

  private async add(): Promise<void> {
    const name = byId<HTMLInputElement>("unit-add-name").value.trim();
    if (name === "") return this.host.flash(msg("field.required", { field: msg("units.name") }), "error");
    const kind = byId<HTMLSelectElement>("unit-add-kind").value;
    const aliases = splitAliases(byId<HTMLInputElement>("unit-add-aliases").value);
    await this.change(async () => {
      await api.post("/units", { name, kind, aliases });
      return msg("units.added", { name });
    }, "unit-add-form");
  }

  private async edit(): Promise<void> {
    const name = byId<HTMLSelectElement>("unit-edit-name").value;
    if (name === "") return this.host.flash(msg("field.required", { field: msg("units.name") }), "error");
    const kind = byId<HTMLSelectElement>("unit-edit-kind").value;
    const aliases = splitAliases(byId<HTMLInputElement>("unit-edit-aliases").value);
    await this.change(async () => {
      await api.request("PATCH", `/units/${encodeURIComponent(name)}`, { json: { kind, aliases } });
      return msg("units.edited", { name });
    }, "unit-edit-form");
  }

  private async rename(): Promise<void> {
    const from = byId<HTMLSelectElement>("unit-rename-from").value;
    const to = byId<HTMLInputElement>("unit-rename-to").value.trim();
    if (from === "") return this.host.flash(msg("field.required", { field: msg("units.name") }), "error");
    if (to === "") return this.host.flash(msg("field.required", { field: msg("units.renameTo") }), "error");
    await this.change(async () => {
      await api.post(`/units/${encodeURIComponent(from)}/rename`, { to });
      return msg("units.renamed", { from, to });
    }, "unit-rename-form");
  }

  private async merge(): Promise<void> {
    const from = [...byId<HTMLSelectElement>("unit-merge-from").selectedOptions].map((o) => o.value);
    const into = byId<HTMLInputElement>("unit-merge-into").value.trim();
    if (from.length === 0)
      return this.host.flash(msg("field.required", { field: msg("units.mergeFrom") }), "error");
    if (into === "")
      return this.host.flash(msg("field.required", { field: msg("units.mergeInto") }), "error");
    await this.change(async () => {
      const r = await api.post<{ into: string }>("/units/merge", { from, into });
      return msg("units.merged", { into: r.into });
    }, "unit-merge-form");
  }
}
