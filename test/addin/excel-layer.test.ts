// addin/excel/ against the Excel stand-in (test/excel-host): Excel's rules on loading, shapes,
// protection and hidden sheets, and what each module leaves in the workbook.
import { beforeEach, describe, expect, test } from "vitest";
import { summaryLayout, queueSummaryCharts } from "../../addin/excel/charts.ts";
import { loadActiveSheet, readSheet } from "../../addin/excel/grid.ts";
import {
  HIGHLIGHT_COLOURS,
  highlightsFor,
  planHighlights,
  queueHighlights,
} from "../../addin/excel/highlight.ts";
import {
  loadMetadata,
  queueWriteMetadataOnly,
  queueWriteRecords,
  readMetadata,
} from "../../addin/excel/metadata.ts";
import { PROTECTION_OPTIONS, queueLockTaskColumns } from "../../addin/excel/protection.ts";
import { rectangular, runsOf } from "../../addin/excel/rects.ts";
import { queueSelectCell } from "../../addin/excel/select.ts";
import { queueStatusDropDown } from "../../addin/excel/validation-list.ts";
import { writeLayout, type SheetLayout } from "../../addin/excel/write.ts";
import { checkGrid } from "../../addin/taskpane/logic/check.ts";
import { parse, render } from "../../schema/layout.ts";
import { METADATA_SHEET, changedRows, contentHash, type SheetMetadata } from "../../schema/metadata.ts";
import { DEFAULT_VOCABULARY } from "../../schema/statuses.ts";
import type { ExcelHost } from "../excel-host/host.ts";
import { cellFormat, emptySheet, workbookSnapshot } from "../excel-host/snapshot.ts";
import { fixtureDocument, fixtureUnits } from "../support/fixtures.ts";
import { install } from "./support.ts";

const layout: SheetLayout = render(fixtureDocument());
let host: ExcelHost;

beforeEach(() => {
  host = install(workbookSnapshot([emptySheet("Sheet1")]));
});

async function writeFixture(name = "Sheet1"): Promise<void> {
  await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(name);
    await writeLayout(context, sheet, layout);
    await context.sync();
  });
}

function sheet(name: string) {
  const found = host.snapshot().sheets.find((s) => s.name === name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
}

describe("reading", () => {
  test("reading the grid before the sync throws PropertyNotLoaded", async () => {
    await Excel.run(async (context) => {
      const loaded = loadActiveSheet(context);
      let thrown: unknown = null;
      try {
        readSheet(loaded);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: "PropertyNotLoaded" });
      await context.sync();
      expect(readSheet(loaded).grid).toEqual([]);
    });
  });

  test("the grid comes with its origin, so addresses name real cells", async () => {
    host = install(
      workbookSnapshot([emptySheet("Sheet1", { cells: [[], [null, null, "序号", "承担的重点工作"]] })]),
    );
    const active = await Excel.run(async (context) => {
      const loaded = loadActiveSheet(context);
      await context.sync();
      return readSheet(loaded);
    });
    expect(active.origin).toEqual({ row: 1, column: 2 });
    expect(active.grid).toEqual([["序号", "承担的重点工作"]]);
    expect(active.name).toBe("Sheet1");
  });
});

