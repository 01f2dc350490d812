// Publishing: a plan (from an official-layout sheet or as JSON) becomes a period open for reports.
import { z } from "zod";
import {
  PlanSchema,
  cellAddress,
  compactKey,
  matchUnit,
  StatusVocabularySchema,
  buildDirectory,
  hasErrors,
  parse,
  planOf,
  planTasks,
  render,
  validate,
  type Grid,
  type Lang,
  type Plan,
  type StatusVocabulary,
  type Unit,
  type UnitDirectory,
} from "../../schema/index.ts";
import { DEFAULT_VOCABULARY } from "../../schema/statuses.ts";
import { conflict, unprocessable } from "../errors.ts";
import { PeriodExistsError, UnknownUnitError, type PeriodRecord } from "../store/store.ts";
import { auditEntry, recordAudit, type AuditActor } from "./audit.ts";
import type { Deps } from "./context.ts";
import { fieldIssues, toApiIssues } from "./issues.ts";
import { checkUnitRows, fieldLocator, type UnitRow } from "./units.ts";

/** 2022-H1 (half year), 2022-Q3 (quarter), 2022-07 (month). */
export const PeriodIdSchema = z
  .string()
  .regex(
    /^\d{4}-(H[12]|Q[1-4]|0[1-9]|1[0-2])$/u,
    "应形如 2022-H1、2022-Q3 或 2022-07 / like 2022-H1, 2022-Q3 or 2022-07",
  );

export const PeriodFieldsSchema = z.strictObject({
  period: PeriodIdSchema,
  title: z.string().trim().min(1).max(200).optional(),
  due: z.iso.date().or(z.iso.datetime()).optional(),
  previousPeriod: PeriodIdSchema.optional(),
  vocabulary: StatusVocabularySchema.optional(),
});
export type PeriodFields = z.infer<typeof PeriodFieldsSchema>;

export type PlanSource = { kind: "grid"; grid: Grid } | { kind: "json"; plan: unknown };

/** A unit name of the sheet that the directory does not know, with the nearest names it knows. */
export interface UnknownUnit {
  name: string;
  suggestions: string[];
  /** Where it appears (A1 addresses; empty for a JSON plan). */
  cells: string[];
}

/**
 * How the unknown names are resolved: `map` names, per unknown name, the unit it is (it becomes that
 * unit's alias) or "+" / "新增" to add it as a new unit; `addUnits` adds every name left unmapped.
 */
export interface UnitResolution {
  addUnits?: boolean;
  map?: Readonly<Record<string, string>>;
}

export const UnitMappingSchema = z.record(
  z.string().trim().min(1).max(100),
  z.string().trim().min(1).max(100),
);
const ADD_MARKS = new Set(["+", "新增", "add", "new"]);

export interface ImportPlanOptions {
  actor?: AuditActor;
  units?: UnitResolution;
  /** period.new for a rollover with a new sheet. */
  action?: "period.publish" | "period.new";
}

export async function importPlan(
  deps: Deps,
  source: PlanSource,
  fields: PeriodFields,
  lang: Lang,
  options: ImportPlanOptions = {},
): Promise<PeriodRecord> {
  const actor = options.actor ?? "cli";
  const directory = await directoryFor(deps, source, fields.period, lang, actor, options.units ?? {});
  const plan =
    source.kind === "grid"
      ? planFromGrid(source.grid, directory, lang)
      : planFromJson(source.plan, directory, lang);
  const vocabulary: StatusVocabulary = fields.vocabulary ?? DEFAULT_VOCABULARY;
  const periods = await deps.store.listPeriods();
  if (fields.previousPeriod && !periods.some((p) => p.id === fields.previousPeriod)) {
    throw unprocessable(
      "unknown-previous-period",
      `上一期次 ${fields.previousPeriod} 不存在 / previous period ${fields.previousPeriod} does not exist`,
      {
        issues: [
          {
            seq: null,
            field: "previousPeriod",
            code: "unknown-previous-period",
            message: "没有这个期次 / no such period",
          },
        ],
      },
    );
  }
  try {
    const period = await deps.store.publishPlan(
      plan,
      vocabulary,
      {
        id: fields.period,
        title: fields.title ?? plan.title,
        dueAt: fields.due ?? null,
        previousPeriodId: fields.previousPeriod ?? periods[periods.length - 1]?.id ?? null,
      },
      deps.now().toISOString(),
    );
    await recordAudit(deps, actor, options.action ?? "period.publish", period.id, {
      title: period.title,
      planId: period.planId,
      dueAt: period.dueAt,
      previousPeriodId: period.previousPeriodId,
    });
    return period;
  } catch (error) {
    if (error instanceof PeriodExistsError)
      throw conflict(
        "period-exists",
        `报送期 ${fields.period} 已存在 / period ${fields.period} already exists`,
      );
    if (error instanceof UnknownUnitError)
      throw unprocessable(
        "unknown-unit",
        `单位“${error.unit}”不在单位名录中 / unit "${error.unit}" is not in the directory`,
      );
    throw error;
  }
}

