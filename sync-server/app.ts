// Builds the Express app: API under /api/v1, the task pane under /addin/, the web page under /web/.
// Listening is server.ts's job, so tests can run the app on port 0.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import express, { type Express, type RequestHandler } from "express";
import helmet from "helmet";
import { forbidden } from "./errors.ts";
import { accessLog } from "./http/access-log.ts";
import { problemHandler, notFoundRoute } from "./http/problem.ts";
import { rateLimit } from "./http/rate-limit.ts";
import { sourceMaps } from "./http/source-maps.ts";
import { addinRoutes } from "./http/routes/addin.ts";
import { auditRoutes } from "./http/routes/audit.ts";
import { metaRoutes } from "./http/routes/meta.ts";
import { periodAdminRoutes } from "./http/routes/period-admin.ts";
import { periodRoutes } from "./http/routes/periods.ts";
import { planRoutes } from "./http/routes/plans.ts";
import { sessionRoutes } from "./http/routes/sessions.ts";
import { userRoutes } from "./http/routes/users.ts";
import { unitRoutes } from "./http/routes/units.ts";
import { webRoutes } from "./http/routes/web.ts";
import { wpsRoutes } from "./http/routes/wps.ts";
import type { Deps } from "./use-cases/context.ts";

const ROOT = new URL("../", import.meta.url);
export const ADDIN_DIST = fileURLToPath(new URL("dist/addin/", ROOT));
export const WEB_DIST = fileURLToPath(new URL("dist/web/", ROOT));
export const WPS_DIST = fileURLToPath(new URL("dist/wps/", ROOT));
export const OFFICE_JS_DIR = fileURLToPath(new URL("node_modules/@microsoft/office-js/dist/", ROOT));

export function buildApp(deps: Deps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", deps.config.TRUST_PROXY);
  app.set("query parser", "simple");
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Office.js (from our copy or Microsoft's CDN) runs inside Office's iframe.
          "script-src": ["'self'", "https://appsforoffice.microsoft.com"],
          "frame-ancestors": ["*"],
          "connect-src": ["'self'"],
          "img-src": ["'self'", "data:"],
          // Offices often reach the server by plain http on the intranet; upgrading would break it.
          "upgrade-insecure-requests": null,
        },
      },
      frameguard: false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(cors(deps.config.CORS_ORIGINS));
  app.use(accessLog(deps.logger));

  const api = express.Router();
  api.use(rateLimit(deps));
  api.use(express.json({ limit: deps.config.JSON_LIMIT_BYTES, strict: true }));
  api.use(metaRoutes(deps));
  api.use(sessionRoutes(deps));
  api.use(planRoutes(deps));
  api.use(periodRoutes(deps));
  api.use(webRoutes(deps));
  api.use(userRoutes(deps));
  api.use(auditRoutes(deps));
  api.use(unitRoutes(deps));
  api.use(periodAdminRoutes(deps));
  api.use(notFoundRoute);
  app.use("/api/v1", api);
  app.get("/healthz", (_req, res) => void res.json({ status: "ok" }));

  if (deps.config.OFFICE_JS === "local" && existsSync(OFFICE_JS_DIR)) {
    app.use("/addin/office-js", express.static(OFFICE_JS_DIR, { maxAge: "1d", fallthrough: false }));
  }
  app.use(["/addin", "/web"], sourceMaps(deps.config.SERVE_SOURCE_MAPS));
  // The page itself first: its Office.js script tag follows OFFICE_JS (local copy or Microsoft's CDN).
  app.use(addinRoutes(deps.config, ADDIN_DIST));
  if (existsSync(ADDIN_DIST)) app.use("/addin", express.static(ADDIN_DIST, { maxAge: 0 }));
  if (existsSync(WEB_DIST)) app.use("/web", express.static(WEB_DIST, { maxAge: 0 }));
  // The WPS add-in (WPS加载项): its files, publish page and jsplugins.xml.
  app.use(wpsRoutes(WPS_DIST));
  app.get("/", (_req, res) => void res.redirect(existsSync(WEB_DIST) ? "/web/" : "/api/v1/openapi.json"));
  app.use(notFoundRoute);
  app.use(problemHandler(deps.logger));
  return app;
}

/** Same-origin clients need nothing; other origins only when listed in CORS_ORIGINS. */
function cors(allowed: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!origin) return next();
    if (!allowed.includes(origin)) {
      if (req.method === "OPTIONS")
        throw forbidden("cors", `来源 ${origin} 不被允许 / origin ${origin} is not allowed`);
      return next();
    }
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Vary", "Origin");
    res.setHeader(
      "Access-Control-Allow-Headers",
      "Authorization, Content-Type, Idempotency-Key, If-None-Match, Accept-Language",
    );
    res.setHeader("Access-Control-Allow-Methods", "GET, POST, DELETE");
    res.setHeader("Access-Control-Expose-Headers", "ETag, Idempotent-Replayed, Retry-After");
    if (req.method === "OPTIONS") return void res.status(204).end();
    next();
  };
}
