// The connect card: server address, user name, password, 登录. Its own view so that more sign-in
// forms (e.g. changing the password) sit beside it without touching the rest of the pane.
import { t, type Lang, type MessageKey } from "../i18n.ts";
import { field, input } from "./controls.ts";
import { h } from "./dom.ts";

export interface ConnectView {
  element: HTMLElement;
  serverInput: HTMLInputElement;
  usernameInput: HTMLInputElement;
  passwordInput: HTMLInputElement;
}

export function connectView(lang: Lang, server: string, onSignIn: () => void): ConnectView {
  const L = (key: MessageKey) => t(lang, key);
  const serverInput = input("server-url", "url", server);
  const usernameInput = input("username", "text", "", "username");
  const passwordInput = input("password", "password", "", "current-password");
  passwordInput.addEventListener("keydown", (e) => {
    if (e.key === "Enter") onSignIn();
  });
  const element = h(
    "form",
    {
      testid: "connect",
      class: "card",
      attrs: { autocomplete: "on" },
      on: { submit: (e) => (e.preventDefault(), onSignIn()) },
    },
    h("h2", {}, L("connectTitle")),
    field(L("serverUrl"), serverInput),
    field(L("username"), usernameInput),
    field(L("password"), passwordInput),
    h(
      "div",
      { class: "buttons" },
      h("button", { testid: "sign-in", class: "primary", attrs: { type: "submit" } }, L("signIn")),
    ),
  );
  return { element, serverInput, usernameInput, passwordInput };
}