/**
 * The directory the plan is read with: when the plan names units the directory does not know, each is
 * mapped or added as `units` says (or the import is refused, listing them), saved before publishing.
 */
async function directoryFor(
  deps: Deps,
  source: PlanSource,
  period: string,
  lang: Lang,
  actor: AuditActor,
  units: UnitResolution,
): Promise<ReturnType<typeof buildDirectory>> {
  let directory = buildDirectory(await deps.store.listUnits());
  const unknown = unknownUnits(source, directory);
  if (unknown.length > 0) {
    if ((await deps.store.getPeriod(period)) !== null)
      throw conflict("period-exists", `报送期 ${period} 已存在 / period ${period} already exists`);
    const changes = resolveUnits(unknown, directory, units, () => otherPlanErrors(source, directory, lang));
    directory = buildDirectory(mergeUnitChanges(directory.units, changes));
    // The plan must pass with the would-be directory before anything is stored.
    if (source.kind === "grid") planFromGrid(source.grid, directory, lang);
    else planFromJson(source.plan, directory, lang);
    await deps.store.saveUnits(
      changes,
      auditEntry(deps, actor, "units.import", `import-plan ${period}`, {
        units: changes.map((u) => u.name),
        mapped: unknown.map((u) => u.name),
      }),
    );
  }
  return directory;
}

function planFromGrid(grid: Grid, directory: ReturnType<typeof buildDirectory>, lang: Lang): Plan {
  const parsed = parse(grid, { directory });
  const issues = validate(parsed, { directory, planOnly: true });
  if (parsed.rows.length === 0) {
    throw unprocessable("empty-plan", "表中没有任务行 / the sheet holds no task rows", {
      issues: toApiIssues(issues, lang, { withCells: true }),
    });
  }
  if (hasErrors(issues)) {
    throw unprocessable("invalid-plan", "表格不符合标准表样 / the sheet does not match the official layout", {
      issues: toApiIssues(
        issues.filter((i) => i.severity === "error"),
        lang,
        { withCells: true },
      ),
    });
  }
  const plan = planOf(parsed.document);
  return { ...plan, title: plan.title || "重点工作进展情况统计表" };
}

/** JSON plans pass the same layout rules: rendered to the official grid and parsed back. */
function planFromJson(input: unknown, directory: ReturnType<typeof buildDirectory>, lang: Lang): Plan {
  const result = PlanSchema.safeParse(input);
  if (!result.success) {
    throw unprocessable("invalid-plan", "计划 JSON 无效 / the plan JSON is not valid", {
      issues: fieldIssues(result.error),
    });
  }
  const parsed = parse(render(result.data).grid, { directory });
  const issues = validate(parsed, { directory, planOnly: true });
  if (hasErrors(issues)) {
    throw unprocessable("invalid-plan", "计划不符合表格规则 / the plan does not pass the table's rules", {
      issues: toApiIssues(
        issues.filter((i) => i.severity === "error"),
        lang,
        { withCells: false },
      ),
    });
  }
  // Unit spellings resolve to their canonical names exactly as a sheet would.
  const canonical = planOf(parsed.document);
  if (planTasks(canonical).length === 0)
    throw unprocessable("empty-plan", "计划中没有任务 / the plan holds no tasks");
  return canonical;
}

/** Every unit name of the plan the directory does not know, once each (spacing ignored), in order. */
export function unknownUnits(source: PlanSource, directory: UnitDirectory): UnknownUnit[] {
  const grid =
    source.kind === "grid"
      ? source.grid
      : (() => {
          const result = PlanSchema.safeParse(source.plan);
          return result.success ? render(result.data).grid : null;
        })();
  if (grid === null) return [];
  const parsed = parse(grid, { directory });
  const found = new Map<string, UnknownUnit>();
  for (const row of parsed.rows) {
    for (const match of row.units) {
      if (match.kind !== "unknown" || match.raw === "") continue;
      const key = compactKey(match.raw);
      const entry = found.get(key) ?? {
        name: match.raw.replace(/[\s\u3000]+/gu, ""),
        suggestions: match.suggestions,
        cells: [],
      };
      if (source.kind === "grid") {
        const cell = cellAddress(row.row, parsed.columns.units);
        if (!entry.cells.includes(cell)) entry.cells.push(cell);
      }
      found.set(key, entry);
    }
  }
  return [...found.values()];
}