describe("writing", () => {
  test("a grid whose rows are not all the same width fails at sync", async () => {
    const ragged: SheetLayout = {
      ...layout,
      grid: [["a", "b"], ["c"]],
      rowKinds: ["task", "task"],
      seqs: [null, null],
      merges: [],
    };
    await expect(
      Excel.run(async (context) => {
        await writeLayout(context, context.workbook.worksheets.getItem("Sheet1"), ragged);
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/InvalidArgument|GeneralException/u) });
  });

  test("the official layout is written with its values, merges, styles and widths in one sync", async () => {
    host.resetSyncCount();
    await writeFixture();
    expect(host.syncCount()).toBe(1);
    const s = sheet("Sheet1");
    expect(s.cells.length).toBe(layout.grid.length);
    expect(parse(s.cells).document.sections.map((x) => x.title)).toEqual(
      fixtureDocument().sections.map((x) => x.title),
    );
    expect(s.merges).toContain(`A1:E1`);
    expect(s.merges.length).toBe(layout.merges.length);
    expect(cellFormat(s, "A2").font.bold).toBe(true);
    expect(cellFormat(s, "A2").fill).toBe("#D9E1F2");
    expect(cellFormat(s, "D4").wrap).toBe(true);
    expect(cellFormat(s, "D4").numberFormat).toBe("@");
    expect(s.columnWidths[3]).toBeGreaterThan(s.columnWidths[0]!);
  });

  test("text that looks like a number, a date or a formula stays text", async () => {
    const tricky = render({
      title: "t",
      sections: [
        {
          no: "一",
          title: "s",
          subsections: [
            {
              title: null,
              items: [{ seq: 1, task: "=1+1", units: ["市科技局"], status: "100%", progress: "2022-07-01" }],
            },
          ],
        },
      ],
    });
    await Excel.run(async (context) => {
      await writeLayout(context, context.workbook.worksheets.getItem("Sheet1"), tricky);
      await context.sync();
    });
    expect(sheet("Sheet1").cells[3]).toEqual([1, "=1+1", "100%", "2022-07-01", "市科技局"]);
  });
});

describe("highlights", () => {
  test("highlight then clear leaves the user's own colours", async () => {
    await writeFixture();
    // The user colours two cells of their own, one of them a cell we will highlight later.
    await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("Sheet1");
      ws.getRange("B5").format.fill.color = "#00B050";
      ws.getRange("E6").format.fill.color = "#7030A0";
      ws.getRange("C4").values = [["差不多"]];
      await context.sync();
    });
    const units = fixtureUnits();
    const check = async () =>
      Excel.run(async (context) => {
        const loaded = loadActiveSheet(context);
        await context.sync();
        const active = readSheet(loaded);
        return checkGrid(active.grid, active.origin, { units, metadata: null, cache: null, unit: null });
      });
    const first = await check();
    const cells = highlightsFor(first.issues, first.parsed);
    expect(cells.some((c) => c.row === 3 && c.column === 2)).toBe(true);
    await Excel.run(async (context) => {
      queueHighlights(context.workbook.worksheets.getItem("Sheet1"), planHighlights([], cells, first.parsed));
      await context.sync();
    });
    expect(cellFormat(sheet("Sheet1"), "C4").fill).toBe(HIGHLIGHT_COLOURS.error);

    // Fixed: the next validation clears our marks only.
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("C4").values = [["序时推进"]];
      await context.sync();
    });
    const second = await check();
    const plan = planHighlights(
      cells.map((c) => ({ key: c.key, colour: c.colour })),
      highlightsFor(second.issues, second.parsed),
      second.parsed,
    );
    await Excel.run(async (context) => {
      queueHighlights(context.workbook.worksheets.getItem("Sheet1"), plan);
      await context.sync();
    });
    const s = sheet("Sheet1");
    expect(cellFormat(s, "C4").fill).toBeNull();
    expect(cellFormat(s, "B5").fill).toBe("#00B050");
    expect(cellFormat(s, "E6").fill).toBe("#7030A0");
    expect(cellFormat(s, "A2").fill).toBe("#D9E1F2");
  });
});

