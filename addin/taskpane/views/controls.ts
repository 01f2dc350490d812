// Small form controls every panel builds the same way: inputs, buttons, labelled fields.
import { h } from "./dom.ts";

export function input(testid: string, type: string, value: string, autocomplete?: string): HTMLInputElement {
  const el = h("input", {
    testid,
    attrs: { type, autocomplete: autocomplete ?? "off", spellcheck: "false" },
  });
  el.value = value;
  return el;
}

export function button(testid: string, label: string, onClick: () => void, kind = ""): HTMLButtonElement {
  return h("button", { testid, class: kind, attrs: { type: "button" }, on: { click: onClick } }, label);
}

export function field(label: string, control: HTMLElement): HTMLElement {
  const id = control.id || `kw-${control.getAttribute("data-testid") ?? Math.random().toString(36).slice(2)}`;
  control.id = id;
  return h("div", { class: "field" }, h("label", { attrs: { for: id } }, label), control);
}
