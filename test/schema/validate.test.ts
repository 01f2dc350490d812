import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  COLUMNS,
  codePointLength,
  compactKey,
  countBySeverity,
  hasErrors,
  issueText,
  message,
  parse,
  validate,
  type GridOrigin,
  type Issue,
  type IssueCode,
  type Plan,
  type ValidationContext,
} from "../../schema/index.ts";
import { fixtureDirectory } from "../support/fixtures.ts";

const directory = fixtureDirectory();
const GOOD_PROGRESS = "项目按计划推进,已完成年度目标的一半以上。";

const PLAN: Plan = {
  title: "2022上半年重点工作进展情况统计表",
  sections: [
    {
      no: "一",
      title: "努力完成全年主要预期目标",
      subsections: [
        {
          title: null,
          items: [
            { seq: 1, task: "全市生产总值增长x%。", units: ["市发展改革委"] },
            { seq: 2, task: "社会消费品零售总额增长xx%以上。", units: ["市商务局", "市财政局"] },
            { seq: 3, task: "固定资产投资增长xx%以上。", units: ["市财政局"] },
          ],
        },
      ],
    },
  ],
};
const PLAN_TASKS = new Map(PLAN.sections[0]!.subsections[0]!.items.map((t) => [t.seq, t]));

interface RowSpec {
  seq?: unknown;
  task?: string;
  status?: string;
  progress?: string;
  units?: string;
}

/** A task row as the plan has it, reported 序时推进 with a good progress text, with `spec` overriding. */
function row(seq: number, spec: RowSpec = {}): unknown[] {
  const planned = PLAN_TASKS.get(seq);
  return [
    "seq" in spec ? spec.seq : seq,
    spec.task ?? planned?.task ?? `任务${seq}`,
    spec.status ?? "序时推进",
    spec.progress ?? GOOD_PROGRESS,
    spec.units ?? planned?.units.join("\n") ?? "市商务局",
  ];
}

const merged = (text: string) => [text, null, null, null, null];

/** Title on row 1, header on row 2, the section on row 3: the first task row is row 4. */
function sheet(rows: unknown[][], header: unknown[] = [...COLUMNS]): unknown[][] {
  return [merged(PLAN.title), header, merged("一、努力完成全年主要预期目标"), ...rows];
}

function check(grid: unknown[][], context: Partial<ValidationContext> = {}, origin?: GridOrigin): Issue[] {
  const parsed = parse(grid, origin ? { directory, origin } : { directory });
  return validate(parsed, { directory, ...context });
}

/** The one issue with this code; fails when there is none or more than one. */
function one(issues: Issue[], code: IssueCode): Issue {
  const found = issues.filter((i) => i.code === code);
  expect(found, `issues with code ${code}`).toHaveLength(1);
  return found[0]!;
}

const codes = (issues: Issue[]) => issues.map((i) => i.code);

function expectMentions(issue: Issue, ...values: (string | number)[]) {
  for (const value of values) {
    expect(issue.message.zh).toContain(String(value));
    expect(issue.message.en).toContain(String(value));
  }
}

const ALL_ROWS = [row(1), row(2), row(3)];

describe("a clean sheet", () => {
  it("has no issues without a plan", () => {
    expect(check(sheet(ALL_ROWS))).toEqual([]);
  });

  it("has no issues against its plan, a unit and the previous period", () => {
    const previous = new Map([[2, "上期:已启动前期工作。"]]);
    expect(check(sheet([row(2)]), { plan: PLAN, unit: "市商务局", previous })).toEqual([]);
  });
});

