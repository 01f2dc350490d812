import { describe, expect, it } from "vitest";
import { BaseUrlError, manifestForHost } from "../../../addin/manifest/manifest.ts";
import { validateManifestXml } from "../../../addin/manifest/validate.ts";
import { repoManifest, runScript } from "./helpers.ts";

const HOST = "https://keywork.city.gov.cn";

function urlsIn(xml: string): string[] {
  return [...xml.matchAll(/(?:DefaultValue="|<AppDomain>)(https?:[^"<]+)/g)].map((m) => m[1] ?? "");
}

describe("manifestForHost", () => {
  it("leaves no localhost anywhere in the manifest", () => {
    expect(manifestForHost(repoManifest(), HOST)).not.toMatch(/localhost/);
  });

  it("moves every URL under the new base", () => {
    const urls = urlsIn(manifestForHost(repoManifest(), HOST));
    expect(urls.length).toBe(urlsIn(repoManifest()).length);
    for (const url of urls) expect(url.startsWith(HOST)).toBe(true);
  });

  it("points the task pane, icons and support page at the matching paths", () => {
    const xml = manifestForHost(repoManifest(), HOST);
    expect(xml).toContain(`<SourceLocation DefaultValue="${HOST}/addin/taskpane.html"/>`);
    expect(xml).toContain(`id="Taskpane.Url" DefaultValue="${HOST}/addin/taskpane.html"`);
    expect(xml).toContain(`id="Icon.80" DefaultValue="${HOST}/addin/assets/icon-80.png"`);
    expect(xml).toContain(`<SupportUrl DefaultValue="${HOST}/"/>`);
  });

  it("produces a manifest that still validates against the XSDs", () => {
    const result = validateManifestXml(manifestForHost(repoManifest(), HOST));
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("keeps a path prefix in URLs but gives AppDomain the bare origin", () => {
    const xml = manifestForHost(repoManifest(), "https://oa.city.gov.cn/keywork/");
    expect(xml).toContain('DefaultValue="https://oa.city.gov.cn/keywork/addin/taskpane.html"');
    expect(xml).toContain("<AppDomain>https://oa.city.gov.cn</AppDomain>");
  });

  it("does not double the slash when the base ends with one", () => {
    expect(manifestForHost(repoManifest(), `${HOST}/`)).not.toMatch(/gov\.cn\/\//);
  });

  it("keeps a non-default port", () => {
    expect(manifestForHost(repoManifest(), "https://10.1.2.3:8443")).toContain(
      "<AppDomain>https://10.1.2.3:8443</AppDomain>",
    );
  });

  it("accepts http for localhost", () => {
    expect(manifestForHost(repoManifest(), "http://localhost:8080")).toContain(
      'DefaultValue="http://localhost:8080/addin/taskpane.html"',
    );
  });

  it("accepts http for 127.0.0.1", () => {
    expect(manifestForHost(repoManifest(), "http://127.0.0.1:3000")).toContain(
      "http://127.0.0.1:3000/addin/",
    );
  });

  it("rejects an ftp URL", () => {
    expect(() => manifestForHost(repoManifest(), "ftp://keywork.city.gov.cn")).toThrow(BaseUrlError);
  });

  it("rejects http for a host other than localhost", () => {
    expect(() => manifestForHost(repoManifest(), "http://keywork.city.gov.cn")).toThrow(/must be https/);
  });

  it("rejects a host name without a scheme", () => {
    expect(() => manifestForHost(repoManifest(), "keywork.city.gov.cn")).toThrow(BaseUrlError);
  });

  it("rejects a base URL with a query string", () => {
    expect(() => manifestForHost(repoManifest(), `${HOST}/?a=1`)).toThrow(BaseUrlError);
  });

  it("rejects a base URL carrying credentials", () => {
    expect(() => manifestForHost(repoManifest(), "https://admin:pw@keywork.city.gov.cn")).toThrow(
      BaseUrlError,
    );
  });

  it("rejects a path with characters that would need escaping in XML", () => {
    expect(() => manifestForHost(repoManifest(), `${HOST}/a&b`)).toThrow(BaseUrlError);
  });

  it("refuses a manifest that has already been rewritten", () => {
    const once = manifestForHost(repoManifest(), HOST);
    expect(() => manifestForHost(once, "https://other.gov.cn")).toThrow(/no https:\/\/localhost:3000 URL/);
  });
});

describe("scripts/manifest-for-host.ts", () => {
  it("prints the rewritten manifest to stdout", () => {
    const run = runScript("manifest-for-host.ts", [HOST]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`<AppDomain>${HOST}</AppDomain>`);
  });

  it("exits 2 with a clear message on a bad URL", () => {
    const run = runScript("manifest-for-host.ts", ["ftp://keywork.city.gov.cn"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/bad base URL.*must be https/);
    expect(run.stdout).toBe("");
  });

  it("exits 2 with usage when the URL is missing", () => {
    const run = runScript("manifest-for-host.ts", []);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^usage:/);
  });
});
