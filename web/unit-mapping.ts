// The publish's mapping step: the sheet's unit names the directory does not know, all at once, each
// with a choice of the nearest names, any unit of the directory, or "add as a new unit". Nothing is
// published until every name has a choice; the server keeps the choices as aliases.
import { api, type Unit } from "./api.ts";
import { byId, h, replace } from "./dom.ts";
import { t } from "./i18n.ts";

export interface UnknownUnit {
  name: string;
  suggestions: string[];
  cells: string[];
}

export const ADD_NEW = "+";

/** Shows the step in #publish-mapping; resolves with the mapping when the coordinator confirms. */
export async function askMapping(unknown: readonly UnknownUnit[]): Promise<Record<string, string> | null> {
  const box = byId("publish-mapping");
  let units: Unit[] = [];
  try {
    units = (await api.get<{ units: Unit[] }>("/units")).units;
  } catch {
    // The choices of nearest names and "add" are still there.
  }
  return new Promise((resolve) => {
    const selects = unknown.map((u, i) =>
      h(
        "select",
        { id: `mapping-${i}`, "data-testid": "mapping-choice", "data-name": u.name, "aria-label": u.name },
        h("option", { value: "" }, t("units.choose")),
        u.suggestions.map((s) => h("option", { value: s }, t("mapping.nearest", { name: s }))),
        units
          .filter((x) => !u.suggestions.includes(x.name))
          .map((x) => h("option", { value: x.name }, x.name)),
        h("option", { value: ADD_NEW }, t("mapping.add")),
      ),
    );
    const status = h("p", { "data-testid": "mapping-status", role: "status" });
    const submit = h(
      "button",
      {
        type: "button",
        class: "primary",
        "data-testid": "mapping-submit",
        onclick: () => {
          const open = selects.filter((s) => s.value === "").length;
          if (open > 0) {
            replace(status, t("mapping.unresolved", { n: open }));
            selects.find((s) => s.value === "")?.focus();
            return;
          }
          const mapping = Object.fromEntries(selects.map((s) => [s.dataset.name!, s.value]));
          replace(box);
          box.hidden = true;
          resolve(mapping);
        },
      },
      t("mapping.submit"),
    );
    replace(
      box,
      h("h4", {}, t("mapping.title")),
      h(
        "table",
        { class: "coverage", "data-testid": "mapping-table" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["mapping.name", "mapping.cells", "mapping.choice"].map((k) =>
              h("th", { scope: "col" }, t(k as "mapping.name")),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          unknown.map((u, i) =>
            h(
              "tr",
              { "data-unit": u.name },
              h("th", { scope: "row" }, h("label", { for: `mapping-${i}` }, u.name)),
              h("td", {}, u.cells.join("、")),
              h("td", {}, selects[i]!),
            ),
          ),
        ),
      ),
      status,
      submit,
    );
    box.hidden = false;
    selects[0]?.focus();
  });
}
