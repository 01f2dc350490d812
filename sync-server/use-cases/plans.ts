// Publishing: a plan (from an official-layout sheet or as JSON) becomes a period open for reports.
import { z } from "zod";
import {
  PlanSchema,
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
} from "../../schema/index.ts";
import { DEFAULT_VOCABULARY } from "../../schema/statuses.ts";
import { conflict, unprocessable } from "../errors.ts";
import { PeriodExistsError, UnknownUnitError, type PeriodRecord } from "../store/store.ts";
import type { Deps } from "./context.ts";
import { toApiIssues } from "./issues.ts";

/** 2022-H1 (half year), 2022-Q3 (quarter), 2022-07 (month). */
export const PeriodIdSchema = z
  .string()
  .regex(/^\d{4}-(H[12]|Q[1-4]|0[1-9]|1[0-2])$/u, "like 2022-H1, 2022-Q3 or 2022-07");

export const PeriodFieldsSchema = z.strictObject({
  period: PeriodIdSchema,
  title: z.string().trim().min(1).max(200).optional(),
  due: z.iso.date().or(z.iso.datetime()).optional(),
  previousPeriod: PeriodIdSchema.optional(),
  vocabulary: StatusVocabularySchema.optional(),
});
export type PeriodFields = z.infer<typeof PeriodFieldsSchema>;

export type PlanSource = { kind: "grid"; grid: Grid } | { kind: "json"; plan: unknown };

export async function importPlan(
  deps: Deps,
  source: PlanSource,
  fields: PeriodFields,
  lang: Lang,
): Promise<PeriodRecord> {
  const directory = buildDirectory(await deps.store.listUnits());
  const plan =
    source.kind === "grid"
      ? planFromGrid(source.grid, directory, lang)
      : planFromJson(source.plan, directory, lang);
  const vocabulary: StatusVocabulary = fields.vocabulary ?? DEFAULT_VOCABULARY;
  const periods = await deps.store.listPeriods();
  if (fields.previousPeriod && !periods.some((p) => p.id === fields.previousPeriod)) {
    throw unprocessable(
      "unknown-previous-period",
      `previous period ${fields.previousPeriod} does not exist`,
      {
        issues: [
          { seq: null, field: "previousPeriod", code: "unknown-previous-period", message: "no such period" },
        ],
      },
    );
  }
  try {
    return await deps.store.publishPlan(
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
  } catch (error) {
    if (error instanceof PeriodExistsError)
      throw conflict("period-exists", `period ${fields.period} already exists / 该报送期已存在`);
    if (error instanceof UnknownUnitError)
      throw unprocessable("unknown-unit", `unit "${error.unit}" is not in the directory`);
    throw error;
  }
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
    throw unprocessable("invalid-plan", "the plan JSON is not valid", {
      issues: result.error.issues.map((i) => ({
        seq: null,
        field: i.path.join("."),
        code: i.code,
        message: i.message,
      })),
    });
  }
  const parsed = parse(render(result.data).grid, { directory });
  const issues = validate(parsed, { directory, planOnly: true });
  if (hasErrors(issues)) {
    throw unprocessable("invalid-plan", "the plan does not pass the table's rules", {
      issues: toApiIssues(
        issues.filter((i) => i.severity === "error"),
        lang,
        { withCells: false },
      ),
    });
  }
  // Unit spellings resolve to their canonical names exactly as a sheet would.
  const canonical = planOf(parsed.document);
  if (planTasks(canonical).length === 0) throw unprocessable("empty-plan", "the plan holds no tasks");
  return canonical;
}