describe("drop-down and protection", () => {
  test("the status column gets a list of the vocabulary on task rows", async () => {
    await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("Sheet1");
      await writeLayout(context, ws, layout);
      queueStatusDropDown(
        ws,
        runsOf(layout.rowKinds, "task"),
        2,
        DEFAULT_VOCABULARY.values,
        { title: "完成状态", message: "请选择" },
        true,
      );
      await context.sync();
    });
    const validations = sheet("Sheet1").validations;
    expect(validations.length).toBe(runsOf(layout.rowKinds, "task").length);
    expect(validations[0]!.list).toEqual(DEFAULT_VOCABULARY.values);
    expect(validations.every((v) => v.range.startsWith("C"))).toBe(true);
  });

  test("without ExcelApi 1.8 the sheet simply has no drop-down", async () => {
    const added = await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("Sheet1");
      const done = queueStatusDropDown(
        ws,
        [{ row: 3, count: 2 }],
        2,
        DEFAULT_VOCABULARY.values,
        { title: "", message: "" },
        false,
      );
      await context.sync();
      return done;
    });
    expect(added).toBe(false);
    expect(sheet("Sheet1").validations).toEqual([]);
  });

  test("only 完成状态 and 工作进展情况 of task rows stay editable, and there is no password", async () => {
    await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("Sheet1");
      await writeLayout(context, ws, layout);
      queueLockTaskColumns(
        ws,
        { rows: layout.grid.length, columns: 5 },
        runsOf(layout.rowKinds, "task"),
        layout.editableColumns,
      );
      await context.sync();
    });
    const s = sheet("Sheet1");
    expect(s.protected).toBe(true);
    expect(s.protectionPassword).toBeUndefined();
    expect(s.protectionOptions?.allowFormatCells).toBe(PROTECTION_OPTIONS.allowFormatCells);
    const firstTask = layout.rowKinds.indexOf("task") + 1;
    expect(cellFormat(s, `C${firstTask}`).locked).toBe(false);
    expect(cellFormat(s, `D${firstTask}`).locked).toBe(false);
    expect(cellFormat(s, `B${firstTask}`).locked).toBe(true);
    expect(cellFormat(s, "C2").locked).toBe(true);
    // Excel's rule holds: the task text cannot be overwritten, the status can.
    await expect(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange(`B${firstTask}`).values = [["改了任务"]];
        await context.sync();
      }),
    ).rejects.toBeTruthy();
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange(`C${firstTask}`).values = [["已完成"]];
      await context.sync();
    });
  });
});

