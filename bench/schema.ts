// Parse + validate of a generated 10,000-row sheet in the official layout, in two scenarios:
// - "unit sheet": a unit's own sheet checked as on submission (directory, plan, unit, previous period);
// - "city sheet": the merged city-wide sheet checked by the coordinator (directory, plan, previous period).
import { readFileSync } from "node:fs";
import {
  buildDirectory,
  countBySeverity,
  parse,
  planOf,
  planTasks,
  render,
  validate,
  type SheetDocument,
  type ValidationContext,
} from "../schema/index.ts";
import { DEMO_UNITS } from "../sync-server/demo/units.ts";
import { random, sample, timings, type BenchResult } from "./types.ts";

export type Scenario = "unit" | "city";

export interface SchemaBenchOptions {
  scenario?: Scenario;
  rows?: number;
  runs?: number;
  warmup?: number;
  seed?: number;
}

/** The reporting unit of the "unit" scenario. */
export const BENCH_UNIT = "市发展改革委";
const NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

interface Corpus {
  tasks: string[];
  progress: string[];
  subheadings: string[];
  sections: string[];
}

/**
 * Realistic text: the task and progress sentences of the fixture city's 2022-H1 sheet, with the
 * redacted figures (x%, xx亿元) filled with digits as a real sheet has them, and, as most real sheets
 * write them, with full-width punctuation in part of the texts.
 */
function corpus(): Corpus {
  const url = new URL("../test/fixtures/progress-2022h1-part.json", import.meta.url);
  const doc = JSON.parse(readFileSync(url, "utf8")) as SheetDocument;
  const items = planTasks(doc);
  const filled = (text: string) =>
    text.replace(/(?<![A-Za-z])[xX]+/gu, (run) => "2021".slice(0, run.length).padEnd(run.length, "5"));
  const progress = items.map((t) => filled(t.progress)).filter((p) => p !== "");
  return {
    tasks: items.map((t) => filled(t.task)),
    progress: [...progress, ...progress.map(fullWidthPunctuation)],
    subheadings: doc.sections.flatMap((s) => s.subsections.flatMap((ss) => (ss.title ? [ss.title] : []))),
    sections: doc.sections.map((s) => s.title),
  };
}

const FULL_WIDTH: Record<string, string> = { ",": "，", ";": "；", ":": "：", "(": "（", ")": "）" };

function fullWidthPunctuation(text: string): string {
  return text.replace(/[,;:()]/gu, (c) => FULL_WIDTH[c] ?? c);
}

export interface GeneratedSheet {
  /** The clean document: what the published plan and the reports say. */
  document: SheetDocument;
  /** The sheet as sent: the official layout with some messy cells, some rows missing. */
  grid: unknown[][];
  previous: Map<number, string>;
  messyCells: number;
  missingRows: number;
}

/**
 * A sheet in the official layout: 20 sections, sub-headings, realistic texts, multi-unit cells, a few
 * messy cells (units split by spaces or 、, names broken by a space, aliases, full-width 序号, status
 * variants, placeholders, short texts). With `unit`, every task is that unit's but 1%, and 0.5% of its
 * tasks are left out of the sheet (漏报).
 */
