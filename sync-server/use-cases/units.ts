// The unit directory (单位名录): list, add, edit, rename, merge and import. Every change is checked
// whole against the directory it would produce (each bad cell or field named) and stored all or
// nothing, with its audit entry in the same transaction.
import { z } from "zod";
import { compactKey, type Unit } from "../../schema/index.ts";
import { AppError, conflict, unprocessable, type ProblemExtras } from "../errors.ts";
import type { RetiredUnit, UnitMergeOutcome } from "../store/store.ts";
import { auditEntry, type AuditActor } from "./audit.ts";
import type { Deps } from "./context.ts";

/** The kinds the screens show; a sheet may use either the code or the label. */
export const KIND_LABELS: Readonly<Record<string, string>> = {
  bureau: "市直部门",
  district: "区",
  county: "县（市）",
  zone: "园区",
  other: "其他",
};

export function kindFromText(text: string): string {
  const t = text.trim();
  for (const [code, label] of Object.entries(KIND_LABELS)) {
    if (t === code || compactKey(t) === compactKey(label)) return code;
  }
  if (t === "县" || t === "县(市)" || t === "县市") return "county";
  return t;
}

export const kindLabel = (kind: string) => KIND_LABELS[kind] ?? kind;

/** Aliases as people type them in one cell: 、 , ， ; ； spaces or line breaks between them. */
export function splitAliases(text: string): string[] {
  return text
    .split(/[、,，;；\s\u3000]+/u)
    .map((a) => a.trim())
    .filter((a) => a !== "");
}

/** Where a value came from, in both languages: a cell of a sheet or a field of a request. */
export interface Locator {
  zh: string;
  en: string;
  cell?: string;
}

export interface UnitRow {
  name: string;
  kind: string;
  aliases: string[];
  at: { name: Locator; kind: Locator; aliases: Locator };
}

export type UnitIssue = NonNullable<ProblemExtras["issues"]>[number];

const MAX_NAME = 100;
const MAX_KIND = 40;

export const fieldLocator = (field: string): Locator => ({ zh: `字段 ${field}`, en: `field ${field}` });

function issue(at: Locator, code: string, zh: string, en: string): UnitIssue {
  return {
    seq: null,
    field: at.cell ? null : at.en.replace(/^field /u, ""),
    code,
    message: `${at.zh}：${zh} / ${at.en}: ${en}`,
    ...(at.cell ? { cell: at.cell } : {}),
  };
}

/**
 * Checks rows that will be added or will replace the same-named units, against the directory they
 * join: every name and alias (spacing ignored) belongs to one unit only.
 */
export function checkUnitRows(rows: readonly UnitRow[], existing: readonly Unit[]): UnitIssue[] {
  const issues: UnitIssue[] = [];
  const owners = new Map<string, { unit: string; at: Locator | null }>();
  const claim = (text: string, unit: string, at: Locator, what: "name" | "alias") => {
    const key = compactKey(text);
    const held = owners.get(key);
    if (!held) {
      owners.set(key, { unit, at });
      return;
    }
    if (held.unit === unit && what === "alias") return; // the same alias twice in one row: harmless
    const where = held.at ? `（${held.at.zh}）` : "（单位名录）";
    const whereEn = held.at ? ` (${held.at.en})` : " (directory)";
    if (what === "name")
      issues.push(
        held.unit === text
          ? issue(
              at,
              "duplicate-unit",
              `单位名称“${text}”重复${where}`,
              `unit "${text}" is listed twice${whereEn}`,
            )
          : issue(
              at,
              "name-is-alias",
              `单位名称“${text}”已是单位“${held.unit}”的名称或别名${where}`,
              `unit name "${text}" is already the name or an alias of "${held.unit}"${whereEn}`,
            ),
      );
    else
      issues.push(
        issue(
          at,
          "duplicate-alias",
          `别名“${text}”已是单位“${held.unit}”的名称或别名${where}`,
          `alias "${text}" is already the name or an alias of "${held.unit}"${whereEn}`,
        ),
      );
  };
  for (const row of rows) {
    if (row.name === "")
      issues.push(issue(row.at.name, "empty-cell", "单位名称为空", "the unit name is empty"));
    else if (row.name.length > MAX_NAME)
      issues.push(issue(row.at.name, "too-long", `单位名称超过 ${MAX_NAME} 字`, `longer than ${MAX_NAME}`));
    if (row.kind === "") issues.push(issue(row.at.kind, "empty-cell", "类别为空", "the kind is empty"));
    else if (row.kind.length > MAX_KIND)
      issues.push(issue(row.at.kind, "too-long", `类别超过 ${MAX_KIND} 字`, `longer than ${MAX_KIND}`));
    if (row.name !== "") claim(row.name, row.name, row.at.name, "name");
  }
  for (const row of rows) {
    for (const alias of row.aliases) {
      if (alias.length > MAX_NAME)
        issues.push(issue(row.at.aliases, "too-long", `别名“${alias}”过长`, `alias "${alias}" is too long`));
      else if (compactKey(alias) !== compactKey(row.name)) claim(alias, row.name, row.at.aliases, "alias");
    }
  }
  // The units the rows do not replace keep their names and aliases: a row may not take them.
  const replaced = new Set(rows.map((r) => r.name));
  const kept = existing.filter((u) => !replaced.has(u.name));
  for (const unit of kept) {
    for (const [text, what] of [[unit.name, "name"], ...unit.aliases.map((a) => [a, "alias"])] as const) {
      const held = owners.get(compactKey(text));
      if (!held || held.unit === unit.name || !held.at) continue;
      const row = rows.find((r) => r.name === held.unit);
      const at =
        row && compactKey(row.name) === compactKey(text) ? row.at.name : (row?.at.aliases ?? held.at);
      issues.push(
        issue(
          at,
          "taken-in-directory",
          `“${text}”已是单位名录中“${unit.name}”的${what === "name" ? "名称" : "别名"}`,
          `"${text}" is already ${what === "name" ? "the name" : "an alias"} of "${unit.name}" in the directory`,
        ),
      );
    }
  }
  return issues;
}

