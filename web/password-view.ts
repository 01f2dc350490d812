// 修改密码: everyone's own password change (current + new, twice), checked as it is typed with the
// same rules the server enforces (schema/passwords.ts). Forced right after signing in with an initial
// or reset password: the rest of the page stays hidden until it is changed.
import { checkPassword, PASSWORD_MESSAGES, PASSWORD_RULES } from "../schema/passwords.ts";
import { ApiError } from "../client/errors.ts";
import { api } from "./api.ts";
import { byId, h, replace } from "./dom.ts";
import { explain } from "./explain.ts";
import { msg, pick, t, type Msg } from "./i18n.ts";

export interface PasswordHost {
  username: () => string;
  flash(message: Msg, kind: "ok" | "error" | "info"): void;
  /** After a successful change (forced or not). */
  changed(): Promise<void>;
  /** The form was closed without a change (only when not forced). */
  closed(): void;
}

export class PasswordView {
  private forced = false;

  constructor(private readonly host: PasswordHost) {
    byId("password-form").addEventListener("submit", (e) => {
      e.preventDefault();
      void this.submit();
    });
    for (const id of ["password-next", "password-repeat"])
      byId(id).addEventListener("input", () => this.renderProblems(false));
    byId("password-cancel").addEventListener("click", () => this.close());
  }

  get isForced(): boolean {
    return this.forced;
  }

  get isOpen(): boolean {
    return !byId("password").hidden;
  }

  open(forced: boolean): void {
    this.forced = forced;
    const section = byId("password");
    section.hidden = false;
    section.dataset.forced = String(forced);
    for (const id of ["password-current", "password-next", "password-repeat"])
      byId<HTMLInputElement>(id).value = "";
    this.render();
    byId("password-current").focus();
  }

  close(): void {
    if (this.forced) return;
    byId("password").hidden = true;
    this.host.closed();
  }

  /** Closes whatever the state, e.g. on sign-out. */
  reset(): void {
    this.forced = false;
    byId("password").hidden = true;
  }

  render(): void {
    replace(byId("password-intro"), this.forced ? t("password.forced") : t("password.intro"));
    replace(byId("password-rules"), pick(PASSWORD_RULES));
    byId("password-cancel").hidden = this.forced;
    this.renderProblems(false);
  }

  private values() {
    return {
      current: byId<HTMLInputElement>("password-current").value,
      next: byId<HTMLInputElement>("password-next").value,
      repeat: byId<HTMLInputElement>("password-repeat").value,
    };
  }

  /** The rules the new password breaks, as a list; while typing only once something was typed. */
  private renderProblems(all: boolean): Msg[] {
    const { current, next, repeat } = this.values();
    const problems = checkPassword(next, {
      username: this.host.username(),
      ...(current ? { current } : {}),
      ...(repeat || all ? { repeat } : {}),
    });
    const messages: Msg[] = problems.map((p) => PASSWORD_MESSAGES[p]);
    if (all && current === "") messages.unshift(msg("field.required", { field: msg("password.current") }));
    const box = byId("password-problems");
    const show = all || next !== "";
    replace(
      box,
      show && messages.length
        ? h(
            "ul",
            {},
            messages.map((m) => h("li", {}, pick(m))),
          )
        : "",
    );
    box.className = show && messages.length ? "panel error" : "";
    return messages;
  }

  private async submit(): Promise<void> {
    if (this.renderProblems(true).length > 0) {
      byId("password-next").focus();
      return;
    }
    const { current, next } = this.values();
    const button = byId<HTMLButtonElement>("password-submit");
    button.disabled = true;
    try {
      await api.post("/me/password", { current, next });
      this.forced = false;
      byId("password").hidden = true;
      this.host.flash(msg("password.done"), "ok");
      await this.host.changed();
    } catch (error) {
      this.host.flash(
        error instanceof ApiError && error.status === 403 && error.code === "wrong-current-password"
          ? msg("password.wrongCurrent")
          : explain(error, "what.password"),
        "error",
      );
      byId(error instanceof ApiError && error.status === 403 ? "password-current" : "password-next").focus();
    } finally {
      button.disabled = false;
    }
  }
}
