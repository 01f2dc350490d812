// The table as data: one zod definition shared by the add-in, the server and the web page.
import { z } from "zod";

export const COLUMNS = ["序号", "承担的重点工作", "完成状态", "工作进展情况", "牵头责任单位"] as const;
export type ColumnField = "seq" | "task" | "status" | "progress" | "units";
export const COLUMN_FIELDS: readonly ColumnField[] = ["seq", "task", "status", "progress", "units"];

export const PROGRESS_LIMIT = 4000;
/**
 * Request bound for progress text in UTF-16 code units. The rule (PROGRESS_LIMIT) counts characters as
 * people do (code points); an emoji takes two code units, so the bound is twice the limit.
 */
export const PROGRESS_TRANSPORT_LIMIT = PROGRESS_LIMIT * 2;
export const TASK_TEXT_LIMIT = 2000;
export const UNIT_NAME_LIMIT = 100;

export const UnitSchema = z.strictObject({
  name: z.string().trim().min(1).max(UNIT_NAME_LIMIT),
  kind: z.string().trim().min(1).max(40).default("bureau"),
  aliases: z.array(z.string().trim().min(1).max(UNIT_NAME_LIMIT)).default([]),
});
export type Unit = z.infer<typeof UnitSchema>;

/** The directory file format (`units.json`): a free-text note and the units. */
export const UnitDirectoryFileSchema = z.object({
  note: z.string().optional(),
  units: z.array(UnitSchema).min(1),
});

export const StatusVocabularySchema = z.strictObject({
  values: z.array(z.string().trim().min(1).max(20)).min(1),
  /** Variant spelling → canonical value. */
  aliases: z.record(z.string(), z.string()).default({}),
  /** The value under which 工作进展情况 may stay empty. */
  notStarted: z.string().default("未启动"),
});
export type StatusVocabulary = z.infer<typeof StatusVocabularySchema>;

export const SeqSchema = z.number().int().positive().max(100_000);

export const PlanTaskSchema = z.strictObject({
  seq: SeqSchema,
  task: z.string().min(1).max(TASK_TEXT_LIMIT),
  units: z.array(z.string().min(1).max(UNIT_NAME_LIMIT)).min(1).max(50),
});
export type PlanTask = z.infer<typeof PlanTaskSchema>;

export const ReportFieldsSchema = z.strictObject({
  status: z.string().max(20),
  progress: z.string().max(PROGRESS_TRANSPORT_LIMIT),
});
export type ReportFields = z.infer<typeof ReportFieldsSchema>;

function planShape<T extends z.ZodType>(item: T) {
  const subsection = z.strictObject({
    /** Sub-heading without its closing 。; null for tasks directly under the section. */
    title: z.string().min(1).max(200).nullable(),
    items: z.array(item),
  });
  const section = z.strictObject({
    /** Chinese numeral: 一, 二, … */
    no: z.string().min(1).max(10),
    title: z.string().min(1).max(200),
    subsections: z.array(subsection),
  });
  return { subsection, section };
}

const planParts = planShape(PlanTaskSchema);
export const PlanSchema = z.strictObject({
  title: z.string().min(1).max(200),
  sections: z.array(planParts.section).min(1),
});
export type Plan = z.infer<typeof PlanSchema>;

export const SheetTaskSchema = PlanTaskSchema.extend(ReportFieldsSchema.shape);
export type SheetTask = z.infer<typeof SheetTaskSchema>;

const sheetParts = planShape(SheetTaskSchema);
/** A whole filled sheet, as in the fixture JSON: the plan with each task's status and progress. */
export const SheetDocumentSchema = z.strictObject({
  title: z.string().min(1).max(200),
  period: z.string().optional(),
  columns: z.array(z.string()).optional(),
  sections: z.array(sheetParts.section),
});
export type SheetDocument = z.infer<typeof SheetDocumentSchema>;

/** What a reporter changes: one row of their unit's report. */
export const ReportRowSchema = z.strictObject({
  seq: SeqSchema,
  status: z.string().max(20),
  progress: z.string().max(PROGRESS_TRANSPORT_LIMIT),
});

/** Every task of a plan, in order, with its section and sub-heading. */
export function planTasks<T extends PlanTask>(plan: {
  sections: { title: string; subsections: { title: string | null; items: T[] }[] }[];
}): T[] {
  return plan.sections.flatMap((s) => s.subsections.flatMap((ss) => ss.items));
}

/** The plan part of a filled sheet (status and progress dropped). */
export function planOf(doc: SheetDocument): Plan {
  return {
    title: doc.title,
    sections: doc.sections.map((s) => ({
      no: s.no,
      title: s.title,
      subsections: s.subsections.map((ss) => ({
        title: ss.title,
        items: ss.items.map(({ seq, task, units }) => ({ seq, task, units })),
      })),
    })),
  };
}

/** Distinct units of a task, in order: the first is the lead. Redacted sheets repeat names. */
export function distinctUnits(units: readonly string[]): string[] {
  return [...new Set(units)];
}
