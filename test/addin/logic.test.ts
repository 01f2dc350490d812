// The task pane's pure logic: language, strings, issue list, preview, conflict choices, metadata updates,
// sheet layout and names, the metadata book and the rectangle helpers.
import { describe, expect, test } from "vitest";
import { ApiError, NetworkError } from "../../client/errors.ts";
import type { TasksAnswer } from "../../schema/api.ts";
import {
  decodeBook,
  encodeRecord,
  findRecord,
  slotFor,
  type SheetRecord,
} from "../../schema/metadata-book.ts";
import { highlightsFor, locateMark, planHighlights, HIGHLIGHT_COLOURS } from "../../addin/excel/highlight.ts";
import { charsToPoints, chunkRows, groupCells, rectangular, runsOf } from "../../addin/excel/rects.ts";
import { summaryLayout } from "../../addin/excel/charts.ts";
import { detectCapabilities } from "../../addin/excel/capabilities.ts";
import { NotInExcelError } from "../../addin/taskpane/actions/env.ts";
import { allKeys, pickLang, t, template } from "../../addin/taskpane/i18n.ts";
import { checkGrid, issueList } from "../../addin/taskpane/logic/check.ts";
import { coverageItems, describeError, periodLabel, whoText } from "../../addin/taskpane/logic/describe.ts";
import { mergedFills, STATUS_FILLS, INCOMPLETE_FILL } from "../../addin/taskpane/logic/merged-sheet.ts";
import {
  documentOf,
  mySheetLayout,
  periodCache,
  pulledMetadata,
  splitSection,
} from "../../addin/taskpane/logic/my-sheet.ts";
import { cleanSheetName, mySheetName, uniqueSheetName } from "../../addin/taskpane/logic/sheet-names.ts";
import { afterTakeTheirs, clip, previewItems } from "../../addin/taskpane/logic/submit.ts";
import { afterSubmit } from "../../schema/metadata.ts";
import { browserStore, keys, loadSession, memoryStore, saveSession } from "../../addin/taskpane/storage.ts";
import { parse } from "../../schema/layout.ts";
import { mergedRendered, summaryGrid, type MergedView } from "../../schema/merged-layout.ts";
import { changedRows, contentHash, type SheetMetadata } from "../../schema/metadata.ts";
import { DEFAULT_VOCABULARY } from "../../schema/statuses.ts";
import { fixtureUnits } from "../support/fixtures.ts";

const UNITS = fixtureUnits();

function tasksAnswer(rows: Partial<TasksAnswer["rows"][number]>[]): TasksAnswer {
  return {
    period: { id: "2022-H1", title: "2022上半年重点工作进展情况统计表", locked: false, dueAt: null },
    vocabulary: DEFAULT_VOCABULARY,
    rows: rows.map((r, i) => ({
      seq: i + 1,
      task: `任务${i + 1}的内容`,
      units: ["市科技局"],
      unit: "市科技局",
      section: "一、努力完成全年主要预期目标",
      subheading: null,
      status: "",
      progress: "",
      version: 0,
      updatedBy: null,
      updatedAt: null,
      previousProgress: null,
      returns: [],
      ...r,
    })),
  };
}

describe("language", () => {
  test("a Chinese display language picks Chinese", () => {
    expect(pickLang("zh-CN")).toBe("zh");
    expect(pickLang("zh-TW")).toBe("zh");
    expect(pickLang("ZH-hk")).toBe("zh");
  });

  test("any other display language picks English", () => {
    expect(pickLang("en-US")).toBe("en");
    expect(pickLang("de-DE")).toBe("en");
    expect(pickLang("zu-ZA")).toBe("en");
  });

  test("an unknown display language falls back to Chinese", () => {
    expect(pickLang(undefined)).toBe("zh");
    expect(pickLang("")).toBe("zh");
  });

  test("every string exists in both languages with the same placeholders", () => {
    for (const key of allKeys()) {
      const zh = template(key, "zh");
      const en = template(key, "en");
      expect(zh, key).not.toBe("");
      expect(en, key).not.toBe("");
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/gu)].map((m) => m[1]).sort();
      expect(names(zh), key).toEqual(names(en));
    }
  });

  test("placeholders are filled in and unknown ones left as they are", () => {
    expect(t("zh", "pulled", { count: 3, sheet: "2022-H1 市科技局" })).toBe(
      "已将 3 项任务写入工作表“2022-H1 市科技局”",
    );
    expect(t("en", "pulled", { count: 3 })).toContain("{sheet}");
  });
});