describe("metadata sheet", () => {
  const meta: SheetMetadata = {
    kind: "my-tasks",
    period: "2022-H1",
    unit: "市科技局",
    server: "https://keywork.example",
    pulledAt: "2022-06-30T00:00:00Z",
    rows: [
      { seq: 9, version: 0, hash: contentHash("", "") },
      { seq: 14, version: 2, hash: "00012e45" },
    ],
  };

  async function writeRecord() {
    return Excel.run(async (context) => {
      const loaded = loadMetadata(context);
      const active = context.workbook.worksheets.getActiveWorksheet();
      active.load("id,name");
      await context.sync();
      const { book, sheets } = readMetadata(loaded);
      queueWriteRecords(
        context,
        book,
        [{ sheetId: active.id, sheetName: active.name, metadata: meta, highlights: [] }],
        new Set(sheets.map((s) => s.id)),
      );
      await context.sync();
    });
  }

  async function readBack() {
    return Excel.run(async (context) => {
      const loaded = loadMetadata(context);
      await context.sync();
      return readMetadata(loaded);
    });
  }

  test("the metadata sheet is very hidden and holds no token", async () => {
    await writeRecord();
    const s = sheet(METADATA_SHEET);
    expect(s.visibility).toBe("VeryHidden");
    const text = JSON.stringify(s.cells);
    expect(text).toContain("2022-H1");
    expect(text).not.toMatch(/kw_|token|Bearer|password/iu);
  });

  test("what is written reads back the same, hashes that look like numbers included", async () => {
    await writeRecord();
    const { book } = await readBack();
    expect(book.blocks[0]!.metadata).toEqual(meta);
  });

  test("rewriting only the metadata keeps the highlight marks", async () => {
    await Excel.run(async (context) => {
      const loaded = loadMetadata(context);
      const active = context.workbook.worksheets.getActiveWorksheet();
      active.load("id,name");
      await context.sync();
      const { book } = readMetadata(loaded);
      queueWriteRecords(
        context,
        book,
        [
          {
            sheetId: active.id,
            sheetName: active.name,
            metadata: meta,
            highlights: [{ key: "s:9:status", colour: "#FFC7CE" }],
          },
        ],
        new Set([active.id]),
      );
      await context.sync();
    });
    await Excel.run(async (context) => {
      queueWriteMetadataOnly(context, 0, { ...meta, rows: [{ seq: 9, version: 1, hash: "abcdef01" }] }, 20);
      await context.sync();
    });
    const { book } = await readBack();
    expect(book.blocks[0]!.metadata!.rows).toEqual([{ seq: 9, version: 1, hash: "abcdef01" }]);
    expect(book.blocks[0]!.highlights).toEqual([{ key: "s:9:status", colour: "#FFC7CE" }]);
  });

  test("sorting rows in the sheet does not break changedRows", async () => {
    const doc = fixtureDocument();
    await writeFixture();
    const parsedBefore = parse(sheet("Sheet1").cells);
    const pulled: SheetMetadata = {
      ...meta,
      rows: parsedBefore.rows.map((r) => ({
        seq: r.seq!,
        version: 1,
        hash: contentHash(r.status, r.progress),
      })),
    };
    // Sort the task rows of the first section by 序号 descending and change one row.
    const tasks = parsedBefore.rows.filter((r) => r.sectionIndex === 0);
    const top = Math.min(...tasks.map((r) => r.row));
    const reversed = [...tasks].reverse().map((r) => sheet("Sheet1").cells[r.row]!.slice(0, 5));
    const changedSeq = tasks[1]!.seq!;
    for (const row of reversed) if (row[0] === changedSeq) row[3] = "本期新写的进展情况,已完成阶段目标。";
    const contiguous = tasks.every((r, i) => r.row === top + i);
    expect(contiguous).toBe(true);
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRangeByIndexes(top, 0, reversed.length, 5).values =
        reversed as (string | number)[][];
      await context.sync();
    });
    const parsedAfter = parse(sheet("Sheet1").cells);
    expect(parsedAfter.rows[0]!.seq).not.toBe(parsedBefore.rows[0]!.seq);
    expect(changedRows(parsedAfter.rows, pulled).map((r) => r.seq)).toEqual([changedSeq]);
    expect(doc.sections.length).toBeGreaterThan(0);
  });
});

describe("select and charts", () => {
  test("selecting a cell activates its sheet", async () => {
    host = install(workbookSnapshot([emptySheet("A"), emptySheet("B")]));
    await Excel.run(async (context) => {
      queueSelectCell(context, "B", "D7");
      await context.sync();
    });
    expect(host.snapshot().selection).toEqual({ sheet: "B", address: "D7" });
  });

  test("the summary sheet gets a chart of status by section and one of coverage by unit", async () => {
    const rows = rectangular([
      ["汇总"],
      [],
      ["板块", "已完成", "序时推进", "未报送", "合计"],
      ["一、甲", 1, 2, 0, 3],
      ["二、乙", 0, 1, 1, 2],
      [],
      ["单位", "承担任务数", "已报送", "未报送", "报送率"],
      ["市科技局", 3, 2, 1, 66.7],
    ]);
    await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("Sheet1");
      ws.getRangeByIndexes(0, 0, rows.length, rows[0]!.length).values = rows;
      queueSummaryCharts(ws, summaryLayout(rows), { byStatus: "各板块完成状态", byUnit: "各单位报送情况" });
      await context.sync();
    });
    const charts = sheet("Sheet1").charts;
    expect(charts.map((c) => [c.type, c.title, c.sourceRange])).toEqual([
      ["ColumnStacked", "各板块完成状态", "Sheet1!A3:D5"],
      ["BarClustered", "各单位报送情况", "Sheet1!A7:D8"],
    ]);
  });
});
