import { describe, expect, it } from "vitest";
import { COLUMNS, parse, parseSeq, render, type Plan, type SheetDocument } from "../../schema/index.ts";
import { fixtureDirectory } from "../support/fixtures.ts";

const directory = fixtureDirectory();
const TITLE = "2022上半年重点工作进展情况统计表";
const HEADER = [...COLUMNS];
const merged = (text: string) => [text, null, null, null, null];
const repeated = (text: string) => [text, text, text, text, text];
const task = (
  seq: unknown,
  units = "市商务局",
  status = "序时推进",
  progress = "已完成年度目标的一半以上。",
) => [seq, `第${String(seq)}项任务`, status, progress, units];

/** A small sheet in the official layout. */
function officialGrid(heading: (text: string) => unknown[] = merged): unknown[][] {
  return [
    heading(TITLE),
    HEADER,
    heading("一、努力完成全年主要预期目标"),
    task(1),
    task(2, "市政府办公室\n市发展改革委"),
    heading("二、加快建设科技成果转化聚集地"),
    heading("强化产业技术支撑。"),
    task(3),
    heading("提升企业创新能力。"),
    task(4, "市科技局\n市财政局"),
  ];
}

describe("parse: title and header", () => {
  it("reads the title from the row above the header", () => {
    expect(parse(officialGrid()).title).toEqual({ row: 0, text: TITLE });
  });

  it("finds the header row and the column of each field", () => {
    expect(parse(officialGrid()).header).toEqual({
      row: 1,
      columns: { seq: 0, task: 1, status: 2, progress: 3, units: 4 },
      inOrder: true,
    });
  });

  it("finds a header on the tenth row, below notes and blank rows", () => {
    const grid = [
      merged(TITLE),
      merged("填报单位:市商务局"),
      ...Array.from({ length: 7 }, () => []),
      HEADER,
      merged("一、目标"),
      task(1),
    ];
    const parsed = parse(grid);
    expect(parsed.header?.row).toBe(9);
    expect(parsed.rows.map((r) => r.seq)).toEqual([1]);
  });

  it("does not look for a header on the eleventh row or below", () => {
    const grid = [merged(TITLE), ...Array.from({ length: 9 }, () => []), HEADER, merged("一、目标"), task(1)];
    expect(parse(grid).header).toBeNull();
  });

  it("recognises header labels with stray spaces", () => {
    const grid = [
      ["序 号", " 承担的重点工作", "完成状态 ", "工作进展\u3000情况", "牵头责任\n单位"],
      merged("一、目标"),
      task(1),
    ];
    expect(parse(grid).header).toEqual({
      row: 0,
      columns: { seq: 0, task: 1, status: 2, progress: 3, units: 4 },
      inOrder: true,
    });
  });

  it("reads rows by the header's columns when they are out of order", () => {
    const grid = [
      ["序号", "承担的重点工作", "工作进展情况", "完成状态", "牵头责任单位"],
      merged("一、目标"),
      [1, "任务", "进展说明", "已完成", "市商务局"],
    ];
    const parsed = parse(grid);
    expect(parsed.header?.inOrder).toBe(false);
    expect(parsed.rows[0]).toMatchObject({ status: "已完成", progress: "进展说明" });
  });

  it("keeps a header with a missing column, the column marked null", () => {
    const grid = [["序号", "承担的重点工作", "完成状态", "工作进展情况"], merged("一、目标")];
    expect(parse(grid).header?.columns.units).toBeNull();
  });

  it("reads a task row at the top of a sheet without header as a task, not as the title", () => {
    const parsed = parse([task(1), merged("一、目标"), task(2)]);
    expect(parsed.title).toBeNull();
    expect(parsed.rows.map((r) => r.seq)).toEqual([1, 2]);
  });

  it("reads a one-text row at the top of a sheet without header as the title", () => {
    const parsed = parse([merged(TITLE), merged("一、目标"), task(1)]);
    expect(parsed.title).toEqual({ row: 0, text: TITLE });
    expect(parsed.document.sections).toHaveLength(1);
  });

  it("finds no title when the header is the first row", () => {
    expect(parse(officialGrid().slice(1)).title).toBeNull();
  });
});