describe("issue list", () => {
  const grid = [
    ["2022上半年重点工作进展情况统计表"],
    ["序号", "承担的重点工作", "完成状态", "工作进展情况", "牵头责任单位"],
    ["一、努力完成全年主要预期目标"],
    [1, "任务一", "差不多", "已完成年度目标的一半,进展顺利。", "市科技局"],
    [2, "任务二", "序时推进", "", "市科技局"],
    [3, "任务三", "完成", "完成了x%的目标任务,正在推进。", "市发改委"],
  ];
  const result = checkGrid(
    grid,
    { row: 0, column: 0 },
    { units: UNITS, metadata: null, cache: null, unit: null },
  );

  test("errors come first, then warnings, then notes, each in sheet order", () => {
    const view = issueList(result.issues, "zh");
    const severities = view.items.map((i) => i.severity);
    expect(severities).toEqual(
      [...severities].sort(
        (a, b) => ["error", "warning", "info"].indexOf(a) - ["error", "warning", "info"].indexOf(b),
      ),
    );
    expect(view.items[0]!.cell).toBe("C4");
    expect(view.items[1]!.cell).toBe("D5");
  });

  test("counts by severity match the items", () => {
    const view = issueList(result.issues, "zh");
    expect(view.counts.error).toBe(view.items.filter((i) => i.severity === "error").length);
    expect(view.counts.warning).toBeGreaterThan(0);
    expect(view.counts.info).toBeGreaterThan(0);
  });

  test("the list speaks the pane's language", () => {
    expect(issueList(result.issues, "en").items[0]!.text).toMatch(/[A-Za-z]/u);
    expect(issueList(result.issues, "zh").items[0]!.text).toMatch(/[\u4e00-\u9fff]/u);
  });

  test("a reporter's sheet with another unit's row is an error", () => {
    const own = checkGrid(
      grid,
      { row: 0, column: 0 },
      { units: UNITS, metadata: null, cache: null, unit: "市科技局" },
    );
    expect(own.issues.some((i) => i.code === "row.other-unit" && i.seq === 3)).toBe(true);
  });

  test("without a cached directory, the sheet's own unit names are not reported as unknown", () => {
    const offline = checkGrid(
      grid,
      { row: 0, column: 0 },
      { units: null, metadata: null, cache: periodCache(tasksAnswer([{}, {}])), unit: "市科技局" },
    );
    expect(offline.issues.filter((i) => i.code === "unit.unknown" && i.seq !== 3)).toEqual([]);
  });
});

describe("highlights", () => {
  const grid = [
    ["序号", "承担的重点工作", "完成状态", "工作进展情况", "牵头责任单位"],
    ["一、板块"],
    [1, "任务一", "差不多", "进展顺利,已完成年度目标的一半。", "市科技局"],
    [2, "任务二", "序时推进", "", "市科技局"],
  ];
  const { parsed, issues } = checkGrid(
    grid,
    { row: 0, column: 0 },
    { units: UNITS, metadata: null, cache: null, unit: null },
  );

  test("errors and warnings of task rows are filled; notes are not", () => {
    const cells = highlightsFor(issues, parsed);
    expect(cells.map((c) => [c.row, c.column, c.colour])).toEqual([
      [2, 2, HIGHLIGHT_COLOURS.error],
      [3, 3, HIGHLIGHT_COLOURS.error],
    ]);
    expect(cells.map((c) => c.key)).toEqual(["s:1:status", "s:2:progress"]);
  });

  test("a mark follows its row by 序号 after the rows are sorted", () => {
    const sorted = parse([grid[0]!, grid[1]!, grid[3]!, grid[2]!]);
    expect(locateMark({ key: "s:1:status", colour: "" }, sorted)).toEqual({ row: 3, column: 2 });
  });

  test("only our old marks that are no longer needed are cleared", () => {
    const plan = planHighlights(
      [
        { key: "s:1:status", colour: HIGHLIGHT_COLOURS.error },
        { key: "s:2:task", colour: HIGHLIGHT_COLOURS.warning },
        { key: "s:99:status", colour: HIGHLIGHT_COLOURS.error },
      ],
      highlightsFor(issues, parsed),
      parsed,
    );
    expect(plan.clear).toEqual([{ row: 3, column: 1 }]);
    expect(plan.fill).toHaveLength(2);
  });
});

