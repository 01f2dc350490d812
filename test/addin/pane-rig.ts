// The task pane in Debian's Chromium on the Excel stand-in, against a real sync server: the pane built
// and served from its own origin, the API on another (allowed by CORS_ORIGINS, as a city might deploy).
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import type { Page } from "playwright-core";
// @ts-expect-error -- a plain .mjs script without type declarations
import { buildAddin } from "../../scripts/build-addin.mjs";
import { buildBrowserBundle } from "../excel-host/bundle.ts";
import { consoleGuard, launchBrowser, type Browser } from "../support/browser.ts";
import type { TestServer } from "../support/server.ts";
import { openPane } from "../support/taskpane.ts";
import { serverWithPlan } from "./support.ts";

export interface PaneRig {
  /** Where the pane is served (its origin, not the API's). */
  origin: string;
  server: TestServer;
  browser: Browser;
  guard: ReturnType<typeof consoleGuard>;
  /** A new page of the pane; `excel`: the stand-in's options, e.g. { displayLanguage: "en-US" }. */
  openPane(excel?: Record<string, unknown>): Promise<Page>;
  close(): Promise<void>;
}

/** The pane built into a temporary folder and served, a server with a plan of `tasks` tasks, Chromium. */
export async function startPaneRig(tasks: number): Promise<PaneRig> {
  const dist = mkdtempSync(join(tmpdir(), "keywork-addin-pane-"));
  await buildAddin({ outdir: join(dist, "addin"), quiet: true });
  const app = express();
  app.use("/addin", express.static(join(dist, "addin")));
  const pageServer: Server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => pageServer.once("listening", resolve));
  const origin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
  const server = await serverWithPlan(tasks, { CORS_ORIGINS: origin });
  const hostBundle = await buildBrowserBundle();
  const browser = await launchBrowser();
  return {
    origin,
    server,
    browser,
    guard: consoleGuard(browser.errors),
    openPane: (excel = {}) => openPane(browser, `${origin}/addin/taskpane.html`, { hostBundle, excel }),
    close: async () => {
      await browser.close();
      await server.stop();
      pageServer.close();
      rmSync(dist, { recursive: true, force: true });
    },
  };
}
