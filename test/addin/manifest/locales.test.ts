import { describe, expect, it } from "vitest";
import { repoManifest } from "./helpers.ts";

const xml = repoManifest();

/** Locale → value of the Override children of the first element matching `open`. */
function overridesOf(open: RegExp, close: string): Record<string, string> {
  const start = xml.search(open);
  if (start === -1) throw new Error(`${String(open)} not found`);
  const block = xml.slice(start, xml.indexOf(close, start));
  const entries = [...block.matchAll(/<(?:bt:)?Override Locale="([^"]+)" Value="([^"]+)"\/>/g)];
  return Object.fromEntries(entries.map((m) => [m[1], m[2]]));
}

function stringResource(id: string) {
  const defaultValue = new RegExp(`<bt:String id="${id}" DefaultValue="([^"]+)"`).exec(xml)?.[1];
  return { defaultValue, overrides: overridesOf(new RegExp(`<bt:String id="${id}"`), "</bt:String>") };
}

describe("manifest locales", () => {
  it("defaults to zh-CN", () => {
    expect(xml).toMatch(/<DefaultLocale>zh-CN<\/DefaultLocale>/);
  });

  it("shows 重点工作报送 by default and an en-US display name", () => {
    expect(xml).toContain('<DisplayName DefaultValue="重点工作报送">');
    expect(overridesOf(/<DisplayName /, "</DisplayName>")).toEqual({ "en-US": "Keywork key-work report" });
  });

  it("has an en-US override for the description", () => {
    expect(overridesOf(/<Description DefaultValue/, "</Description>")["en-US"]).toMatch(/key-work/);
  });

  it("labels the ribbon button 重点工作报送 with an en-US override", () => {
    const resid = /<Control xsi:type="Button"[^>]*>\s*<Label resid="([^"]+)"/.exec(xml)?.[1];
    expect(resid).toBeDefined();
    expect(stringResource(resid ?? "")).toEqual({
      defaultValue: "重点工作报送",
      overrides: { "en-US": "Key-work report" },
    });
  });

  it("puts the button on the Home tab", () => {
    expect(xml).toMatch(/<OfficeTab id="TabHome">\s*<Group id="Keywork.Group">/);
  });

  it("gives every short and long string an en-US override", () => {
    const ids = [...xml.matchAll(/<bt:String id="([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(stringResource(id).overrides["en-US"], id).toBeTruthy();
  });
});
