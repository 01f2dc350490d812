// The one hardened .xlsx reader, fed hostile workbooks built in the test: every limit refuses with a
// message naming it, and nothing is allocated by what the file claims.
import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import { UploadRejectedError } from "../../../sync-server/xlsx/read-errors.ts";
import { READ_LIMITS, isDateFormat, readWorkbook } from "../../../sync-server/xlsx/read-xlsx.ts";
import {
  deflatedRepeat,
  sheetXml,
  textCell,
  xlsxOf,
  xlsxParts,
  xlsxPartsWithStrings,
  zipOf,
} from "../../support/hostile-xlsx.ts";

function refusal(run: () => unknown): UploadRejectedError {
  try {
    run();
  } catch (error) {
    if (error instanceof UploadRejectedError) return error;
    throw error;
  }
  throw new Error("the workbook was accepted");
}

describe("what a workbook holds", () => {
  test("a workbook written by exceljs reads as Excel's range.values would give it", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("表1");
    sheet.getCell("A1").value = "标题";
    sheet.getCell("B1").value = "合并中的值";
    sheet.mergeCells("A1:C1");
    sheet.getCell("A2").value = 7;
    sheet.getCell("B2").value = { richText: [{ text: "市科" }, { text: "技局" }] };
    sheet.getCell("C2").value = new Date("2022-06-30T00:00:00Z");
    sheet.getCell("D2").value = { formula: "1+1", result: 2 };
    sheet.getCell("E2").value = true;
    workbook.addWorksheet("_keywork", { state: "veryHidden" }).getCell("A1").value = "隐藏";
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    const { sheet: read, metadata } = readWorkbook(data, READ_LIMITS, { metadata: true });
    expect(read.name).toBe("表1");
    expect(read.grid).toEqual([
      ["标题", null, null, null, null],
      [7, "市科技局", new Date("2022-06-30T00:00:00Z"), 2, true],
    ]);
    expect(metadata).toEqual({ name: "_keywork", grid: [["隐藏"]] });
  });

  test("the first visible sheet is read, never a hidden one", () => {
    const parts = xlsxParts(sheetXml(`<row r="1">${textCell("A1", "hidden")}</row>`));
    const book = parts.find((p) => p.name === "xl/workbook.xml")!;
    book.data = Buffer.from(
      book.data
        .toString()
        .replace("<sheets>", '<sheets><sheet name="Secret" sheetId="9" state="hidden" r:id="rId9"/>'),
    );
    expect(readWorkbook(zipOf(parts)).sheet.name).toBe("Sheet1");
  });

  test("phonetic guides in a shared string are not part of its text", () => {
    const parts = xlsxPartsWithStrings(sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), {
      data: Buffer.from(
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><t>市</t></r><r><t>科技局</t></r><rPh sb="0" eb="1"><t>し</t></rPh></si></sst>',
      ),
    });
    expect(readWorkbook(zipOf(parts)).sheet.grid).toEqual([["市科技局"]]);
  });

  test("a value left in a merged area's other cells is not seen, as in Excel", () => {
    const data = xlsxOf(
      sheetXml(`<row r="1">${textCell("A1", "一、标题")}${textCell("B1", "藏着的")}</row>`, {
        after: '<mergeCells count="1"><mergeCell ref="A1:E1"/></mergeCells>',
      }),
    );
    expect(readWorkbook(data).sheet.grid).toEqual([["一、标题", null]]);
  });

  test("date formats are told from number formats", () => {
    expect(isDateFormat("yyyy-mm-dd")).toBe(true);
    expect(isDateFormat('yyyy"年"m"月"d"日"')).toBe(true);
    expect(isDateFormat("[h]:mm")).toBe(true);
    expect(isDateFormat('#,##0.00 "元"')).toBe(false);
    expect(isDateFormat("[Red]0.00")).toBe(false);
    expect(isDateFormat("General")).toBe(false);
  });
});