describe("preview and conflicts", () => {
  const meta: SheetMetadata = {
    kind: "my-tasks",
    period: "2022-H1",
    unit: "市科技局",
    server: "http://127.0.0.1",
    pulledAt: "2022-06-30T00:00:00Z",
    rows: [
      { seq: 1, version: 2, hash: contentHash("序时推进", "旧的进展") },
      { seq: 2, version: 0, hash: contentHash("", "") },
      { seq: 3, version: 5, hash: contentHash("已完成", "已完成") },
    ],
  };
  const rows = [
    { seq: 3, status: "已完成", progress: "已完成" },
    { seq: 1, status: "序时推进", progress: "新的进展" },
    { seq: 2, status: "未启动", progress: "" },
  ];

  test("the preview lists the changed rows with their task and whether they are new", () => {
    const parsedRows = parse([
      ["序号", "承担的重点工作", "完成状态", "工作进展情况", "牵头责任单位"],
      [1, "任务一", "序时推进", "新的进展", "市科技局"],
      [2, "任务二", "未启动", "", "市科技局"],
    ]).rows;
    const items = previewItems(changedRows(rows, meta), parsedRows);
    expect(items.map((i) => [i.seq, i.task, i.isNew, i.baseVersion])).toEqual([
      [1, "任务一", false, 2],
      [2, "任务二", true, 0],
    ]);
  });

  test("after a submission the sent rows carry their new versions and are no longer changed", () => {
    const pending = changedRows(rows, meta);
    const next = afterSubmit(meta, pending, {
      rows: [
        { seq: 1, version: 3, changed: true },
        { seq: 2, version: 1, changed: true },
      ],
    });
    expect(next.rows.map((r) => [r.seq, r.version])).toEqual([
      [1, 3],
      [2, 1],
      [3, 5],
    ]);
    expect(changedRows(rows, next)).toEqual([]);
  });

  test("after taking theirs the sheet's row matches the metadata", () => {
    const next = afterTakeTheirs(meta, [
      {
        seq: 1,
        mine: { status: "", progress: "", baseVersion: 2 },
        theirs: { status: "已完成", progress: "他们的", version: 4, updatedBy: "b", updatedAt: null },
      },
    ]);
    expect(changedRows([{ seq: 1, status: "已完成", progress: "他们的" }], next)).toEqual([]);
    expect(next.rows.find((r) => r.seq === 1)!.version).toBe(4);
  });

  test("long texts are clipped to one line", () => {
    expect(clip("第一行\n第二行", 10)).toBe("第一行 第二行");
    expect(clip("一二三四五六", 3)).toBe("一二三…");
  });
});

