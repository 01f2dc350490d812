// The WPS add-in under /wps/: the built files (dist/wps/, scripts/build-wps.mjs) and, generated for the
// address the request came to, the jsplugins.xml that points WPS at this server (central deployment
// through oem.ini's JSPluginsServer, or copied into a user's jsaddons folder).
import { existsSync } from "node:fs";
import path from "node:path";
import express, { Router, type RequestHandler } from "express";
import { badRequest } from "../../errors.ts";

export const WPS_ADDIN_NAME = "keywork";
/** WPS's local add-in service, which the publish page asks to install the add-in. */
export const WPS_LOCAL_SERVICE = "http://127.0.0.1:58890";

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/gu,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!,
  );

/** jsplugins.xml for an online (publish-mode) add-in of type et (WPS 表格) at `base` (…/wps/). */
export function jspluginsXml(base: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    "<!-- Keywork for WPS 表格: WPS loads the add-in from this server each time (publish mode). -->",
    "<jsplugins>",
    `  <jspluginonline name="${WPS_ADDIN_NAME}" type="et" url="${escapeXml(base)}" />`,
    "</jsplugins>",
    "",
  ].join("\n");
}

/** The request's own origin; a Host header that is not a host name (and port) is refused. */
function originOf(req: express.Request): string {
  const host = req.get("host") ?? "";
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/u.test(host))
    throw badRequest("bad_host", `请求的 Host 无效:${host} / invalid Host header: ${host}`);
  return `${req.protocol}://${host}`;
}

export function wpsRoutes(dist: string): Router {
  const router = Router();
  const plugins: RequestHandler = (req, res) => {
    res.setHeader("Cache-Control", "no-cache");
    res.type("application/xml").send(jspluginsXml(`${originOf(req)}/wps/`));
  };
  router.get("/wps/jsplugins.xml", plugins);
  router.get("/wps/publish.html", (_req, res, next) => {
    // The install button talks to WPS on the user's own computer.
    res.setHeader(
      "Content-Security-Policy",
      `default-src 'self'; connect-src 'self' ${WPS_LOCAL_SERVICE}; img-src 'self' data:; frame-ancestors *`,
    );
    next();
  });
  // /wps/ itself is the add-in's main page (index.html), which WPS loads; people get publish.html.
  if (existsSync(dist)) router.use("/wps", express.static(path.resolve(dist), { maxAge: 0 }));
  return router;
}
