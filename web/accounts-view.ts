// 账号管理 (coordinator): the accounts with a search by name, unit or username and per-row actions
// (reset password: shown once; disable/enable; role; unit), and the roster import: check the sheet,
// see each bad cell, create every account, download the initial-password sheet once.
import type { Unit } from "../schema/index.ts";
import { ApiError } from "../client/errors.ts";
import { api, type Role } from "./api.ts";
import { byId, h, replace, saveBlob } from "./dom.ts";
import { explain, issueLine } from "./explain.ts";
import { msg, pick, t, type Msg } from "./i18n.ts";

export interface Account {
  username: string;
  name: string;
  unit: string | null;
  role: Role;
  disabled: boolean;
  mustChangePassword: boolean;
  phone: string | null;
  email: string | null;
}

interface RosterCheck {
  rows: { row: number; username: string; name: string; unit: string | null; role: Role }[];
  issues: { seq: number | null; field: string | null; cell: string | null; code: string; message: string }[];
}

export interface AccountsHost {
  me: () => { username: string };
  units: () => Unit[];
  flash(message: Msg, kind: "ok" | "error" | "info"): void;
}

const ROLES: Role[] = ["coordinator", "reporter", "viewer"];

export class AccountsView {
  private accounts: Account[] = [];
  private error: Msg | null = null;
  private roster: { file: File; check: RosterCheck } | null = null;
  /** The one-time password of the last reset, shown once until the next action. */
  private revealed: { username: string; password: string } | null = null;

  constructor(private readonly host: AccountsHost) {
    byId("accounts-search").addEventListener("input", () => this.renderList());
    byId("accounts-refresh").addEventListener("click", () => void this.load());
    byId("roster-file").addEventListener("change", () => void this.checkRoster());
    byId("roster-create").addEventListener("click", () => void this.createAccounts());
  }

  async load(): Promise<void> {
    try {
      this.accounts = (await api.get<{ users: Account[] }>("/users")).users;
      this.error = null;
    } catch (error) {
      this.error = explain(error, "what.accounts");
    }
    this.render();
  }

  render(): void {
    this.renderList();
    this.renderRoster();
  }

  // ── the list ──────────────────────────────────────────────────────────────────────────────────

