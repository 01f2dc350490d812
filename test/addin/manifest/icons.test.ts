import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEV_ORIGIN } from "../../../addin/manifest/manifest.ts";
import { pngSize, REPO, repoManifest } from "./helpers.ts";

const xml = repoManifest();

/** The repository file a dev-server URL serves: /addin/assets/x.png → addin/assets/x.png. */
function fileFor(url: string): string {
  return REPO + new URL(url).pathname.slice(1);
}

function sizeOf(url: string) {
  return pngSize(readFileSync(fileFor(url)));
}

function iconUrl(element: string): string {
  const url = new RegExp(`<${element} DefaultValue="([^"]+)"`).exec(xml)?.[1];
  if (url === undefined) throw new Error(`${element} not found`);
  return url;
}

describe("manifest icons", () => {
  it("references only PNGs that exist under addin/assets", () => {
    const urls = [...xml.matchAll(/"(https:\/\/localhost:3000\/[^"]+\.png)"/g)].map((m) => m[1] ?? "");
    expect(urls.length).toBeGreaterThanOrEqual(5);
    for (const url of urls) {
      expect(url.startsWith(`${DEV_ORIGIN}/addin/assets/`), url).toBe(true);
      expect(existsSync(fileFor(url)), url).toBe(true);
    }
  });

  it("uses a 32×32 IconUrl and a 64×64 HighResolutionIconUrl", () => {
    expect(sizeOf(iconUrl("IconUrl"))).toEqual({ width: 32, height: 32 });
    expect(sizeOf(iconUrl("HighResolutionIconUrl"))).toEqual({ width: 64, height: 64 });
  });

  it("gives every ribbon image the pixel size its size attribute declares", () => {
    const refs = [...xml.matchAll(/<bt:Image size="(\d+)" resid="([^"]+)"\/>/g)];
    expect(new Set(refs.map((m) => m[1]))).toEqual(new Set(["16", "32", "80"]));
    for (const [, size, resid] of refs) {
      const url = new RegExp(`<bt:Image id="${resid}" DefaultValue="([^"]+)"`).exec(xml)?.[1] ?? "";
      expect(sizeOf(url), resid).toEqual({ width: Number(size), height: Number(size) });
    }
  });

  it("ships every generated icon at the size its name states", () => {
    for (const size of [16, 32, 64, 80, 128]) {
      const file = `${REPO}addin/assets/icon-${size}.png`;
      expect(pngSize(readFileSync(file)), file).toEqual({ width: size, height: size });
    }
  });
});
