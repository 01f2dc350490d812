// The task pane's page, with the Office.js script tag pointing at our own copy (OFFICE_JS=local,
// for intranets that cannot reach Microsoft) or at Microsoft's CDN (OFFICE_JS=cdn).
// Everything else under /addin/ is static (app.ts).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Router, type RequestHandler } from "express";
import type { Config } from "../../config.ts";

export const OFFICE_JS_LOCAL = "/addin/office-js/office.js";
export const OFFICE_JS_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

/** The page with its Office.js source chosen; the built page carries the local one. */
export function withOfficeJs(html: string, mode: Config["OFFICE_JS"]): string {
  return mode === "cdn" ? html.split(`src="${OFFICE_JS_LOCAL}"`).join(`src="${OFFICE_JS_CDN}"`) : html;
}

export function addinRoutes(config: Pick<Config, "OFFICE_JS">, dist: string): Router {
  const router = Router();
  const page: RequestHandler = async (_req, res, next) => {
    let html: string;
    try {
      html = await readFile(path.join(dist, "taskpane.html"), "utf8");
    } catch {
      return next();
    }
    res.setHeader("Cache-Control", "no-cache");
    res.type("html").send(withOfficeJs(html, config.OFFICE_JS));
  };
  router.get(["/addin/", "/addin/taskpane.html"], page);
  return router;
}
