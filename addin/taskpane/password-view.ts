// 修改密码 in the task pane: everyone's own change (current + new, twice), checked as it is typed with
// the rules the server enforces (schema/passwords.ts), and forced right after signing in with an
// initial or reset password (the rest of the pane stays hidden until it is changed). Its few words
// live here, beside the schema's rule messages, so the pane's shared string table is untouched.
import { checkPassword, PASSWORD_MESSAGES, PASSWORD_RULES } from "../../schema/passwords.ts";
import { ApiError } from "../../client/errors.ts";
import type { ApiClient } from "../api/client.ts";
import type { Lang } from "./i18n.ts";
import { describeError, type PaneMessage } from "./logic/describe.ts";
import { button, field, input } from "./views/controls.ts";
import { h, replaceChildren, show } from "./views/dom.ts";

const WORDS = {
  open: ["修改密码", "Change password"],
  title: ["修改密码", "Change password"],
  forced: [
    "您正在使用初始密码或重置后的密码,请先设置自己的新密码再继续。",
    "You signed in with an initial or reset password: set a new password of your own to continue.",
  ],
  current: ["当前密码", "Current password"],
  next: ["新密码", "New password"],
  repeat: ["再次输入新密码", "New password again"],
  save: ["保存新密码", "Save the new password"],
  cancel: ["取消", "Cancel"],
  done: ["密码已修改。", "Your password was changed."],
  currentNeeded: ["请填写当前密码", "Enter the current password"],
  wrongCurrent: ["当前密码不正确,密码未修改。", "The current password is wrong; nothing was changed."],
} as const satisfies Record<string, readonly [string, string]>;

export interface PasswordPaneHost {
  lang: Lang;
  api: () => ApiClient;
  username: () => string;
  say(message: PaneMessage): void;
  /** Runs the change with the pane busy (buttons disabled, progress shown), the loading after it included. */
  busy(action: () => Promise<void>): Promise<void>;
  /** After a successful change: load what the pane shows once signed in. */
  changed(): Promise<void>;
  /** Opened or closed: the pane re-renders (the rest is hidden while the change is forced). */
  toggled(): void;
}

export class PasswordPane {
  readonly element: HTMLElement;
  /** The button that opens the form, for the signed-in line. */
  readonly opener: HTMLButtonElement;
  private forced = false;
  private readonly current: HTMLInputElement;
  private readonly next: HTMLInputElement;
  private readonly repeat: HTMLInputElement;
  private readonly intro: HTMLElement;
  private readonly problems: HTMLElement;
  private readonly cancel: HTMLButtonElement;

  constructor(private readonly host: PasswordPaneHost) {
    const W = (key: keyof typeof WORDS) => this.word(key);
    this.current = input("password-current", "password", "", "current-password");
    this.next = input("password-next", "password", "", "new-password");
    this.repeat = input("password-repeat", "password", "", "new-password");
    for (const el of [this.next, this.repeat]) el.addEventListener("input", () => this.check(false));
    this.intro = h("p", { testid: "password-intro", class: "notice" });
    this.problems = h("div", { testid: "password-problems", attrs: { role: "alert" } });
    this.cancel = button("password-cancel", W("cancel"), () => this.close(), "link");
    this.opener = button("password-open", W("open"), () => this.open(false), "link");
    this.element = h(
      "form",
      {
        testid: "password-form",
        class: "card",
        on: { submit: (e) => (e.preventDefault(), void this.host.busy(() => this.submit())) },
      },
      h("h2", {}, W("title")),
      this.intro,
      field(W("current"), this.current),
      field(W("next"), this.next),
      field(W("repeat"), this.repeat),
      h("p", { testid: "password-rules", class: "hint" }, PASSWORD_RULES[host.lang]),
      this.problems,
      h(
        "div",
        { class: "buttons" },
        h("button", { testid: "password-submit", class: "primary", attrs: { type: "submit" } }, W("save")),
        this.cancel,
      ),
    );
    this.element.hidden = true;
  }

  get isForced(): boolean {
    return this.forced;
  }

  open(forced: boolean): void {
    this.forced = forced;
    for (const el of [this.current, this.next, this.repeat]) el.value = "";
    this.intro.textContent = forced ? this.word("forced") : "";
    show(this.intro, forced);
    show(this.cancel, !forced);
    replaceChildren(this.problems);
    this.element.hidden = false;
    this.host.toggled();
    this.current.focus();
  }

  close(): void {
    if (this.forced) return;
    this.element.hidden = true;
    this.host.toggled();
  }

  /** Closes whatever the state (signed out). */
  reset(): void {
    this.forced = false;
    this.element.hidden = true;
  }

  private word(key: keyof typeof WORDS): string {
    return WORDS[key][this.host.lang === "zh" ? 0 : 1];
  }

  private check(all: boolean): string[] {
    const problems = checkPassword(this.next.value, {
      username: this.host.username(),
      ...(this.current.value ? { current: this.current.value } : {}),
      ...(this.repeat.value || all ? { repeat: this.repeat.value } : {}),
    }).map((p) => PASSWORD_MESSAGES[p][this.host.lang]);
    if (all && this.current.value === "") problems.unshift(this.word("currentNeeded"));
    const visible = all || this.next.value !== "";
    replaceChildren(
      this.problems,
      visible && problems.length > 0 ? h("ul", {}, ...problems.map((p) => h("li", {}, p))) : null,
    );
    this.problems.className = visible && problems.length > 0 ? "message" : "";
    this.problems.setAttribute("data-kind", "error");
    return problems;
  }

  private async submit(): Promise<void> {
    if (this.check(true).length > 0) return this.next.focus();
    try {
      await this.host.api().changePassword(this.current.value, this.next.value);
    } catch (error) {
      if (error instanceof ApiError && error.code === "wrong-current-password") {
        this.host.say({ kind: "error", text: this.word("wrongCurrent") });
        return this.current.focus();
      }
      // A rule only the server knows, the network, a session gone: said on the message line.
      this.host.say(describeError(error, this.host.lang));
      return;
    }
    this.forced = false;
    this.element.hidden = true;
    this.host.say({ kind: "success", text: this.word("done") });
    this.host.toggled();
    await this.host.changed();
  }
}