function refuse(issues: UnitIssue[]): never {
  throw unprocessable(
    "invalid-units",
    `单位名录有 ${issues.length} 处错误，未作任何修改 / the unit directory has ${issues.length} error(s); nothing was changed`,
    { issues },
  );
}

const toUnit = (row: UnitRow): Unit => ({
  name: row.name,
  kind: row.kind,
  aliases: [...new Set(row.aliases.filter((a) => compactKey(a) !== compactKey(row.name)))],
});

export interface UnitDirectoryAnswer {
  units: Unit[];
  retired: RetiredUnit[];
}

export async function unitDirectory(deps: Deps): Promise<UnitDirectoryAnswer> {
  const [units, retired] = await Promise.all([deps.store.listUnits(), deps.store.listRetiredUnits()]);
  return { units, retired };
}

/** Adds the rows' units and updates the same-named ones, all or none. */
export async function importUnits(
  deps: Deps,
  actor: AuditActor,
  rows: readonly UnitRow[],
): Promise<{ added: string[]; updated: string[] }> {
  if (rows.length === 0)
    refuse([issue(fieldLocator("units"), "empty", "没有单位行", "there are no unit rows")]);
  const existing = await deps.store.listUnits();
  const issues = checkUnitRows(rows, existing);
  if (issues.length > 0) refuse(issues);
  const known = new Set(existing.map((u) => u.name));
  const added = rows.filter((r) => !known.has(r.name)).map((r) => r.name);
  const updated = rows.filter((r) => known.has(r.name)).map((r) => r.name);
  await deps.store.saveUnits(
    rows.map(toUnit),
    auditEntry(deps, actor, "units.import", `${rows.length}`, { added, updated: updated.length }),
  );
  return { added, updated };
}

export const UnitBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(MAX_NAME),
  kind: z.string().trim().min(1).max(MAX_KIND).default("bureau"),
  aliases: z.array(z.string().trim().min(1).max(MAX_NAME)).max(50).default([]),
});

export const UnitPatchSchema = z.strictObject({
  kind: z.string().trim().min(1).max(MAX_KIND).optional(),
  aliases: z.array(z.string().trim().min(1).max(MAX_NAME)).max(50).optional(),
});

const rowFromBody = (body: { name: string; kind: string; aliases: string[] }): UnitRow => ({
  name: body.name,
  kind: kindFromText(body.kind),
  aliases: body.aliases.flatMap(splitAliases),
  at: { name: fieldLocator("name"), kind: fieldLocator("kind"), aliases: fieldLocator("aliases") },
});

export async function addUnit(
  deps: Deps,
  actor: AuditActor,
  body: z.infer<typeof UnitBodySchema>,
): Promise<Unit> {
  const existing = await deps.store.listUnits();
  if (existing.some((u) => u.name === body.name))
    throw conflict(
      "unit-exists",
      `单位“${body.name}”已在单位名录中 / unit "${body.name}" is already in the directory`,
    );
  const row = rowFromBody(body);
  const issues = checkUnitRows([row], existing);
  if (issues.length > 0) refuse(issues);
  const unit = toUnit(row);
  await deps.store.saveUnits([unit], auditEntry(deps, actor, "unit.add", unit.name, { ...unit }));
  return unit;
}

async function activeUnit(deps: Deps, name: string, field = "name"): Promise<{ unit: Unit; all: Unit[] }> {
  const all = await deps.store.listUnits();
  const unit = all.find((u) => u.name === name) ?? all.find((u) => compactKey(u.name) === compactKey(name));
  if (!unit)
    throw new AppError(
      404,
      "unknown-unit",
      `字段 ${field}：单位“${name}”不在单位名录中 / field ${field}: unit "${name}" is not in the directory`,
    );
  return { unit, all };
}