  private renderList(): void {
    const query = byId<HTMLInputElement>("accounts-search").value.trim().toLowerCase();
    const shown = this.accounts.filter(
      (a) =>
        query === "" || [a.username, a.name, a.unit ?? ""].some((text) => text.toLowerCase().includes(query)),
    );
    replace(
      byId("accounts-reset-result"),
      this.revealed
        ? h(
            "p",
            { class: "panel ok", role: "status" },
            t("accounts.resetDone", { username: this.revealed.username }),
            " ",
            h("code", { "data-testid": "accounts-reset-password" }, this.revealed.password),
          )
        : "",
    );
    if (this.error) return replace(byId("accounts-body"), h("p", { class: "panel error" }, pick(this.error)));
    replace(
      byId("accounts-body"),
      h(
        "p",
        { class: "hint", "data-testid": "accounts-count" },
        t("accounts.count", { shown: shown.length, all: this.accounts.length }),
      ),
      h(
        "table",
        { class: "list", "data-testid": "accounts-table" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            [
              "accounts.username",
              "accounts.name",
              "accounts.unit",
              "accounts.role",
              "accounts.state",
              "accounts.actions",
            ].map((k) => h("th", { scope: "col" }, t(k as Parameters<typeof t>[0]))),
          ),
        ),
        h(
          "tbody",
          {},
          shown.map((a) => this.row(a)),
        ),
      ),
    );
  }

  private row(a: Account): HTMLTableRowElement {
    const busy = (el: HTMLElement) => el.closest("tr")?.setAttribute("aria-busy", "true");
    const roleSelect = h(
      "select",
      {
        "aria-label": t("accounts.roleOf", { username: a.username }),
        "data-testid": "account-role",
        onchange: (e: Event) => {
          busy(e.target as HTMLElement);
          void this.act(a.username, "role", { role: (e.target as HTMLSelectElement).value });
        },
      },
      ROLES.map((r) => h("option", { value: r, selected: r === a.role }, t(`role.${r}`))),
    );
    const unitSelect = h(
      "select",
      {
        "aria-label": t("accounts.unitOf", { username: a.username }),
        "data-testid": "account-unit",
        onchange: (e: Event) => {
          const value = (e.target as HTMLSelectElement).value;
          void this.act(a.username, "unit", { unit: value === "" ? null : value });
        },
      },
      h("option", { value: "", selected: a.unit === null }, t("unit.none")),
      this.host.units().map((u) => h("option", { value: u.name, selected: u.name === a.unit }, u.name)),
    );
    return h(
      "tr",
      { "data-username": a.username, class: a.disabled ? "disabled" : "" },
      h("td", {}, a.username),
      h("td", {}, a.name),
      h("td", {}, unitSelect),
      h("td", {}, roleSelect),
      h(
        "td",
        { "data-testid": "account-state" },
        a.disabled ? t("accounts.disabled") : t("accounts.active"),
        a.mustChangePassword ? ` · ${t("accounts.mustChange")}` : "",
      ),
      h(
        "td",
        { class: "actions" },
        h(
          "button",
          { type: "button", "data-testid": "account-reset", onclick: () => void this.reset(a.username) },
          t("accounts.reset"),
        ),
        " ",
        h(
          "button",
          {
            type: "button",
            "data-testid": a.disabled ? "account-enable" : "account-disable",
            onclick: () => void this.act(a.username, a.disabled ? "enable" : "disable"),
          },
          a.disabled ? t("accounts.enable") : t("accounts.disable"),
        ),
      ),
    );
  }

  private async act(username: string, action: "disable" | "enable" | "role" | "unit", body?: unknown) {
    this.revealed = null;
    try {
      const updated = await api.post<Account>(`/users/${encodeURIComponent(username)}/${action}`, body);
      this.accounts = this.accounts.map((a) => (a.username === username ? updated : a));
      this.host.flash(msg(`accounts.done.${action}`, { username }), "ok");
    } catch (error) {
      this.host.flash(explain(error, "what.accounts"), "error");
    }
    this.renderList();
  }

  private async reset(username: string): Promise<void> {
    if (!window.confirm(t("accounts.resetConfirm", { username }))) return;
    this.revealed = null;
    try {
      this.revealed = await api.post<{ username: string; password: string }>(
        `/users/${encodeURIComponent(username)}/reset-password`,
      );
      this.accounts = this.accounts.map((a) =>
        a.username === username ? { ...a, mustChangePassword: true } : a,
      );
      this.host.flash(msg("accounts.resetFlash", { username }), "ok");
    } catch (error) {
      this.host.flash(explain(error, "what.accounts"), "error");
    }
    this.renderList();
  }

  // ── the roster ────────────────────────────────────────────────────────────────────────────────

  private async checkRoster(): Promise<void> {
    const input = byId<HTMLInputElement>("roster-file");
    const file = input.files?.[0];
    this.roster = null;
    this.revealed = null;
    if (!file) return this.renderRoster();
    const form = new FormData();
    form.set("file", file, file.name);
    try {
      this.roster = { file, check: await api.request<RosterCheck>("POST", "/users/import/check", { form }) };
    } catch (error) {
      this.host.flash(explain(error, "what.roster"), "error");
    }
    this.renderRoster();
  }

  private renderRoster(): void {
    const box = byId("roster-result");
    const create = byId<HTMLButtonElement>("roster-create");
    const roster = this.roster;
    create.disabled = !roster || roster.check.issues.length > 0 || roster.check.rows.length === 0;
    if (!roster) return replace(box);
    const { rows, issues } = roster.check;
    if (issues.length > 0) {
      box.dataset.issues = String(issues.length);
      return replace(
        box,
        h("p", { class: "blocked", role: "alert" }, t("roster.refused", { n: issues.length })),
        h(
          "ul",
          { class: "panel error", "data-testid": "roster-issues" },
          issues.map((i) => h("li", { "data-cell": i.cell ?? "" }, pick(issueLine(i)))),
        ),
      );
    }
    box.dataset.issues = "0";
    replace(
      box,
      h("p", { class: "ok" }, t("roster.ready", { n: rows.length })),
      h(
        "table",
        { class: "list", "data-testid": "roster-preview" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["accounts.username", "accounts.name", "accounts.unit", "accounts.role"].map((k) =>
              h("th", { scope: "col" }, t(k as Parameters<typeof t>[0])),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          rows.map((r) =>
            h(
              "tr",
              {},
              h("td", {}, r.username),
              h("td", {}, r.name),
              h("td", {}, r.unit ?? ""),
              h("td", {}, t(`role.${r.role}`)),
            ),
          ),
        ),
      ),
    );
  }

  /** Creates the accounts; the answer is the password sheet, saved once and never fetched again. */
  private async createAccounts(): Promise<void> {
    const roster = this.roster;
    if (!roster) return;
    const button = byId<HTMLButtonElement>("roster-create");
    button.disabled = true;
    const form = new FormData();
    form.set("file", roster.file, roster.file.name);
    try {
      const blob = await api.request<Blob>("POST", "/users/import", { form, blob: true });
      const name = `initial-passwords-${new Date().toISOString().slice(0, 10)}.xlsx`;
      saveBlob(blob, name);
      this.host.flash(msg("roster.created", { n: roster.check.rows.length, name }), "ok");
      this.roster = null;
      byId<HTMLInputElement>("roster-file").value = "";
      await this.load();
    } catch (error) {
      if (error instanceof ApiError && error.issues.length > 0)
        this.roster = {
          file: roster.file,
          check: { rows: [], issues: error.issues as RosterCheck["issues"] },
        };
      this.host.flash(explain(error, "what.roster"), "error");
      this.renderRoster();
    }
  }
}
