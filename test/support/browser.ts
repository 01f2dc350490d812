// Debian's Chromium driven by playwright-core: headless, no network chatter, a fresh profile per run,
// and every console error in a page collected so a test can fail on it.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = process.env.KEYWORK_CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  context: BrowserContext;
  /** Console errors and page errors seen so far, in all pages. */
  errors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "keywork-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1366, height: 768 },
    locale: "zh-CN",
  });
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on("console", (msg) => {
      if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
    });
    page.on("pageerror", (error) => errors.push(`page: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on("page", watch);
  return {
    context,
    errors,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Screenshots go to test-artifacts/<suite>/, kept after the run for people to look at. */
export function artifactsDir(suite: string): string {
  const dir = join(process.cwd(), "test-artifacts", suite);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * A browser's console errors, less the HTTP answers a test expects the page to meet (Chromium logs
 * every 4xx answer of a fetch as its own "Failed to load resource" error; the pages themselves log
 * nothing) and, when allowed, a deliberately cut connection.
 */
export function consoleGuard(errors: string[]) {
  const allowed = new Set<number | "network">();
  const isAllowed = (text: string) => {
    const status = /Failed to load resource: the server responded with a status of (\d{3})/u.exec(text);
    if (status && allowed.has(Number(status[1]))) return true;
    return allowed.has("network") && /net::ERR_FAILED|Failed to fetch/u.test(text);
  };
  return {
    allow(...statuses: (number | "network")[]): void {
      statuses.forEach((s) => allowed.add(s));
    },
    /** The errors no test allowed; then starts afresh for the next test. */
    take(): string[] {
      const unexpected = errors.filter((e) => !isAllowed(e));
      errors.length = 0;
      allowed.clear();
      return unexpected;
    },
  };
}