export function generateSheet(rows: number, seed = 1, unit: string | null = null): GeneratedSheet {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const text = corpus();
  const names = DEMO_UNITS.map((u) => u.name).filter((n) => n !== unit);
  const statuses = ["序时推进", "序时推进", "序时推进", "已完成", "进度滞后", "未启动"];

  const document: SheetDocument = { title: "2022上半年重点工作进展情况统计表", sections: [] };
  let seq = 0;
  const sectionSize = Math.ceil(rows / 20);
  while (seq < rows) {
    const index = document.sections.length;
    const no = index < 10 ? NUMERALS[index]! : `十${NUMERALS[index % 10]!}`;
    const section: SheetDocument["sections"][number] = { no, title: pick(text.sections), subsections: [] };
    document.sections.push(section);
    const end = Math.min(rows, seq + sectionSize);
    let first = true;
    while (seq < end) {
      const title = first && rnd() < 0.3 ? null : pick(text.subheadings);
      first = false;
      const items: SheetDocument["sections"][number]["subsections"][number]["items"] = [];
      const count = Math.min(end - seq, 5 + Math.floor(rnd() * 40));
      for (let i = 0; i < count; i++) {
        seq++;
        const unitCount = rnd() < 0.7 ? 1 : rnd() < 0.7 ? 2 : 3;
        const units = Array.from({ length: unitCount }, () => pick(names));
        if (unit !== null && rnd() >= 0.01) {
          if (rnd() < 0.5) units[0] = unit;
          else units.push(unit);
        }
        const status = pick(statuses);
        let progress = status === "未启动" ? "" : pick(text.progress);
        if (rnd() < 0.15) progress = `${progress}${pick(text.progress)}${pick(text.progress)}`;
        items.push({ seq, task: pick(text.tasks), units, status, progress });
      }
      section.subsections.push({ title, items });
    }
  }

  const rendered = render(document);
  const grid: unknown[][] = [];
  let messyCells = 0;
  let missingRows = 0;
  rendered.grid.forEach((cells, i) => {
    const row: unknown[] = [...cells];
    if (rendered.rowKinds[i] !== "task") {
      grid.push(row);
      return;
    }
    if (unit !== null && String(row[4]).includes(unit) && rnd() < 0.005) {
      missingRows++;
      return;
    }
    grid.push(row);
    // Messy cells as real sheets hold them; the plan keeps the clean values.
    const r = rnd();
    const units = String(row[4]).split("\n");
    if (r < 0.02) row[4] = units.join(pick(["、", " ", "，", ";"]));
    else if (r < 0.03)
      row[4] = units.map((u) => (u.length > 4 ? `${u.slice(0, 4)} ${u.slice(4)}` : u)).join("\n");
    else if (r < 0.04)
      row[0] = String(row[0]).replace(/\d/gu, (d) => String.fromCharCode(0xff10 + Number(d)));
    else if (r < 0.05) row[2] = pick(["完成", "滞后", "正常推进", "完成了", " 序时推进 "]);
    else if (r < 0.055) row[4] = units.map((u) => (u === "市发展改革委" ? "市发改委" : u)).join("\n");
    else if (r < 0.065 && row[3] !== "") row[3] = `${String(row[3])}预计全年增长x%。`;
    else if (r < 0.07) row[3] = "已完成。";
    else return;
    messyCells++;
  });

  const previous = new Map<number, string>();
  for (const task of planTasks(document)) {
    previous.set(task.seq, rnd() < 0.1 ? task.progress : pick(text.progress));
  }
  return { document, grid, previous, messyCells, missingRows };
}

export function schemaBench(options: SchemaBenchOptions = {}): BenchResult {
  const scenario = options.scenario ?? "unit";
  const rows = options.rows ?? 10_000;
  const unit = scenario === "unit" ? BENCH_UNIT : null;
  const sheet = generateSheet(rows, options.seed ?? 1, unit);
  const directory = buildDirectory(DEMO_UNITS);
  const context: ValidationContext = { directory, plan: planOf(sheet.document), previous: sheet.previous };
  if (unit !== null) context.unit = unit;
  let issues: ReturnType<typeof validate> = [];
  let taskRows = 0;
  const samples = sample(
    () => {
      const parsed = parse(sheet.grid, { directory });
      issues = validate(parsed, context);
      taskRows = parsed.rows.length;
    },
    options.runs ?? 30,
    options.warmup ?? 5,
  );
  const t = timings(samples);
  const counts = countBySeverity(issues);
  return {
    name: `schema: parse + validate ${rows.toLocaleString("en")} rows, ${
      scenario === "unit"
        ? "a unit's sheet (directory, plan, unit, previous period)"
        : "the city sheet (directory, plan, previous period)"
    }`,
    figures: {
      "median ms": round(t.median),
      "p95 ms": round(t.p95),
      "min ms": round(t.min),
      "rows/s": Math.round(taskRows / (t.median / 1000)),
      runs: samples.length,
      "task rows": taskRows,
      "sheet rows": sheet.grid.length,
      "messy cells": sheet.messyCells,
      "rows left out": sheet.missingRows,
      issues: `${counts.error} err / ${counts.warning} warn / ${counts.info} info`,
    },
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
