// 审计日志 (coordinator): the administrative actions, newest first, filtered by action or actor, with
// "older" paging (GET /audit?before=…).
import { api } from "./api.ts";
import { byId, formatTime, h, replace } from "./dom.ts";
import { explain } from "./explain.ts";
import { pick, t, type Msg } from "./i18n.ts";

interface Entry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  detail: Record<string, unknown> | null;
}

const PAGE = 50;

export class AuditView {
  private entries: Entry[] = [];
  private nextBefore: number | null = null;
  private error: Msg | null = null;

  constructor() {
    byId("audit-filter").addEventListener("submit", (e) => {
      e.preventDefault();
      void this.load();
    });
    byId("audit-more").addEventListener("click", () => void this.load(true));
  }

  async load(more = false): Promise<void> {
    const params = new URLSearchParams({ limit: String(PAGE) });
    const action = byId<HTMLSelectElement>("audit-action").value;
    const actor = byId<HTMLInputElement>("audit-actor").value.trim();
    if (action) params.set("action", action);
    if (actor) params.set("actor", actor);
    if (more && this.nextBefore !== null) params.set("before", String(this.nextBefore));
    try {
      const page = await api.get<{ entries: Entry[]; nextBefore: number | null }>(`/audit?${params}`);
      this.entries = more ? [...this.entries, ...page.entries] : page.entries;
      this.nextBefore = page.nextBefore;
      this.error = null;
    } catch (error) {
      this.error = explain(error, "what.audit");
    }
    this.render();
  }

  render(): void {
    byId("audit-more").hidden = this.nextBefore === null;
    if (this.error) return replace(byId("audit-body"), h("p", { class: "panel error" }, pick(this.error)));
    if (this.entries.length === 0)
      return replace(byId("audit-body"), h("p", { class: "hint" }, t("audit.empty")));
    replace(
      byId("audit-body"),
      h(
        "table",
        { class: "list", "data-testid": "audit-table" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["audit.at", "audit.actor", "audit.action", "audit.target", "audit.detail"].map((k) =>
              h("th", { scope: "col" }, t(k as Parameters<typeof t>[0])),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          this.entries.map((e) =>
            h(
              "tr",
              { "data-action": e.action, "data-id": e.id },
              h("td", {}, formatTime(e.at)),
              h("td", {}, e.actor),
              h("td", {}, e.action),
              h("td", {}, e.target),
              h("td", { class: "detail" }, e.detail ? JSON.stringify(e.detail) : ""),
            ),
          ),
        ),
      ),
    );
  }
}