export async function updateUnit(
  deps: Deps,
  actor: AuditActor,
  name: string,
  patch: z.infer<typeof UnitPatchSchema>,
): Promise<Unit> {
  const { unit, all } = await activeUnit(deps, name);
  const row = rowFromBody({
    name: unit.name,
    kind: patch.kind ?? unit.kind,
    aliases: patch.aliases ?? unit.aliases,
  });
  const issues = checkUnitRows([row], all);
  if (issues.length > 0) refuse(issues);
  const updated = toUnit(row);
  await deps.store.saveUnits(
    [updated],
    auditEntry(deps, actor, "unit.update", unit.name, {
      kind: updated.kind,
      aliases: updated.aliases,
      before: { kind: unit.kind, aliases: unit.aliases },
    }),
  );
  return updated;
}

export const RenameSchema = z.strictObject({ to: z.string().trim().min(1).max(MAX_NAME) });
export const MergeSchema = z.strictObject({
  from: z.array(z.string().trim().min(1).max(MAX_NAME)).min(1).max(20),
  into: z.string().trim().min(1).max(MAX_NAME),
});

/** Whether `name` may become the name of a unit made of `sources`: not someone else's name or alias. */
async function checkNewName(
  deps: Deps,
  name: string,
  sources: readonly string[],
  all: readonly Unit[],
  field: string,
) {
  const key = compactKey(name);
  for (const unit of all) {
    if (sources.includes(unit.name)) continue;
    if (compactKey(unit.name) === key)
      throw conflict(
        "unit-exists",
        `字段 ${field}：单位“${unit.name}”已存在，不能改名为已有名称；合并请用“合并” / field ${field}: unit "${unit.name}" already exists; use merge to combine units`,
      );
    if (unit.aliases.some((a) => compactKey(a) === key))
      throw conflict(
        "unit-exists",
        `字段 ${field}：“${name}”已是单位“${unit.name}”的别名 / field ${field}: "${name}" is already an alias of "${unit.name}"`,
      );
  }
  const retired = (await deps.store.listRetiredUnits()).find((r) => compactKey(r.name) === key);
  if (retired && !sources.includes(retired.retiredInto))
    throw conflict(
      "unit-exists",
      `字段 ${field}：“${name}”是已撤销单位的名称（已并入“${retired.retiredInto}”） / field ${field}: "${name}" is the name of a retired unit (now "${retired.retiredInto}")`,
    );
}

export async function renameUnit(
  deps: Deps,
  actor: AuditActor,
  from: string,
  to: string,
): Promise<{ from: string; to: string } & UnitMergeOutcome> {
  const { unit, all } = await activeUnit(deps, from, "from");
  if (compactKey(to) === compactKey(unit.name))
    throw unprocessable("same-name", `字段 to：新名称与原名称相同 / field to: the new name is the old name`);
  await checkNewName(deps, to, [unit.name], all, "to");
  const outcome = await deps.store.mergeUnits(
    { from: [unit.name], into: to, kind: unit.kind, at: deps.now().toISOString() },
    auditEntry(deps, actor, "unit.rename", unit.name, { to }),
  );
  deps.logger.info({ from: unit.name, to, ...outcome }, "unit renamed");
  return { from: unit.name, to, ...outcome };
}

export async function mergeUnits(
  deps: Deps,
  actor: AuditActor,
  from: readonly string[],
  into: string,
): Promise<{ from: string[]; into: string } & UnitMergeOutcome> {
  const all = await deps.store.listUnits();
  const sources: string[] = [];
  for (const [i, name] of from.entries()) {
    const unit = all.find((u) => u.name === name) ?? all.find((u) => compactKey(u.name) === compactKey(name));
    if (!unit)
      throw new AppError(
        404,
        "unknown-unit",
        `字段 from[${i}]：单位“${name}”不在单位名录中 / field from[${i}]: unit "${name}" is not in the directory`,
      );
    if (sources.includes(unit.name))
      throw unprocessable(
        "duplicate-unit",
        `字段 from[${i}]：单位“${unit.name}”列了两次 / field from[${i}]: "${unit.name}" is listed twice`,
      );
    sources.push(unit.name);
  }
  const target = all.find((u) => compactKey(u.name) === compactKey(into));
  const intoName = target?.name ?? into;
  const moving = sources.filter((s) => s !== intoName);
  if (moving.length === 0)
    throw unprocessable(
      "merge-into-itself",
      `字段 into：不能将单位“${intoName}”并入自身 / field into: a unit cannot be merged into itself`,
    );
  if (!target) await checkNewName(deps, into, moving, all, "into");
  const kind = target?.kind ?? all.find((u) => u.name === moving[0])!.kind;
  const outcome = await deps.store.mergeUnits(
    { from: moving, into: intoName, kind, at: deps.now().toISOString() },
    auditEntry(deps, actor, "unit.merge", intoName, { from: moving }),
  );
  deps.logger.info({ from: moving, into: intoName, ...outcome }, "units merged");
  return { from: moving, into: intoName, ...outcome };
}