describe("header rules", () => {
  it("reports a missing header row at the grid's first cell (header.missing)", () => {
    const issue = one(check([merged(PLAN.title), merged("一、目标"), row(1)]), "header.missing");
    expect(issue).toMatchObject({ severity: "error", cell: "A1", row: 0, seq: null });
    expectMentions(issue, "序号", "牵头责任单位");
  });

  it("reports a missing header at B3 for a grid read from a range starting there", () => {
    const issue = one(
      check([merged(PLAN.title), merged("一、目标"), row(1)], {}, { row: 2, column: 1 }),
      "header.missing",
    );
    expect(issue.cell).toBe("B3");
  });

  it("reports a missing column at the header cell where it belongs (header.column-missing)", () => {
    const issue = one(
      check(sheet([row(1)], ["序号", "承担的重点工作", "完成状态", "工作进展情况"])),
      "header.column-missing",
    );
    expect(issue).toMatchObject({ severity: "error", cell: "E2", row: 1, column: 4 });
    expectMentions(issue, "牵头责任单位");
  });

  it("names the missing column's cell from where the header starts", () => {
    const shifted = (cells: unknown[]) => [null, null, ...cells];
    const grid = sheet([row(1)], ["序号", "承担的重点工作", "完成状态", "工作进展情况"]).map(shifted);
    expect(one(check(grid), "header.column-missing")).toMatchObject({ cell: "G2", row: 1, column: 6 });
  });

  it("reports header columns out of the official order (header.order)", () => {
    const header = ["序号", "承担的重点工作", "工作进展情况", "完成状态", "牵头责任单位"];
    const issue = one(check(sheet([row(1)], header)), "header.order");
    expect(issue).toMatchObject({ severity: "error", cell: "A2", row: 1, column: 0 });
    expectMentions(issue, "承担的重点工作", "牵头责任单位");
  });

  it("accepts a header whose labels carry stray spaces", () => {
    expect(
      check(
        sheet(ALL_ROWS, ["序 号", "承担的重点工作 ", " 完成状态", "工作\u3000进展情况", "牵头责任单位\n"]),
      ),
    ).toEqual([]);
  });
});

describe("layout rules", () => {
  it("reports a task row above the first section (layout.task-outside-section)", () => {
    const grid = [merged(PLAN.title), [...COLUMNS], row(1), merged("一、目标"), row(2)];
    const issue = one(check(grid), "layout.task-outside-section");
    expect(issue).toMatchObject({ severity: "error", cell: "A3", row: 2, seq: 1 });
    expect(issue.message.zh).toContain("一、");
    expect(issue.message.en).toContain("section");
  });
});

describe("序号 rules", () => {
  it("reports an empty 序号 (seq.missing)", () => {
    const issue = one(check(sheet([row(1), row(2, { seq: null })])), "seq.missing");
    expect(issue).toMatchObject({ severity: "error", cell: "A5", row: 4, seq: null, field: "seq" });
    expectMentions(issue, "序号");
  });

  it("reports a 序号 that is not a positive whole number (seq.invalid)", () => {
    const issue = one(check(sheet([row(1), row(2, { seq: "十二" })])), "seq.invalid");
    expect(issue).toMatchObject({ severity: "error", cell: "A5", seq: null });
    expectMentions(issue, "十二");
  });

  it("accepts 序号 as numeric text and full-width digits", () => {
    expect(check(sheet([row(1, { seq: "1" }), row(2, { seq: "２" }), row(3, { seq: " 3 " })]))).toEqual([]);
  });

  it("reports a repeated 序号 at the repeat, naming the first (seq.duplicate)", () => {
    const issue = one(check(sheet([row(1), row(2), row(2)])), "seq.duplicate");
    expect(issue).toMatchObject({ severity: "error", cell: "A6", row: 5, seq: 2 });
    expectMentions(issue, 2, "A5");
  });

  it("warns when 序号 runs backwards (seq.order)", () => {
    const issue = one(check(sheet([row(1), row(3), row(2)])), "seq.order");
    expect(issue).toMatchObject({ severity: "warning", cell: "A6", seq: 2 });
    expectMentions(issue, 2, 3);
  });

  it("reports a 序号 the plan does not have (seq.not-in-plan)", () => {
    const issue = one(check(sheet([row(1), row(9)]), { plan: PLAN }), "seq.not-in-plan");
    expect(issue).toMatchObject({ severity: "error", cell: "A5", seq: 9 });
    expectMentions(issue, 9);
  });

  it("does not check plan membership without a plan", () => {
    expect(codes(check(sheet([row(1), row(9)])))).not.toContain("seq.not-in-plan");
  });
});

