// Liveness, readiness, the unit directory and the OpenAPI document.
import { Router } from "express";
import { StoreUnavailableError } from "../../store/store.ts";
import type { Deps } from "../../use-cases/context.ts";
import { openApiDocument } from "../openapi.ts";
import { requireAuth } from "../auth.ts";

export function metaRoutes(deps: Deps): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    try {
      await deps.store.ping();
      res.json({ status: "ready", store: deps.store.dialect });
    } catch (error) {
      const detail =
        error instanceof StoreUnavailableError
          ? error.message
          : "数据库无法连接 / the database is unreachable";
      res
        .status(503)
        .type("application/problem+json")
        .send(JSON.stringify({ title: "not-ready", status: 503, detail }));
    }
  });
  router.get("/openapi.json", (_req, res) => {
    res.json(openApiDocument());
  });
  router.get("/units", requireAuth(deps), async (_req, res) => {
    res.json({ units: await deps.store.listUnits() });
  });
  return router;
}