describe("my tasks sheet", () => {
  const answer = tasksAnswer([
    { section: "一、努力完成全年主要预期目标", subheading: null, previousProgress: "上期一" },
    {
      section: "一、努力完成全年主要预期目标",
      subheading: "强化产业技术支撑",
      status: "序时推进",
      progress: "本期二",
    },
    { section: "二、加快建设现代产业体系", subheading: null },
  ]);

  test("rows are grouped back into sections and sub-headings in order", () => {
    const doc = documentOf("标题", answer.rows);
    expect(
      doc.sections.map((s) => [
        s.no,
        s.title,
        s.subsections.map((ss) => [ss.title, ss.items.map((i) => i.seq)]),
      ]),
    ).toEqual([
      [
        "一",
        "努力完成全年主要预期目标",
        [
          [null, [1]],
          ["强化产业技术支撑", [2]],
        ],
      ],
      ["二", "加快建设现代产业体系", [[null, [3]]]],
    ]);
    expect(splitSection("无编号")).toEqual(["", "无编号"]);
  });

  test("last period's text goes into a reference column F, outside the official five", () => {
    const layout = mySheetLayout(answer, "市科技局", "上期进展(参考)");
    expect(layout.referenceColumn).toBe(5);
    expect(layout.grid[1]).toEqual([
      "序号",
      "承担的重点工作",
      "完成状态",
      "工作进展情况",
      "牵头责任单位",
      "上期进展(参考)",
    ]);
    const row1 = layout.grid.find((r) => r[0] === 1)!;
    expect(row1[3]).toBe("");
    expect(row1[5]).toBe("上期一");
    // The sheet still parses as the official layout, with the reference column ignored.
    const parsed = parse(layout.grid);
    expect(parsed.rows.map((r) => [r.seq, r.status, r.progress])).toEqual([
      [1, "", ""],
      [2, "序时推进", "本期二"],
      [3, "", ""],
    ]);
  });

  test("without any last-period text the sheet has the official five columns only", () => {
    const layout = mySheetLayout(tasksAnswer([{}]), "市科技局", "x");
    expect(layout.referenceColumn).toBeNull();
    expect(layout.grid[1]).toHaveLength(5);
  });

  test("the pulled metadata hashes what was written and never holds a token", () => {
    const meta = pulledMetadata(
      answer,
      "市科技局",
      "https://keywork.example",
      new Date("2022-06-30T00:00:00Z"),
    );
    expect(meta.rows[1]).toEqual({ seq: 2, version: 0, hash: contentHash("序时推进", "本期二") });
    expect(JSON.stringify(meta)).not.toMatch(/token|kw_|Bearer/iu);
  });

  test("sheet names are cleaned, shortened to 31 characters and made unique", () => {
    expect(cleanSheetName("a/b:c*d?")).toBe("a b c d");
    expect(mySheetName("2022-H1", "市自然资源和规划局")).toBe("2022-H1 市自然资源和规划局");
    expect(uniqueSheetName("2022-H1 市科技局", ["2022-h1 市科技局"])).toBe("2022-H1 市科技局 (2)");
    expect(uniqueSheetName("x".repeat(40), []).length).toBe(31);
    expect(uniqueSheetName("x".repeat(40), ["x".repeat(31)])).toMatch(/ \(2\)$/u);
  });
});

describe("merged sheet", () => {
  const answer: MergedView = {
    period: { id: "2022-H1", title: "2022上半年" },
    vocabulary: DEFAULT_VOCABULARY,
    sections: [
      {
        no: "一",
        title: "板块",
        subsections: [
          {
            title: null,
            tasks: [
              {
                seq: 1,
                task: "t1",
                units: ["A"],
                combinedStatus: "已完成",
                complete: true,
                reports: [
                  {
                    unit: "A",
                    missing: false,
                    status: "已完成",
                    progress: "p",
                    version: 1,
                    updatedBy: "a",
                    updatedAt: "",
                  },
                ],
              },
              {
                seq: 2,
                task: "t2",
                units: ["A", "B"],
                combinedStatus: "序时推进",
                complete: false,
                reports: [
                  {
                    unit: "A",
                    missing: false,
                    status: "序时推进",
                    progress: "p",
                    version: 1,
                    updatedBy: "a",
                    updatedAt: "",
                  },
                  { unit: "B", missing: true },
                ],
              },
              {
                seq: 3,
                task: "t3",
                units: ["B"],
                combinedStatus: null,
                complete: false,
                reports: [{ unit: "B", missing: true }],
              },
            ],
          },
        ],
      },
    ],
    summary: {
      bySection: [{ section: "一、板块", counts: { 已完成: 1, 序时推进: 1, 未报送: 1 } }],
      byUnit: [
        { unit: "A", assigned: 2, reported: 2 },
        { unit: "B", assigned: 2, reported: 0 },
      ],
    },
  };

  test("combined statuses are coloured and tasks with missing units are marked", () => {
    const rendered = mergedRendered(answer);
    const fills = mergedFills(answer, rendered);
    const row = (seq: number) => rendered.seqs.indexOf(seq);
    expect(fills).toContainEqual({ row: row(1), column: 2, colour: STATUS_FILLS["已完成"] });
    expect(fills).toContainEqual({ row: row(3), column: 2, colour: STATUS_FILLS["未报送"] });
    expect(fills).toContainEqual({ row: row(2), column: 3, colour: INCOMPLETE_FILL });
    expect(fills.some((f) => f.row === row(1) && f.column === 3)).toBe(false);
    expect(rendered.grid[row(2)]![3]).toBe("【A】p\n【B】未报送");
  });

  test("the summary layout finds both tables for the charts", () => {
    const layout = summaryLayout(rectangular(summaryGrid(answer)));
    expect(layout).toMatchObject({ sectionHeader: 2, sections: 1, statusCount: 5, unitHeader: 5, units: 2 });
  });
});