describe("task text rules", () => {
  it("reports empty task text when there is no plan (task.empty)", () => {
    const issue = one(check(sheet([row(1, { task: " " })])), "task.empty");
    expect(issue).toMatchObject({ severity: "error", cell: "B4", seq: 1, field: "task" });
    expectMentions(issue, "承担的重点工作");
  });

  it("reports task text that differs from the plan (task.changed)", () => {
    const issue = one(
      check(sheet([row(1, { task: "全市生产总值增长10%。" })]), { plan: PLAN }),
      "task.changed",
    );
    expect(issue).toMatchObject({ severity: "error", cell: "B4", seq: 1 });
    expectMentions(issue, 1);
  });

  it("ignores spacing and full-width differences in the task text", () => {
    expect(check(sheet([row(1, { task: "全市生产总值 增长ｘ％。" })]), { plan: PLAN })).toEqual([]);
  });
});

describe("unit rules", () => {
  it("reports an empty units cell (units.empty)", () => {
    const issue = one(check(sheet([row(1, { units: "" })])), "units.empty");
    expect(issue).toMatchObject({ severity: "error", cell: "E4", seq: 1, field: "units" });
    expectMentions(issue, "牵头责任单位");
  });

  it("reports units that differ from the plan, naming the planned ones (units.changed)", () => {
    const issue = one(check(sheet([row(2, { units: "市商务局" })]), { plan: PLAN }), "units.changed");
    expect(issue).toMatchObject({ severity: "error", cell: "E4", seq: 2 });
    expectMentions(issue, "市商务局、市财政局");
  });

  it("reports a changed lead unit even when the same units are listed", () => {
    expect(codes(check(sheet([row(2, { units: "市财政局\n市商务局" })]), { plan: PLAN }))).toContain(
      "units.changed",
    );
  });

  it("accepts a unit listed twice, as redacted sheets do", () => {
    expect(check(sheet([row(2, { units: "市商务局\n市财政局\n市财政局" })]), { plan: PLAN })).toEqual([]);
  });

  it("reports an unknown unit and suggests the nearest directory name (unit.unknown)", () => {
    const issue = one(check(sheet([row(1, { units: "市发展改革局" })])), "unit.unknown");
    expect(issue).toMatchObject({ severity: "error", cell: "E4", seq: 1, suggestion: "市发展改革委" });
    expectMentions(issue, "市发展改革局", "市发展改革委");
  });

  it("reports an unknown unit without a suggestion when nothing is close", () => {
    const issue = one(check(sheet([row(1, { units: "中国人民银行" })])), "unit.unknown");
    expect(issue.suggestion).toBeUndefined();
    expectMentions(issue, "中国人民银行");
    expect(issue.message.zh).not.toContain("是否为");
  });

  it("suggests a directory name for an unknown unit even when the sheet was parsed without the directory", () => {
    const parsed = parse(sheet([row(1, { units: "市发展改革局" })]));
    expect(one(validate(parsed, { directory }), "unit.unknown").suggestion).toBe("市发展改革委");
  });

  it("accepts an alias with an info naming the canonical unit (unit.alias)", () => {
    const issues = check(sheet([row(1, { units: "市发改委" })]), { plan: PLAN });
    const issue = one(issues, "unit.alias");
    expect(issue).toMatchObject({ severity: "info", cell: "E4", seq: 1, suggestion: "市发展改革委" });
    expectMentions(issue, "市发改委", "市发展改革委");
    expect(hasErrors(issues)).toBe(false);
  });

  it("accepts a unit name broken by a stray space with an info (unit.spacing)", () => {
    const issues = check(sheet([row(1, { units: "市自然资源和 规划局" })]));
    const issue = one(issues, "unit.spacing");
    expect(issue).toMatchObject({ severity: "info", cell: "E4", suggestion: "市自然资源和规划局" });
    expectMentions(issue, "市自然资源和 规划局", "市自然资源和规划局");
  });

  it("accepts full-width brackets in a unit name with an info", () => {
    const issue = one(check(sheet([row(1, { units: "市乡村振兴局（原扶贫局）" })])), "unit.spacing");
    expect(issue.suggestion).toBe("市乡村振兴局(原扶贫局)");
  });

  it("compares a resolved alias with the plan's canonical unit", () => {
    expect(codes(check(sheet([row(1, { units: "市发改委" })]), { plan: PLAN }))).not.toContain(
      "units.changed",
    );
  });
});