describe("parse: sections and sub-headings", () => {
  it("splits a section heading into its numeral and title", () => {
    expect(parse(officialGrid()).document.sections.map((s) => [s.no, s.title])).toEqual([
      ["一", "努力完成全年主要预期目标"],
      ["二", "加快建设科技成果转化聚集地"],
    ]);
  });

  it("accepts other separators and spaces after the section numeral", () => {
    const grid = [HEADER, merged("十一 . 其他工作"), task(1)];
    expect(parse(grid).document.sections[0]).toMatchObject({ no: "十一", title: "其他工作" });
  });

  it("keeps a line break inside a section title", () => {
    const grid = [HEADER, merged("三、加快建设\n特色产业承接聚集地"), task(1)];
    expect(parse(grid).document.sections[0]).toMatchObject({
      no: "三",
      title: "加快建设\n特色产业承接聚集地",
    });
  });

  it("stores a sub-heading without its closing 。 under the section above", () => {
    expect(parse(officialGrid()).document.sections[1]!.subsections.map((s) => s.title)).toEqual([
      "强化产业技术支撑",
      "提升企业创新能力",
    ]);
  });

  it("puts tasks right under a section into an untitled subsection", () => {
    const first = parse(officialGrid()).document.sections[0]!;
    expect(first.subsections).toHaveLength(1);
    expect(first.subsections[0]!.title).toBeNull();
    expect(first.subsections[0]!.items.map((t) => t.seq)).toEqual([1, 2]);
  });

  it("lists every heading with its row", () => {
    expect(parse(officialGrid()).headings.map((h) => [h.kind, h.row])).toEqual([
      ["section", 2],
      ["section", 5],
      ["subheading", 6],
      ["subheading", 8],
    ]);
  });

  it("reads a heading repeated in every cell of its row the same as a merged one", () => {
    expect(parse(officialGrid(repeated)).document).toEqual(parse(officialGrid(merged)).document);
  });

  it("reads a heading that spans only part of the row as a heading", () => {
    const grid = [HEADER, ["一、目标", "一、目标", "一、目标", null, null], task(1)];
    expect(parse(grid).document.sections[0]!.title).toBe("目标");
  });

  it("keeps task rows met before any section under an unnamed section and lists them", () => {
    const grid = [HEADER, task(1), merged("一、目标"), task(2)];
    const parsed = parse(grid);
    expect(parsed.orphanRows).toEqual([1]);
    expect(parsed.document.sections.map((s) => [s.no, s.title])).toEqual([
      ["", ""],
      ["一", "目标"],
    ]);
  });
});

describe("parse: task rows", () => {
  it("reads each task's 序号, text, status, progress and units with its sheet row", () => {
    expect(parse(officialGrid(), { directory }).rows[1]).toMatchObject({
      row: 4,
      sectionIndex: 0,
      subsectionIndex: 0,
      seq: 2,
      seqText: "2",
      task: "第2项任务",
      status: "序时推进",
      progress: "已完成年度目标的一半以上。",
      unitsText: "市政府办公室\n市发展改革委",
    });
  });

  it("skips blank rows between tasks", () => {
    const grid = [HEADER, merged("一、目标"), task(1), [], [null, "", " ", null, "\u3000"], task(2)];
    expect(parse(grid).rows.map((r) => [r.row, r.seq])).toEqual([
      [2, 1],
      [5, 2],
    ]);
  });

  it("reads a row with only a 序号 as a task row, not as a heading", () => {
    const grid = [HEADER, merged("一、目标"), [7, null, null, null, null]];
    const parsed = parse(grid);
    expect(parsed.rows.map((r) => r.seq)).toEqual([7]);
    expect(parsed.headings).toHaveLength(1);
  });

  it("reads a row with one filled cell outside the first column as a task row", () => {
    const grid = [HEADER, merged("一、目标"), [null, "只有任务内容", null, null, null]];
    expect(parse(grid).rows[0]).toMatchObject({ seq: null, task: "只有任务内容" });
  });

  it("reads 序号 given as a number, numeric text and full-width digits alike", () => {
    const grid = [HEADER, merged("一、目标"), task(12), task("13"), task("１４"), task(" 15 ")];
    expect(parse(grid).rows.map((r) => r.seq)).toEqual([12, 13, 14, 15]);
  });

  it("resolves the units of each row against the directory", () => {
    const grid = [
      HEADER,
      merged("一、目标"),
      task(1, "市发改委、市自然资源和 规划局；市乡村振兴局（原扶贫局）"),
    ];
    expect(parse(grid, { directory }).document.sections[0]!.subsections[0]!.items[0]!.units).toEqual([
      "市发展改革委",
      "市自然资源和规划局",
      "市乡村振兴局(原扶贫局)",
    ]);
  });

  it("splits units at every separator when there is no directory", () => {
    const grid = [HEADER, merged("一、目标"), task(1, "市发改委、市商务局 市财政局")];
    expect(parse(grid).document.sections[0]!.subsections[0]!.items[0]!.units).toEqual([
      "市发改委",
      "市商务局",
      "市财政局",
    ]);
  });

  it("reads rich-text cells by their text", () => {
    const rich = { richText: [{ text: "推进" }, { text: "顺利。" }] };
    const grid = [HEADER, merged("一、目标"), [1, "任务", "已完成", rich, "市商务局"]];
    expect(parse(grid).rows[0]!.progress).toBe("推进顺利。");
  });

  it("stores a row whose 序号 is not a number with 序号 0 in the document", () => {
    const grid = [HEADER, merged("一、目标"), task("十二")];
    expect(parse(grid).document.sections[0]!.subsections[0]!.items[0]!.seq).toBe(0);
  });
});