describe("metadata book", () => {
  const meta: SheetMetadata = {
    kind: "my-tasks",
    period: "2022-H1",
    unit: "市科技局",
    server: "http://x",
    pulledAt: "t",
    rows: [{ seq: 7, version: 3, hash: "00012e45" }],
  };
  const record: SheetRecord = {
    sheetId: "{A}",
    sheetName: "2022-H1 市科技局",
    metadata: meta,
    highlights: [{ key: "s:7:progress", colour: "#FFC7CE" }],
  };

  test("a record round-trips through its block of cells", () => {
    const cells = encodeRecord(record);
    expect(cells.every((r) => r.length === 6)).toBe(true);
    const book = decodeBook(cells, true);
    expect(book.blocks).toEqual([record]);
  });

  test("blocks sit side by side and are found by sheet id, else by name of a vanished sheet", () => {
    const other: SheetRecord = {
      ...record,
      sheetId: "{B}",
      sheetName: "汇总",
      metadata: null,
      highlights: [],
    };
    const grid = rectangular(
      [
        ...encodeRecord(record).map((r, i) => [
          ...r,
          ...(encodeRecord(other)[i] ?? ["", "", "", "", "", ""]),
        ]),
      ],
      12,
    );
    const book = decodeBook(grid, true);
    expect(findRecord(book, { id: "{B}", name: "x" })?.index).toBe(1);
    expect(findRecord(book, { id: "{C}", name: "2022-H1 市科技局" }, new Set(["{B}", "{C}"]))?.index).toBe(0);
    expect(
      findRecord(book, { id: "{C}", name: "2022-H1 市科技局" }, new Set(["{A}", "{B}", "{C}"])),
    ).toBeNull();
  });

  test("a new record takes the slot of a sheet that no longer exists", () => {
    const book = decodeBook(encodeRecord(record), true);
    expect(slotFor(book, { sheetId: "{N}", sheetName: "n" }, new Set(["{N}"]))).toBe(0);
    expect(slotFor(book, { sheetId: "{N}", sheetName: "n" }, new Set(["{A}", "{N}"]))).toBe(1);
  });

  test("damaged metadata is reported, not guessed", () => {
    const cells = encodeRecord(record);
    cells[3]![1] = "";
    const book = decodeBook(cells, true);
    expect(book.blocks[0]!.metadata).toBeNull();
    expect(book.blocks[0]!.damaged).toMatch(/period/u);
  });
});

describe("rectangles", () => {
  test("runs of task rows between headings", () => {
    expect(runsOf(["title", "header", "section", "task", "task", "subheading", "task"], "task")).toEqual([
      { row: 3, count: 2 },
      { row: 6, count: 1 },
    ]);
  });

  test("cells of one colour in one column merge into vertical runs", () => {
    const rects = groupCells([
      { row: 5, column: 2, colour: "r" },
      { row: 3, column: 2, colour: "r" },
      { row: 4, column: 2, colour: "r" },
      { row: 6, column: 2, colour: "y" },
      { row: 3, column: 3, colour: "r" },
      { row: 3, column: 3, colour: "r" },
    ]);
    expect(rects).toEqual([
      { row: 3, column: 2, rowCount: 3, columnCount: 1, colour: "r" },
      { row: 6, column: 2, rowCount: 1, columnCount: 1, colour: "y" },
      { row: 3, column: 3, rowCount: 1, columnCount: 1, colour: "r" },
    ]);
  });

  test("a grid is split only when its payload would exceed the budget", () => {
    const rows = Array.from({ length: 100 }, (_, i) => [i, "进展".repeat(100)]);
    expect(chunkRows(rows)).toEqual([{ start: 0, end: 100 }]);
    const chunks = chunkRows(rows, 10_000);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks[0]!.start).toBe(0);
    expect(chunks[chunks.length - 1]!.end).toBe(100);
    chunks.slice(1).forEach((c, i) => expect(c.start).toBe(chunks[i]!.end));
  });

  test("column widths in characters become points", () => {
    expect(charsToPoints(10)).toBe(56.25);
  });
});