describe("reporting unit rules", () => {
  it("reports a row of another unit's task (row.other-unit)", () => {
    const issue = one(check(sheet([row(1), row(2)]), { plan: PLAN, unit: "市商务局" }), "row.other-unit");
    expect(issue).toMatchObject({ severity: "error", cell: "A4", seq: 1 });
    expectMentions(issue, 1, "市商务局");
  });

  it("accepts rows where the unit is not the lead but shares the task", () => {
    expect(check(sheet([row(2), row(3)]), { plan: PLAN, unit: "市财政局" })).toEqual([]);
  });

  it("uses the row's own units to tell another unit's row when there is no plan", () => {
    const issue = one(check(sheet([row(1), row(3)]), { unit: "市财政局" }), "row.other-unit");
    expect(issue.seq).toBe(1);
  });

  it("reports a task of the unit missing from the sheet, without a cell (task.missing)", () => {
    const issue = one(check(sheet([row(2)]), { plan: PLAN, unit: "市财政局" }), "task.missing");
    expect(issue).toMatchObject({ severity: "error", cell: null, row: null, seq: 3 });
    expectMentions(issue, 3);
    expect(issue.message.zh).toContain("漏报");
  });

  it("does not look for missing tasks without a reporting unit", () => {
    expect(codes(check(sheet([row(2)]), { plan: PLAN }))).not.toContain("task.missing");
  });
});

describe("完成状态 rules", () => {
  it("reports an empty status and lists the allowed values (status.empty)", () => {
    const issue = one(check(sheet([row(1, { status: "" })])), "status.empty");
    expect(issue).toMatchObject({ severity: "error", cell: "C4", seq: 1, field: "status" });
    expectMentions(issue, "已完成、序时推进、进度滞后、未启动");
  });

  it("reports an unknown status and suggests the canonical value (status.unknown)", () => {
    const issue = one(check(sheet([row(1, { status: "完成了" })])), "status.unknown");
    expect(issue).toMatchObject({ severity: "error", cell: "C4", seq: 1, suggestion: "已完成" });
    expectMentions(issue, "完成了", "已完成");
  });

  it("accepts a known variant with an info naming the canonical value (status.alias)", () => {
    const issues = check(sheet([row(1, { status: "完成" })]));
    const issue = one(issues, "status.alias");
    expect(issue).toMatchObject({ severity: "info", cell: "C4", seq: 1, suggestion: "已完成" });
    expectMentions(issue, "完成", "已完成");
    expect(hasErrors(issues)).toBe(false);
  });

  it("checks statuses against the plan's own vocabulary", () => {
    const vocabulary = { values: ["达标", "未达标"], aliases: {}, notStarted: "未达标" };
    const issue = one(check(sheet([row(1, { status: "序时推进" })]), { vocabulary }), "status.unknown");
    expectMentions(issue, "达标、未达标");
  });
});

