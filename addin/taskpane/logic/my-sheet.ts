// "获取本单位任务": the pulled rows as a sheet in the official layout, plus what the workbook and the
// pane remember about it. Last period's text goes into a reference column F (上期进展(参考)), outside
// the official five columns: it is shown and locked, never submitted, and 工作进展情况 starts as the
// unit's current report (empty until they report), so nothing is sent that the reporter did not write.
import { render, type RenderedSheet } from "../../../schema/layout.ts";
import type { Plan, SheetDocument, StatusVocabulary } from "../../../schema/model.ts";
import { contentHash, type SheetMetadata } from "../../../schema/metadata.ts";
import type { TaskRow, TasksAnswer } from "../../../schema/api.ts";
import type { SheetLayout } from "../../host/host.ts";

export const REFERENCE_WIDTH = 40;

/** Rows grouped back into sections and sub-headings, in the order the server gave them. */
export function documentOf(title: string, rows: readonly TaskRow[]): SheetDocument {
  const doc: SheetDocument = { title, sections: [] };
  let sectionKey: string | null = null;
  let subKey: string | null | undefined;
  for (const row of rows) {
    if (row.section !== sectionKey || doc.sections.length === 0) {
      const [no, sectionTitle] = splitSection(row.section);
      doc.sections.push({ no, title: sectionTitle, subsections: [] });
      sectionKey = row.section;
      subKey = undefined;
    }
    const section = doc.sections[doc.sections.length - 1]!;
    if (row.subheading !== subKey || section.subsections.length === 0) {
      section.subsections.push({ title: row.subheading, items: [] });
      subKey = row.subheading;
    }
    section.subsections[section.subsections.length - 1]!.items.push({
      seq: row.seq,
      task: row.task,
      units: row.units,
      status: row.status,
      progress: row.progress,
    });
  }
  return doc;
}

/** "一、努力完成全年主要预期目标" → ["一", "努力完成全年主要预期目标"]. */
export function splitSection(section: string): [string, string] {
  const i = section.indexOf("、");
  if (i <= 0) return ["", section];
  return [section.slice(0, i), section.slice(i + 1)];
}

/** The layout of a unit's sheet: the official five columns, and last period's text in F when there is any. */
export function mySheetLayout(answer: TasksAnswer, unit: string, referenceLabel: string): SheetLayout {
  const title = `${answer.period.title}(${unit})`;
  const rendered = render(documentOf(title, answer.rows));
  const previous = new Map(
    answer.rows.filter((r) => r.previousProgress).map((r) => [r.seq, r.previousProgress!]),
  );
  if (previous.size === 0) return { ...rendered, referenceColumn: null };
  return withReferenceColumn(rendered, referenceLabel, previous);
}

export function withReferenceColumn(
  rendered: RenderedSheet,
  label: string,
  bySeq: ReadonlyMap<number, string>,
): SheetLayout {
  const column = rendered.grid[0]?.length ?? 5;
  const grid = rendered.grid.map((row, r) => {
    const kind = rendered.rowKinds[r];
    const seq = rendered.seqs[r];
    const extra =
      kind === "header"
        ? label
        : kind === "task" && seq !== null && seq !== undefined
          ? (bySeq.get(seq) ?? "")
          : "";
    return [...row, extra];
  });
  return {
    ...rendered,
    grid,
    columnWidths: [...rendered.columnWidths, REFERENCE_WIDTH],
    referenceColumn: column,
  };
}

export function pulledMetadata(answer: TasksAnswer, unit: string, server: string, now: Date): SheetMetadata {
  return {
    kind: "my-tasks",
    period: answer.period.id,
    unit,
    server,
    pulledAt: now.toISOString(),
    rows: answer.rows.map((r) => ({
      seq: r.seq,
      version: r.version,
      hash: contentHash(r.status, r.progress),
    })),
  };
}

/** What validation needs offline, kept per server, period and unit in the pane's storage. */
export interface PeriodCache {
  vocabulary: StatusVocabulary;
  tasks: { seq: number; task: string; units: string[] }[];
  previous: [number, string][];
  returns: { seq: number; comment: string; createdBy: string; createdAt: string }[];
}

export function periodCache(answer: TasksAnswer): PeriodCache {
  return {
    vocabulary: answer.vocabulary,
    tasks: answer.rows.map((r) => ({ seq: r.seq, task: r.task, units: r.units })),
    previous: answer.rows.filter((r) => r.previousProgress !== null).map((r) => [r.seq, r.previousProgress!]),
    returns: answer.rows.flatMap((r) =>
      r.returns.map((x) => ({
        seq: r.seq,
        comment: x.comment,
        createdBy: x.createdBy,
        createdAt: x.createdAt,
      })),
    ),
  };
}

/** The cached tasks as a plan, for validation's plan checks (task text, units, missing rows). */
export function planOfCache(cache: PeriodCache, title = ""): Plan {
  return {
    title: title || "-",
    sections: [{ no: "一", title: "-", subsections: [{ title: null, items: cache.tasks }] }],
  };
}