describe("messages", () => {
  test("a network failure says the server could not be reached", () => {
    expect(describeError(new NetworkError("offline"), "zh")).toEqual({
      kind: "error",
      text: t("zh", "networkFailedShort"),
    });
  });

  test("a refusal quotes the server's detail in the pane's language", () => {
    const error = new ApiError(403, "other-unit", { zh: "只能报送本单位", en: "your unit only" });
    expect(describeError(error, "en").text).toContain("your unit only");
    expect(describeError(error, "zh").text).toContain("只能报送本单位");
  });

  test("outside Excel the pane says to open it in Excel", () => {
    expect(describeError(new NotInExcelError(), "zh").text).toBe(t("zh", "notInExcel"));
  });

  test("who, period and coverage labels", () => {
    expect(whoText({ username: "kjj", name: "刘填报", unit: "市科技局", role: "reporter" }, "zh")).toBe(
      "刘填报(市科技局) · 填报",
    );
    expect(periodLabel({ id: "2021-H2", title: "2021下半年", dueAt: null, locked: true }, "zh")).toBe(
      "2021-H2 2021下半年(已锁定)",
    );
    const items = coverageItems(
      {
        period: { id: "p", title: "", dueAt: null, locked: false },
        units: [
          { unit: "甲", assigned: 2, reported: 2, missingSeqs: [], lastAt: null },
          { unit: "乙", assigned: 2, reported: 1, missingSeqs: [4], lastAt: null },
        ],
        missing: ["乙"],
        reminder: { zh: "", en: "" },
      },
      "zh",
    );
    expect(items.map((i) => [i.unit, i.complete, i.missing])).toEqual([
      ["乙", false, "尚缺 4"],
      ["甲", true, ""],
    ]);
  });
});

describe("capabilities", () => {
  const office = (version: string) => ({
    context: {
      requirements: {
        isSetSupported: (name: string, v?: string) => name === "ExcelApi" && Number(v) <= Number(version),
      },
    },
  });

  test("the status drop-down is used where ExcelApi 1.8 is supported", () => {
    expect(detectCapabilities(office("1.9"))).toEqual({ dataValidation: true });
  });

  test("on ExcelApi 1.7 the drop-down is left out", () => {
    expect(detectCapabilities(office("1.7"))).toEqual({ dataValidation: false });
  });

  test("outside Office nothing above the floor is assumed", () => {
    expect(detectCapabilities(undefined)).toEqual({ dataValidation: false });
  });
});

describe("storage", () => {
  test("the session is kept per server URL and dropped once expired", () => {
    const store = memoryStore();
    const session = {
      token: "kw_session_x",
      expiresAt: "2030-01-01T00:00:00Z",
      user: { username: "u", name: "n", unit: null, role: "viewer" as const },
    };
    saveSession(store, "https://a.example", session);
    expect(loadSession(store, "https://a.example", new Date("2029-01-01"))).toEqual(session);
    expect(loadSession(store, "https://b.example", new Date("2029-01-01"))).toBeNull();
    expect(loadSession(store, "https://a.example", new Date("2031-01-01"))).toBeNull();
    expect(store.getItem(keys.session("https://a.example"))).toBeNull();
  });

  test("without localStorage the pane keeps its state in memory", () => {
    const store = browserStore();
    store.setItem("k", "v");
    expect(store.getItem("k")).toBe("v");
  });
});