describe("工作进展情况 rules", () => {
  it("reports empty progress (progress.empty)", () => {
    const issue = one(check(sheet([row(1, { progress: " " })])), "progress.empty");
    expect(issue).toMatchObject({ severity: "error", cell: "D4", seq: 1, field: "progress" });
    expectMentions(issue, "未启动");
  });

  it("lets progress stay empty when the status is 未启动", () => {
    expect(check(sheet([row(1, { status: "未启动", progress: "" })]))).toEqual([]);
  });

  it("lets progress stay empty when the status is a variant of 未启动", () => {
    expect(codes(check(sheet([row(1, { status: "未开始", progress: "" })])))).toEqual(["status.alias"]);
  });

  it("reports progress over 4,000 characters (progress.too-long)", () => {
    const issue = one(check(sheet([row(1, { progress: "推".repeat(4001) })])), "progress.too-long");
    expect(issue).toMatchObject({ severity: "error", cell: "D4", seq: 1 });
    expectMentions(issue, 4001, 4000);
  });

  it("accepts progress of exactly 4,000 characters", () => {
    expect(check(sheet([row(1, { progress: "推".repeat(4000) })]))).toEqual([]);
  });

  it("counts characters outside the BMP once when checking the limit", () => {
    expect(check(sheet([row(1, { progress: "𠀀".repeat(4000) })]))).toEqual([]);
  });

  it("uses a custom progress limit", () => {
    const grid = sheet([row(1, { progress: "推".repeat(101) }), row(2, { progress: "推".repeat(100) })]);
    const issue = one(check(grid, { progressLimit: 100 }), "progress.too-long");
    expect(issue.seq).toBe(1);
    expectMentions(issue, 101, 100);
  });

  it.each([
    ["x%", "全市生产总值同比增长x%,好于预期。"],
    ["xx亿元", "一季度实现社会消费品零售总额xx亿元,稳定恢复。"],
    ["x月", "预计x月底前完成全部建设任务并投入使用。"],
    ["x-x月份", "x-x月份,全市固定资产投资稳步增长。"],
    ["X％", "完成投资X％,按计划推进各项工作。"],
    ["ｘｘ万元", "已拨付专项资金ｘｘ万元,按计划推进各项工作。"],
  ])("warns about the unfilled placeholder %s (progress.placeholder)", (placeholder, progress) => {
    const issue = one(check(sheet([row(1, { progress })])), "progress.placeholder");
    expect(issue).toMatchObject({ severity: "warning", cell: "D4", seq: 1 });
    expectMentions(issue, placeholder);
  });

  it.each([
    ["an Sx road name", "主要进行Sxxx、Sxxx省道特大桥及引桥墩柱施工。"],
    ["an Sx road name before 项目", "Sxx项目改造全面开工,进展顺利。"],
    ["CPI", "CPI指数累计上涨,符合预期目标。"],
    ["a full-width Sx road name before 项目", "Ｓｘｘ项目改造全面开工,进展顺利。"],
    ["a real figure", "全市生产总值同比增长6.5%,好于预期。"],
  ])("does not mistake %s for a placeholder", (_label, progress) => {
    expect(codes(check(sheet([row(1, { progress })])))).not.toContain("progress.placeholder");
  });

  it("warns about progress identical to the previous period's (progress.unchanged)", () => {
    const previous = new Map([[1, GOOD_PROGRESS]]);
    const issue = one(check(sheet([row(1)]), { previous }), "progress.unchanged");
    expect(issue).toMatchObject({ severity: "warning", cell: "D4", seq: 1 });
    expect(issue.message.zh).toContain("上期");
    expect(issue.message.en).toContain("previous period");
  });

  it("counts progress differing from last period's only in spaces and full-width forms as unchanged", () => {
    const previous = new Map([[1, ` ${GOOD_PROGRESS.replace(",", "，")}\u3000`]]);
    expect(codes(check(sheet([row(1)]), { previous }))).toEqual(["progress.unchanged"]);
  });

  it("does not warn when the progress has changed since the previous period", () => {
    const previous = new Map([[1, "项目前期手续办理中,尚未开工建设。"]]);
    expect(check(sheet([row(1)]), { previous })).toEqual([]);
  });

  it("warns about progress under 10 characters (progress.too-short)", () => {
    const issue = one(check(sheet([row(1, { progress: "已完成。" })])), "progress.too-short");
    expect(issue).toMatchObject({ severity: "warning", cell: "D4", seq: 1 });
    expectMentions(issue, 4);
  });

  it("does not count spaces towards the minimum length", () => {
    const issue = one(check(sheet([row(1, { progress: "已 完 成 任 务 。" })])), "progress.too-short");
    expectMentions(issue, 6);
  });

  it("accepts progress of exactly 10 characters", () => {
    expect(check(sheet([row(1, { progress: "一二三四五六七八九十" })]))).toEqual([]);
  });

  it("warns about short progress exactly when its visible length is under 10", () => {
    const chars = [..."推进完成ab1 ，。１\u3000\u0301e\u00a0㈠", "\u{20000}"];
    const progress = fc
      .string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength: 24 })
      .filter((s) => s.trim() !== "");
    fc.assert(
      fc.property(progress, (text) => {
        const short = codePointLength(compactKey(text.trim())) < 10;
        expect(codes(check(sheet([row(1, { progress: text })]))).includes("progress.too-short")).toBe(short);
      }),
      { numRuns: 300 },
    );
  });

  it("skips every report check for a plan-only validation", () => {
    expect(check(sheet([row(1, { status: "", progress: "" })]), { plan: PLAN, planOnly: true })).toEqual([]);
  });
});

