// The shipped sample: test/fixtures/progress-2022h1-part.xlsx against progress-2022h1-part.json.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  COLUMNS,
  countBySeverity,
  parse,
  planOf,
  planTasks,
  validate,
  type ParsedSheet,
} from "../../schema/index.ts";
import { readFirstSheetGrid } from "../../sync-server/xlsx/grid.ts";
import { fixtureDirectory, fixtureDocument, fixtureGrid, fixturePath } from "../support/fixtures.ts";

const doc = fixtureDocument();
const directory = fixtureDirectory();
// exceljs's row.values repeats a merged heading's text in every cell of the row; readFirstSheetGrid
// keeps it in the first cell only, as Excel's range.values does. Both must give the same document.
let repeated: ParsedSheet;
let firstCellOnly: ParsedSheet;

beforeAll(async () => {
  repeated = parse(await fixtureGrid(), { directory });
  const sheet = await readFirstSheetGrid(readFileSync(fixturePath("progress-2022h1-part.xlsx")));
  firstCellOnly = parse(sheet.grid, { directory, origin: sheet.origin });
});

describe("the 2022-H1 fixture sheet", () => {
  it("is read both ways, merged heading text repeated and in the first cell only", async () => {
    const grid = await fixtureGrid();
    const sheet = await readFirstSheetGrid(readFileSync(fixturePath("progress-2022h1-part.xlsx")));
    expect(grid[2]).toEqual(Array(5).fill("一、努力完成全年主要预期目标"));
    expect(sheet.grid[2]).toEqual(["一、努力完成全年主要预期目标", null, null, null, null]);
  });

  it("has the sheet title 2022上半年重点工作进展情况统计表", () => {
    // The JSON's title carries "(政府)" from the source document; the sheet's own title row does not.
    expect(repeated.title).toEqual({ row: 0, text: "2022上半年重点工作进展情况统计表" });
    expect(doc.title).toBe("2022上半年重点工作进展情况统计表(政府)");
  });

  it("has the official header on its second row", () => {
    expect(repeated.header).toEqual({
      row: 1,
      columns: { seq: 0, task: 1, status: 2, progress: 3, units: 4 },
      inOrder: true,
    });
  });

  it("parses into exactly the JSON's sections", () => {
    expect(repeated.document.sections).toEqual(doc.sections);
  });

  it("parses into the JSON's document but for the title and the period, which the sheet does not hold", () => {
    expect(repeated.document).toEqual({
      ...doc,
      title: repeated.title!.text,
      period: undefined,
      columns: [...COLUMNS],
    });
  });

  it("has 4 sections and 10 titled sub-headings, stored without their closing 。", () => {
    const titles = repeated.document.sections
      .flatMap((s) => s.subsections.map((ss) => ss.title))
      .filter((t) => t !== null);
    expect(repeated.document.sections).toHaveLength(4);
    expect(titles).toHaveLength(10);
    expect(titles.filter((t) => t.endsWith("。"))).toEqual([]);
    expect(titles[0]).toBe("强化产业技术支撑");
  });

  it("has 67 tasks numbered 1 to 67 in order", () => {
    expect(planTasks(repeated.document).map((t) => t.seq)).toEqual(
      Array.from({ length: 67 }, (_, i) => i + 1),
    );
  });

  it("resolves multi-unit cells to the JSON's units, lead first, repeats kept", () => {
    const bySeq = new Map(planTasks(repeated.document).map((t) => [t.seq, t.units]));
    expect(bySeq.get(22)).toEqual(["市科技局", "市发展改革委", "市经济和信息化局"]);
    expect(bySeq.get(33)).toEqual(["市经济和信息化局", "xx县政府", "xx县政府"]);
  });

  it("gives the same document when merged headings hold their text in the first cell only", () => {
    expect(firstCellOnly.document).toEqual(repeated.document);
  });

  it("validates with no errors against the fixture directory and its plan", () => {
    const issues = validate(repeated, { directory, plan: planOf(doc) });
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
  });

  it("raises only placeholder warnings, on 48 of the 67 progress texts, each holding an x figure", () => {
    const issues = validate(repeated, { directory, plan: planOf(doc) });
    const progressBySeq = new Map(planTasks(doc).map((t) => [t.seq, t.progress]));
    expect(new Set(issues.map((i) => i.code))).toEqual(new Set(["progress.placeholder"]));
    expect(countBySeverity(issues)).toEqual({ error: 0, warning: 48, info: 0 });
    expect(issues.filter((i) => !/x/iu.test(progressBySeq.get(i.seq!) ?? ""))).toEqual([]);
  });
});
