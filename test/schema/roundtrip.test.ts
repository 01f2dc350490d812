// Round trip of the layout codec: parse(render(plan, reports)).document is the document rendered.
// ROUNDTRIP_RUNS=20000 npx vitest run test/schema/roundtrip.test.ts searches harder.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  COLUMNS,
  parse,
  planOf,
  render,
  type Grid,
  type Plan,
  type ReportFields,
  type SheetDocument,
} from "../../schema/index.ts";
import { fixtureDirectory, fixtureUnits } from "../support/fixtures.ts";

const directory = fixtureDirectory();
const unitNames = fixtureUnits().map((u) => u.name);

// Text of the kind real sheets hold: Chinese, ASCII, digits, punctuation, full-width forms, line breaks —
// plus arbitrary Unicode graphemes for breadth.
const POOL = [
  ..."重点工作进展情况市政府推进完成项目建设亿元万人全年同比增长第季度一二三四五六七八九十",
  ..."abcxyzXSCPI0123456789 %-.,;:()/",
  ..."。、，；：（）“”《》１２３ＡＢ\u3000",
  "\n",
  "x%",
  "xx亿元",
];
const char = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(...POOL) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
);
const text = (maxLength: number) => fc.string({ unit: char, maxLength });
// The title, section titles and sub-heading titles are trimmed by the codec (spaces around a merged
// heading carry nothing), so they are generated trimmed, as the schema's non-empty titles.
const trimmedText = (maxLength: number) =>
  fc
    .string({ unit: char, minLength: 1, maxLength })
    .map((s) => s.trim())
    .filter((s) => s !== "");

const NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "二十"];
// A sub-heading that reads "一、…" is a section, and one ending in 。 loses it (the codec adds and strips
// the closing 。): both are ambiguous in the official layout itself, so such titles are not generated.
const SECTION_LIKE = /^[一二三四五六七八九十百零〇]+\s*[、.．，,]/u;
const subheadingTitle = trimmedText(30).filter((t) => !t.endsWith("。") && !SECTION_LIKE.test(t));

interface TaskDraft {
  task: string;
  units: string[];
  report: ReportFields | null;
}
const taskDraft: fc.Arbitrary<TaskDraft> = fc.record({
  // Task text is stored as written: no trimming is implied by the layout, so any non-empty text.
  task: text(60).filter((t) => t !== ""),
  units: fc.array(fc.constantFrom(...unitNames), { minLength: 1, maxLength: 4 }),
  report: fc.option(fc.record({ status: text(20), progress: text(300) }), { nil: null }),
});

// A subsection without a title renders as bare task rows, so it is only distinguishable when it is the
// first of its section and has tasks; later untitled subsections would merge into the one above.
const sectionDraft = fc.record({
  no: fc.constantFrom(...NUMERALS),
  title: trimmedText(40),
  untitled: fc.option(fc.array(taskDraft, { minLength: 1, maxLength: 4 }), { nil: null }),
  subsections: fc.array(fc.record({ title: subheadingTitle, items: fc.array(taskDraft, { maxLength: 4 }) }), {
    maxLength: 3,
  }),
});

const planDraft = fc.record({
  title: trimmedText(40),
  sections: fc.array(sectionDraft, { minLength: 1, maxLength: 4 }),
});

type Case = { plan: Plan; reports: Map<number, ReportFields>; expected: SheetDocument };

const cases: fc.Arbitrary<Case> = planDraft.chain((draft) => {
  const count = draft.sections.reduce(
    (n, s) => n + (s.untitled?.length ?? 0) + s.subsections.reduce((m, ss) => m + ss.items.length, 0),
    0,
  );
  return fc
    .uniqueArray(fc.integer({ min: 1, max: 100_000 }), { minLength: count, maxLength: count })
    .map((seqs) => {
      let next = 0;
      const reports = new Map<number, ReportFields>();
      const expected: SheetDocument = {
        title: draft.title,
        columns: [...COLUMNS],
        sections: draft.sections.map((s) => ({
          no: s.no,
          title: s.title,
          subsections: [...(s.untitled ? [{ title: null, items: s.untitled }] : []), ...s.subsections].map(
            (ss) => ({
              title: ss.title,
              items: ss.items.map((t) => {
                const seq = seqs[next++]!;
                if (t.report) reports.set(seq, t.report);
                return {
                  seq,
                  task: t.task,
                  units: t.units,
                  status: t.report?.status ?? "",
                  progress: t.report?.progress ?? "",
                };
              }),
            }),
          ),
        })),
      };
      return { plan: planOf(expected), reports, expected };
    });
});

/** The grid as some .xlsx readers give it: a merged row's text repeated in every cell. */
function repeatMergedText(grid: Grid, merges: ReturnType<typeof render>["merges"]): unknown[][] {
  const out = grid.map((row) => [...row]);
  for (const m of merges) {
    const value = out[m.row]![m.column];
    for (let c = m.column; c < m.column + m.columnCount; c++) out[m.row]![c] = value;
  }
  return out;
}

describe("round trip of the layout codec", () => {
  it("parses a rendered plan with reports back into the same document", () => {
    fc.assert(
      fc.property(cases, ({ plan, reports, expected }) => {
        expect(parse(render(plan, reports).grid, { directory }).document).toEqual(expected);
      }),
      { numRuns: Number(process.env.ROUNDTRIP_RUNS ?? 300) },
    );
  });

  it("parses a rendered sheet document back into itself without a reports map", () => {
    fc.assert(
      fc.property(cases, ({ expected }) => {
        expect(parse(render(expected).grid, { directory }).document).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it("gives the same document when merged heading text is repeated in every cell", () => {
    fc.assert(
      fc.property(cases, ({ plan, reports, expected }) => {
        const rendered = render(plan, reports);
        expect(parse(repeatMergedText(rendered.grid, rendered.merges), { directory }).document).toEqual(
          expected,
        );
      }),
      { numRuns: 100 },
    );
  });

  it("gives the same document and shifted row numbers for a grid read from a range starting at B3", () => {
    fc.assert(
      fc.property(cases, ({ plan, reports, expected }) => {
        const rendered = render(plan, reports);
        const parsed = parse(rendered.grid, { directory, origin: { row: 2, column: 1 } });
        expect(parsed.document).toEqual(expected);
        const taskRows = rendered.rowKinds.flatMap((kind, i) => (kind === "task" ? [i + 2] : []));
        expect(parsed.rows.map((r) => r.row)).toEqual(taskRows);
      }),
      { numRuns: 100 },
    );
  });

  it("keeps every task row's 序号 and source row in render order", () => {
    fc.assert(
      fc.property(cases, ({ plan, reports }) => {
        const rendered = render(plan, reports);
        const parsed = parse(rendered.grid, { directory });
        const expectedRows = rendered.seqs.flatMap((seq, i) => (seq === null ? [] : [{ row: i, seq }]));
        expect(parsed.rows.map((r) => ({ row: r.row, seq: r.seq }))).toEqual(expectedRows);
      }),
      { numRuns: 100 },
    );
  });
});
