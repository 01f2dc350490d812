// The unit directory (单位名录), coordinator only: the directory with its retired names, add, edit,
// rename, merge, import (.xlsx or JSON) and export (.xlsx). GET /units (meta.ts) stays the list every
// signed-in client validates with.
import { Router, type Request } from "express";
import { z } from "zod";
import { badRequest } from "../../errors.ts";
import type { Deps } from "../../use-cases/context.ts";
import {
  MergeSchema,
  RenameSchema,
  UnitBodySchema,
  UnitPatchSchema,
  addUnit,
  importUnits,
  mergeUnits,
  renameUnit,
  unitDirectory,
  updateUnit,
  type UnitRow,
} from "../../use-cases/units.ts";
import { unitRowsFromGrid, unitRowsFromJson, unitsWorkbook } from "../../xlsx/units.ts";
import { actorOf, requireAuth, requireRole } from "../auth.ts";
import { parseRequest } from "../parse.ts";
import { uploadedGrid, xlsxBody } from "../upload-body.ts";
import { XLSX_TYPE } from "./plans.ts";

const NameParams = z.strictObject({ name: z.string().trim().min(1).max(100) });

export function unitRoutes(deps: Deps): Router {
  const router = Router();
  const guard = [requireAuth(deps), requireRole("coordinator")];
  const body = xlsxBody(deps.config.UPLOAD_LIMIT_BYTES, 20);

  router.get("/units/directory", ...guard, async (_req, res) => {
    res.json(await unitDirectory(deps));
  });

  router.get("/units/export.xlsx", ...guard, async (_req, res) => {
    const { units, retired } = await unitDirectory(deps);
    res.type(XLSX_TYPE);
    res.setHeader("Content-Disposition", `attachment; filename="keywork-units.xlsx"`);
    res.send(await unitsWorkbook(units, retired));
  });

  router.post("/units/import", ...guard, ...body, async (req, res) => {
    const rows = await importedRows(req);
    res.json(await importUnits(deps, actorOf(req), rows));
  });

  router.post("/units/merge", ...guard, async (req, res) => {
    const body = parseRequest(req, "body", MergeSchema);
    res.json(await mergeUnits(deps, actorOf(req), body.from, body.into));
  });

  router.post("/units", ...guard, async (req, res) => {
    const body = parseRequest(req, "body", UnitBodySchema);
    res.status(201).json(await addUnit(deps, actorOf(req), body));
  });

  router.patch("/units/:name", ...guard, async (req, res) => {
    const { name } = parseRequest(req, "params", NameParams);
    res.json(await updateUnit(deps, actorOf(req), name, parseRequest(req, "body", UnitPatchSchema)));
  });

  router.post("/units/:name/rename", ...guard, async (req, res) => {
    const { name } = parseRequest(req, "params", NameParams);
    const { to } = parseRequest(req, "body", RenameSchema);
    res.json(await renameUnit(deps, actorOf(req), name, to));
  });
  return router;
}

async function importedRows(req: Request): Promise<UnitRow[]> {
  const sheet = await uploadedGrid(req);
  if (sheet) return unitRowsFromGrid(sheet.grid);
  if (req.is("application/json")) return unitRowsFromJson(req.body);
  throw badRequest(
    "no-units",
    '请发送 .xlsx 文件（multipart 字段 "file"）或 JSON / send an .xlsx file (multipart field "file") or JSON { units: [...] }',
  );
}