describe("parse: origin", () => {
  it("numbers rows and columns from where the grid sits in the sheet", () => {
    const parsed = parse(officialGrid(), { origin: { row: 2, column: 1 } });
    expect(parsed.title?.row).toBe(2);
    expect(parsed.header).toMatchObject({
      row: 3,
      columns: { seq: 1, task: 2, status: 3, progress: 4, units: 5 },
    });
    expect(parsed.rows.map((r) => r.row)).toEqual([5, 6, 9, 11]);
  });

  it("gives the same document wherever the grid sits", () => {
    expect(parse(officialGrid(), { origin: { row: 2, column: 1 } }).document).toEqual(
      parse(officialGrid()).document,
    );
  });
});

describe("parseSeq", () => {
  it.each([
    [12, 12],
    ["12", 12],
    ["１２", 12],
    ["12.", 12],
    ["12、", 12],
    [" 12 ", 12],
  ])("reads %j as 序号 %d", (value, seq) => {
    expect(parseSeq(value)).toBe(seq);
  });

  it.each([[0], [-3], [1.5], ["12a"], ["十二"], [""], [null], ["1234567"]])("rejects %j", (value) => {
    expect(parseSeq(value)).toBeNull();
  });
});

const PLAN: Plan = {
  title: TITLE,
  sections: [
    {
      no: "一",
      title: "努力完成全年主要预期目标",
      subsections: [
        { title: null, items: [{ seq: 1, task: "全市生产总值增长x%。", units: ["市发展改革委"] }] },
      ],
    },
    {
      no: "二",
      title: "加快建设科技成果转化聚集地",
      subsections: [
        {
          title: "强化产业技术支撑",
          items: [{ seq: 2, task: "推进创新平台建设。", units: ["市科技局", "市财政局"] }],
        },
      ],
    },
  ],
};

describe("render", () => {
  it("lays out title, header, sections, sub-headings and tasks in the official order", () => {
    expect(render(PLAN).grid).toEqual([
      [TITLE, "", "", "", ""],
      HEADER,
      ["一、努力完成全年主要预期目标", "", "", "", ""],
      [1, "全市生产总值增长x%。", "", "", "市发展改革委"],
      ["二、加快建设科技成果转化聚集地", "", "", "", ""],
      ["强化产业技术支撑。", "", "", "", ""],
      [2, "推进创新平台建设。", "", "", "市科技局\n市财政局"],
    ]);
  });

  it("merges the title, section and sub-heading rows across the five columns", () => {
    expect(render(PLAN).merges).toEqual(
      [0, 2, 4, 5].map((row) => ({ row, column: 0, rowCount: 1, columnCount: 5 })),
    );
  });

  it("describes the kind and 序号 of every row", () => {
    const rendered = render(PLAN);
    expect(rendered.rowKinds).toEqual([
      "title",
      "header",
      "section",
      "task",
      "section",
      "subheading",
      "task",
    ]);
    expect(rendered.seqs).toEqual([null, null, null, 1, null, null, 2]);
  });

  it("fills status and progress from the reports", () => {
    const reports = new Map([[2, { status: "已完成", progress: "已建成x家省级平台。" }]]);
    expect(render(PLAN, reports).grid[6]!.slice(2, 4)).toEqual(["已完成", "已建成x家省级平台。"]);
  });

  it("leaves status and progress empty for a task without a report", () => {
    const reports = new Map([[2, { status: "已完成", progress: "已建成。" }]]);
    expect(render(PLAN, reports).grid[3]!.slice(2, 4)).toEqual(["", ""]);
  });

  it("takes status and progress from a sheet document's own rows", () => {
    const doc: SheetDocument = {
      title: TITLE,
      sections: [
        {
          no: "一",
          title: "目标",
          subsections: [
            {
              title: null,
              items: [{ seq: 1, task: "任务", units: ["市商务局"], status: "未启动", progress: "" }],
            },
          ],
        },
      ],
    };
    expect(render(doc).grid[3]).toEqual([1, "任务", "未启动", "", "市商务局"]);
  });

  it("marks only 完成状态 and 工作进展情况 as editable, with the drop-down on 完成状态", () => {
    const rendered = render(PLAN);
    expect(rendered.editableColumns).toEqual([2, 3]);
    expect(rendered.statusColumn).toBe(2);
  });

  it("gives a width for each of the five columns and a style for each row kind", () => {
    const rendered = render(PLAN);
    expect(rendered.columnWidths).toHaveLength(5);
    expect(Object.keys(rendered.rowStyles).sort()).toEqual([
      "header",
      "section",
      "subheading",
      "task",
      "title",
    ]);
  });
});