/** The units to save: new ones, and existing ones with the mapped names added as aliases. */
function resolveUnits(
  unknown: readonly UnknownUnit[],
  directory: UnitDirectory,
  resolution: UnitResolution,
  otherErrors: () => ReturnType<typeof toApiIssues>,
): Unit[] {
  const mapping = new Map<string, string>();
  for (const [from, to] of Object.entries(resolution.map ?? {})) mapping.set(compactKey(from), to.trim());
  const added = new Map<string, Unit>();
  const aliased = new Map<string, Unit>();
  const unresolved: UnknownUnit[] = [];
  const later: { name: string; target: string }[] = [];
  for (const u of unknown) {
    const target = mapping.get(compactKey(u.name));
    if (target === undefined) {
      if (resolution.addUnits) added.set(u.name, { name: u.name, kind: "bureau", aliases: [] });
      else unresolved.push(u);
    } else if (ADD_MARKS.has(target)) added.set(u.name, { name: u.name, kind: "bureau", aliases: [] });
    else later.push({ name: u.name, target });
  }
  for (const { name, target } of later) {
    const match = matchUnit(target, directory);
    const newUnit = [...added.values()].find((a) => compactKey(a.name) === compactKey(target));
    if (newUnit) newUnit.aliases.push(name);
    else if (match.kind !== "unknown") {
      const unit = aliased.get(match.canonical) ??
        directory.units.find((x) => x.name === match.canonical) ?? {
          name: match.canonical,
          kind: "bureau",
          aliases: [],
        };
      aliased.set(unit.name, { ...unit, aliases: [...unit.aliases, name] });
    } else unresolved.push({ ...unknown.find((u) => u.name === name)!, suggestions: match.suggestions });
  }
  if (unresolved.length > 0) {
    throw unprocessable(
      "unknown-units",
      `${unresolved.length} 个单位不在单位名录中：请逐一对应到已有单位或新增（命令行 --map 或 --add-units），未发布 / ${unresolved.length} unit(s) are not in the directory: map each to a unit or add it (--map or --add-units); nothing was published`,
      {
        unknownUnits: unresolved,
        issues: [
          ...otherErrors(),
          ...unresolved.map((u) => ({
            seq: null,
            field: "units",
            code: "unit.unknown",
            cell: u.cells[0] ?? null,
            message: `单位“${u.name}”不在单位名录中${u.suggestions.length ? `，最接近：${u.suggestions.join("、")}` : ""} / unit "${u.name}" is not in the directory${u.suggestions.length ? `; nearest: ${u.suggestions.join(", ")}` : ""}`,
          })),
        ],
      },
    );
  }
  const changes = [...added.values(), ...aliased.values()];
  const rows: UnitRow[] = changes.map((u) => ({
    ...u,
    at: {
      name: fieldLocator(`unitMapping["${u.name}"]`),
      kind: fieldLocator(`unitMapping["${u.name}"]`),
      aliases: fieldLocator(`unitMapping["${u.name}"]`),
    },
  }));
  const issues = checkUnitRows(rows, directory.units);
  if (issues.length > 0)
    throw unprocessable(
      "invalid-unit-mapping",
      "单位对应有误，未发布 / the unit mapping is wrong; nothing was published",
      {
        issues,
      },
    );
  return changes;
}

function mergeUnitChanges(units: readonly Unit[], changes: readonly Unit[]): Unit[] {
  const byName = new Map(units.map((u) => [u.name, u]));
  for (const c of changes) byName.set(c.name, c);
  return [...byName.values()];
}

/** The plan's other errors (layout, 序号), so that one answer names everything wrong at once. */
function otherPlanErrors(source: PlanSource, directory: UnitDirectory, lang: Lang) {
  let grid: Grid;
  if (source.kind === "grid") grid = source.grid;
  else {
    const result = PlanSchema.safeParse(source.plan);
    if (!result.success) return [];
    grid = render(result.data).grid;
  }
  const parsed = parse(grid, { directory });
  const issues = validate(parsed, { directory, planOnly: true }).filter(
    (i) => i.severity === "error" && i.code !== "unit.unknown",
  );
  return toApiIssues(issues, lang, { withCells: source.kind === "grid" });
}