describe("hostile workbooks", () => {
  test("one cell at A1048576 is refused naming the cell and the row limit, without a million-row grid", () => {
    const error = refusal(() =>
      readWorkbook(xlsxOf(sheetXml(`<row r="1048576">${textCell("A1048576", "x")}</row>`))),
    );
    expect(error.code).toBe("too-many-rows");
    expect(error.status).toBe(422);
    expect(error.message).toContain("A1048576");
    expect(error.message).toContain(String(READ_LIMITS.rows));
  });

  test("one cell at XFD1 is refused naming the cell and the column limit", () => {
    const error = refusal(() => readWorkbook(xlsxOf(sheetXml(`<row r="1">${textCell("XFD1", "x")}</row>`))));
    expect(error.code).toBe("too-many-columns");
    expect(error.message).toContain("XFD1");
    expect(error.message).toContain(String(READ_LIMITS.columns));
  });

  test("a dimension claiming the whole sheet allocates nothing: the grid is as big as its values", () => {
    const data = xlsxOf(
      sheetXml(`<row r="2">${textCell("B2", "只有一格")}</row>`, { dimension: "A1:XFD1048576" }),
    );
    expect(readWorkbook(data).sheet.grid).toEqual([
      [null, null],
      [null, "只有一格"],
    ]);
  });

  test("empty formatted cells far away neither count as values nor grow the grid", () => {
    const data = xlsxOf(
      sheetXml(`<row r="1">${textCell("A1", "a")}</row><row r="1048576"><c r="XFD1048576" s="0"/></row>`),
    );
    expect(readWorkbook(data).sheet.grid).toEqual([["a"]]);
  });

  test("more cells than the limit are refused as they are counted", () => {
    const cells = Array.from({ length: 50 }, (_, i) => `<c r="A${i + 1}"/>`).join("");
    const error = refusal(() =>
      readWorkbook(xlsxOf(sheetXml(`<row r="1">${cells}</row>`)), { ...READ_LIMITS, cells: 40 }),
    );
    expect(error.code).toBe("too-many-cells");
    expect(error.status).toBe(413);
    expect(error.message).toContain("40");
  });

  test("an entry that claims 7,000 bytes but unpacks to 100 MB stops at the entry limit", async () => {
    const bomb = await deflatedRepeat(100 * 1024 * 1024, " ", "<worksheet><sheetData>");
    const data = zipOf(xlsxParts({ data: Buffer.alloc(0), deflated: bomb, claimedSize: 7000 }));
    const error = refusal(() => readWorkbook(data));
    expect(error.code).toBe("too-large");
    expect(error.status).toBe(413);
    expect(error.message).toContain(`${READ_LIMITS.entryBytes / 1024 / 1024} MB`);
  });

  test("entries that each stay under the entry limit are stopped by the total limit", async () => {
    const part = await deflatedRepeat(3 * 1024 * 1024, " ", "<sst>", "</sst>");
    const limits = { ...READ_LIMITS, entryBytes: 4 * 1024 * 1024, unpackedBytes: 5 * 1024 * 1024 };
    const parts = xlsxPartsWithStrings(
      { data: Buffer.alloc(0), deflated: part, claimedSize: 10 },
      { data: Buffer.alloc(0), deflated: part, claimedSize: 10 },
    );
    const error = refusal(() => readWorkbook(zipOf(parts), limits));
    expect(error.code).toBe("too-large");
    expect(error.message).toContain("5 MB");
  });

  test("more entries than the limit are refused before anything is inflated", () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ name: `junk/${i}.xml`, data: Buffer.from("x") }));
    const error = refusal(() =>
      readWorkbook(zipOf(xlsxParts(sheetXml(""), many)), { ...READ_LIMITS, entries: 50 }),
    );
    expect(error.code).toBe("too-large");
    expect(error.message).toContain("50");
  });

  test("XML nested thousands deep is refused as damaged", () => {
    const deep = "<x>".repeat(5000) + "</x>".repeat(5000);
    const error = refusal(() => readWorkbook(xlsxOf(sheetXml(`<row r="1"><c r="A1">${deep}</c></row>`))));
    expect(error.code).toBe("not-xlsx");
    expect(error.message).toMatch(/nested|嵌套/u);
  });

  test.each([
    ["not a zip at all", Buffer.from("%PDF-1.7 pretending to be a workbook, long enough to look")],
    ["a truncated zip", xlsxOf(sheetXml(`<row r="1">${textCell("A1", "a")}</row>`)).subarray(0, 200)],
    ["a zip without a workbook", zipOf([{ name: "hello.txt", data: Buffer.from("hi") }])],
    ["a sheet that is not XML", xlsxOf("<worksheet><sheetData><row></sheetData>")],
    ["a cell address that is no address", xlsxOf(sheetXml('<row r="1"><c r="ZZZZ1"><v>1</v></c></row>'))],
    [
      "an entity bomb (no DTD is expanded)",
      xlsxOf('<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet>&a;</worksheet>'),
    ],
  ])("%s is refused as not an .xlsx", (_name, data) => {
    expect(refusal(() => readWorkbook(data)).code).toBe("not-xlsx");
  });
});
