// Rewrites the repository's manifest.xml (which points at the dev server) for a real host.
// Pure string work, no Node APIs: the CLI and the tests share it.

/** The origin every URL in the repository's manifest.xml points at. */
export const DEV_ORIGIN = "https://localhost:3000";

/** The one place http is tolerated: a developer's own machine. */
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1"]);

/** Path characters that need no escaping in an XML attribute or a URL. */
const SAFE_PATH = /^[A-Za-z0-9\-._~/%]*$/;

export class BaseUrlError extends Error {
  override name = "BaseUrlError";
}

/**
 * Checks a base URL and returns it as origin + path with no trailing slash,
 * e.g. "https://keywork.city.gov.cn" or "https://oa.city.gov.cn/keywork".
 */
export function parseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new BaseUrlError(`不是完整的网址 / not an absolute URL: "${raw}"`);
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    throw new BaseUrlError(
      `必须使用 https（仅 localhost/127.0.0.1 可用 http）/ must be https (http only for localhost or 127.0.0.1): "${raw}"`,
    );
  }
  if (url.username || url.password) {
    throw new BaseUrlError(`网址不能包含用户名或密码 / must not contain credentials: "${raw}"`);
  }
  if (url.search || url.hash) {
    throw new BaseUrlError(`网址不能包含 ? 或 # 部分 / must not have a query or fragment: "${raw}"`);
  }
  const path = url.pathname.replace(/\/+$/, "");
  if (!SAFE_PATH.test(path)) {
    throw new BaseUrlError(`路径含有不允许的字符 / path has characters that are not allowed: "${raw}"`);
  }
  return url.origin + path;
}

/**
 * Returns `xml` with every https://localhost:3000 URL (SourceLocation, icons, SupportUrl,
 * bt:Url, bt:Image …) moved under `baseUrl`. AppDomain entries become the bare origin,
 * since Office compares domains, not paths.
 */
export function manifestForHost(xml: string, baseUrl: string): string {
  const base = parseBaseUrl(baseUrl);
  const origin = new URL(base).origin;
  // The lookahead keeps e.g. https://localhost:30001 or https://localhost:3000.evil out.
  const devUrl = /https:\/\/localhost:3000(?![\w.:-])/g;
  const appDomain = /(<AppDomain>\s*)https:\/\/localhost:3000\/?(\s*<\/AppDomain>)/g;
  if (xml.search(devUrl) === -1) {
    throw new Error(`the manifest has no ${DEV_ORIGIN} URL to rewrite (already rewritten?)`);
  }
  return xml
    .replace(appDomain, (_match, open: string, close: string) => open + origin + close)
    .replace(devUrl, () => base);
}