describe("cell addresses", () => {
  it("names cells in the sheet, not in the grid, for a grid read from a range starting at B3", () => {
    const issues = check(
      sheet([row(1, { status: "完成了", progress: "", units: "市发展改革局" })]),
      {},
      { row: 2, column: 1 },
    );
    expect(issues.map((i) => [i.code, i.cell, i.row, i.column])).toEqual([
      ["unit.unknown", "F6", 5, 5],
      ["status.unknown", "D6", 5, 3],
      ["progress.empty", "E6", 5, 4],
    ]);
  });

  it("names the header cell of a missing column in the sheet for a grid starting at B3", () => {
    const grid = sheet([row(1)], ["序号", "承担的重点工作", "完成状态", "工作进展情况"]);
    expect(one(check(grid, {}, { row: 2, column: 1 }), "header.column-missing").cell).toBe("F4");
  });
});

describe("messages", () => {
  // Every code with sample parameters: the compiler checks the list is complete.
  const SAMPLES: Record<IssueCode, Record<string, string | number>> = {
    "header.missing": {},
    "header.column-missing": { label: "牵头责任单位" },
    "header.order": {},
    "layout.task-outside-section": {},
    "seq.missing": {},
    "seq.invalid": { value: "十二" },
    "seq.duplicate": { seq: 7, first: "A9" },
    "seq.order": { seq: 7, previous: 8 },
    "seq.not-in-plan": { seq: 7 },
    "task.empty": {},
    "task.changed": { seq: 7 },
    "units.empty": {},
    "units.changed": { expected: "市商务局" },
    "unit.unknown": { unit: "市发展改革局", suggestion: "市发展改革委" },
    "unit.alias": { unit: "市发改委", canonical: "市发展改革委" },
    "unit.spacing": { unit: "市商务 局", canonical: "市商务局" },
    "row.other-unit": { seq: 7, unit: "市商务局" },
    "task.missing": { seq: 7 },
    "status.empty": { values: "已完成、未启动" },
    "status.unknown": { value: "完成了", suggestion: "已完成", values: "已完成、未启动" },
    "status.alias": { value: "完成", canonical: "已完成" },
    "progress.empty": { notStarted: "未启动" },
    "progress.too-long": { length: 4001, limit: 4000 },
    "progress.placeholder": { placeholder: "x%" },
    "progress.unchanged": {},
    "progress.too-short": { length: 4 },
  };

  it.each(Object.entries(SAMPLES) as [IssueCode, Record<string, string | number>][])(
    "has a Chinese and an English message for %s, each naming the values",
    (code, params) => {
      const m = message(code, params);
      expect(m.zh).toMatch(/\p{Script=Han}/u);
      expect(m.en).toMatch(/[a-z]{3}/u);
      expect(m.en).not.toBe(m.zh);
      for (const value of Object.values(params)) {
        expect(m.zh).toContain(String(value));
        expect(m.en).toContain(String(value));
      }
    },
  );

  it("gives an issue's message in the language asked for", () => {
    const issue = one(check(sheet([row(1, { status: "完成了" })])), "status.unknown");
    expect([issueText(issue, "zh"), issueText(issue, "en")]).toEqual([issue.message.zh, issue.message.en]);
  });
});

describe("summaries", () => {
  it("counts issues by severity", () => {
    const issues = check(
      sheet([row(1, { status: "完成" }), row(2, { status: "" }), row(3, { progress: "已完成。" })]),
    );
    expect(countBySeverity(issues)).toEqual({ error: 1, warning: 1, info: 1 });
  });

  it("tells whether any issue is an error", () => {
    expect([
      hasErrors(check(sheet([row(1, { status: "完成" })]))),
      hasErrors(check(sheet([row(1, { status: "" })]))),
    ]).toEqual([false, true]);
  });
});
