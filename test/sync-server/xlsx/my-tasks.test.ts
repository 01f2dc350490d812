// The "my tasks" workbook (official layout, drop-down, protection, reference column, hidden metadata)
// and the upload reader's content checks.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  METADATA_SHEET,
  buildDirectory,
  contentHash,
  parse,
  planOf,
  planTasks,
  validate,
  type Plan,
} from "../../../schema/index.ts";
import { DEFAULT_VOCABULARY } from "../../../schema/statuses.ts";
import { metadataFor } from "../../../schema/metadata-book.ts";
import { sheetGrid } from "../../../sync-server/xlsx/grid.ts";
import {
  REFERENCE_HEADER,
  myTasksWorkbook,
  sheetNameFor,
  unitPlan,
  type MyTaskRow,
} from "../../../sync-server/xlsx/my-tasks.ts";
import {
  UploadRejectedError,
  checkXlsxContainer,
  plainCell,
  plainGrid,
  readUploadedWorkbook,
} from "../../../sync-server/xlsx/upload.ts";
import { fixtureDocument, fixtureUnits } from "../../support/fixtures.ts";

const UNIT = "市科技局";
const plan: Plan = planOf(fixtureDocument());
const unitTasks = planTasks(plan).filter((t) => t.units.includes(UNIT));

function rowsFor(): MyTaskRow[] {
  return unitTasks.map((t, i) => ({
    seq: t.seq,
    // The first task was reported before (version 2); the rest never.
    status: i === 0 ? "序时推进" : "",
    progress: i === 0 ? "已完成年度目标的一半,正在推进下一阶段。" : "",
    version: i === 0 ? 2 : 0,
    previousProgress: `上期:序号${t.seq}的进展`,
  }));
}

async function build(): Promise<Buffer> {
  return myTasksWorkbook({
    period: { id: "2022-H1", title: "2022上半年重点工作进展情况统计表" },
    unit: UNIT,
    plan,
    vocabulary: DEFAULT_VOCABULARY,
    rows: rowsFor(),
    server: "https://keywork.example",
    pulledAt: "2022-06-30T08:00:00.000Z",
  });
}

async function load(file: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(
    file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer,
  );
  return workbook;
}

describe("unitPlan", () => {
  it("keeps only the unit's tasks, in order, under their sections and sub-headings", () => {
    expect(unitTasks.length).toBeGreaterThan(2);
    const cut = unitPlan(plan, UNIT);
    expect(planTasks(cut).map((t) => t.seq)).toEqual(unitTasks.map((t) => t.seq));
    for (const section of cut.sections) {
      expect(section.subsections.length).toBeGreaterThan(0);
      for (const ss of section.subsections) expect(ss.items.length).toBeGreaterThan(0);
    }
  });

  it("names sheets within Excel's rules", () => {
    expect(sheetNameFor("2022-H1", "a/b:c")).toBe("2022-H1 a b c");
    expect(sheetNameFor("2022-H1", "x".repeat(40)).length).toBe(31);
  });
});

describe("myTasksWorkbook", () => {
  it("writes the official layout of the unit's tasks with the reference column", async () => {
    const workbook = await load(await build());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe("2022-H1 市科技局");
    expect(sheet.getCell("A1").value).toBe("2022上半年重点工作进展情况统计表(市科技局)");
    expect([1, 2, 3, 4, 5, 6].map((c) => sheet.getCell(2, c).value)).toEqual([
      "序号",
      "承担的重点工作",
      "完成状态",
      "工作进展情况",
      "牵头责任单位",
      REFERENCE_HEADER,
    ]);

    const grid = sheetGrid(sheet);
    const directory = buildDirectory(fixtureUnits());
    const parsed = parse(grid, { directory });
    expect(parsed.header?.inOrder).toBe(true);
    expect(parsed.rows.map((r) => r.seq)).toEqual(unitTasks.map((t) => t.seq));
    const first = parsed.rows[0]!;
    expect(first.status).toBe("序时推进");
    expect(sheet.getCell(first.row + 1, 6).value).toBe(`上期:序号${first.seq}的进展`);
    // The codec ignores column F: the file validates against the plan with only the empty-cell errors.
    const issues = validate(parsed, { directory, plan, unit: UNIT }).filter((i) => i.severity === "error");
    expect(new Set(issues.map((i) => i.code))).toEqual(new Set(["status.empty", "progress.empty"]));
    expect(issues.every((i) => i.cell !== null && /^[CD]\d+$/u.test(i.cell))).toBe(true);
  });

  it("puts the drop-down on 完成状态 and locks everything but 完成状态 and 工作进展情况", async () => {
    const workbook = await load(await build());
    const sheet = workbook.worksheets[0]!;
    const parsed = parse(sheetGrid(sheet));
    const sheetProtection = (sheet as unknown as { sheetProtection: Record<string, unknown> })
      .sheetProtection;
    expect(sheetProtection.sheet).toBe(true);
    // No password, hence no hash of one in the file.
    expect(sheetProtection.hashValue).toBeUndefined();
    for (const row of parsed.rows) {
      const r = row.row + 1;
      const validation = sheet.getCell(r, 3).dataValidation;
      expect(validation?.type).toBe("list");
      expect(validation?.formulae).toEqual([`"${DEFAULT_VOCABULARY.values.join(",")}"`]);
      expect(sheet.getCell(r, 3).protection?.locked).toBe(false);
      expect(sheet.getCell(r, 4).protection?.locked).toBe(false);
      for (const c of [1, 2, 5, 6]) expect(sheet.getCell(r, c).protection?.locked ?? true).toBe(true);
    }
    expect(sheet.getCell(1, 1).protection?.locked ?? true).toBe(true);
  });

  it("hides the metadata sheet: period, unit, per-序号 version and hash, and no secret", async () => {
    const file = await build();
    const workbook = await load(file);
    const hidden = workbook.getWorksheet(METADATA_SHEET)!;
    expect(hidden.state).toBe("veryHidden");
    const decoded = metadataFor(sheetGrid(hidden), workbook.worksheets[0]!.name);
    if (!decoded.ok) throw new Error(decoded.reason);
    const meta = decoded.metadata;
    expect(meta).toMatchObject({
      kind: "my-tasks",
      period: "2022-H1",
      unit: UNIT,
      server: "https://keywork.example",
      pulledAt: "2022-06-30T08:00:00.000Z",
    });
    const rows = rowsFor();
    expect(meta.rows).toEqual(
      rows.map((r) => ({ seq: r.seq, version: r.version, hash: contentHash(r.status, r.progress) })),
    );
    const text = await allXml(file);
    expect(text).not.toMatch(/token|password|bearer|kws_/iu);
  });
});

describe("readUploadedWorkbook", () => {
  it("reads the first visible sheet and the metadata from one load", async () => {
    const upload = await readUploadedWorkbook(await build());
    expect(upload.sheetName).toBe("2022-H1 市科技局");
    expect(upload.metadata?.ok).toBe(true);
    expect(upload.grid[1]).toEqual([
      "序号",
      "承担的重点工作",
      "完成状态",
      "工作进展情况",
      "牵头责任单位",
      REFERENCE_HEADER,
    ]);
    // Trailing empties are dropped; numbers stay numbers.
    expect(typeof upload.grid[3]![0]).toBe("number");
  });

  it("has no metadata for a workbook without the hidden sheet", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Sheet1").getCell("A1").value = "hello";
    const upload = await readUploadedWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(upload.metadata).toBeNull();
    expect(upload.grid).toEqual([["hello"]]);
  });

  it("refuses what is not an .xlsx, by content", async () => {
    const reason = async (data: Buffer) => {
      try {
        await readUploadedWorkbook(data);
        return "accepted";
      } catch (error) {
        return error instanceof UploadRejectedError ? error.code : String(error);
      }
    };
    expect(await reason(Buffer.from("%PDF-1.7 not a workbook at all, only pretending"))).toBe("not-xlsx");
    expect(await reason(zip([{ name: "hello.txt", data: Buffer.from("hi") }]))).toBe("not-xlsx");
    expect(await reason(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40)]))).toBe(
      "not-xlsx",
    );
  });

  it("refuses archives that unpack beyond the bound (zip bombs) before opening them", () => {
    const bomb = zip([
      { name: "[Content_Types].xml", data: Buffer.from("<x/>") },
      { name: "xl/workbook.xml", data: Buffer.from("<x/>"), claimedSize: 3_000_000_000 },
    ]);
    expect(() => checkXlsxContainer(bomb)).toThrow(UploadRejectedError);
    try {
      checkXlsxContainer(bomb);
    } catch (error) {
      expect((error as UploadRejectedError).code).toBe("too-large");
    }
  });

  it("bounds the rows and flattens cell values", () => {
    expect(plainCell({ richText: [{ text: "市科技" }, { text: "局" }] })).toBe("市科技局");
    expect(plainCell({ formula: "1+1", result: 2 })).toBe(2);
    expect(plainCell({ error: "#N/A" })).toBe("#N/A");
    expect(plainCell(new Date("2022-06-30T00:00:00Z"))).toBe("2022-06-30");
    expect(plainCell(Number.NaN)).toBeNull();
    expect(plainGrid([["a", null, ""], [], [null]])).toEqual([["a"]]);
    expect(() =>
      plainGrid(
        Array.from({ length: 10 }, () => ["x"]),
        { unpackedBytes: 1, entries: 1, rows: 5, columns: 5 },
      ),
    ).toThrow(/rows/u);
  });
});

/** All XML parts of an .xlsx as one string (stored or deflated entries). */
async function allXml(file: Buffer): Promise<string> {
  const { inflateRawSync } = await import("node:zlib");
  let text = "";
  let p = 0;
  while (p + 30 < file.length && file.readUInt32LE(p) === 0x04034b50) {
    const method = file.readUInt16LE(p + 8);
    const compressed = file.readUInt32LE(p + 18);
    const nameLength = file.readUInt16LE(p + 26);
    const extraLength = file.readUInt16LE(p + 28);
    const start = p + 30 + nameLength + extraLength;
    const data = file.subarray(start, start + compressed);
    text += method === 8 ? inflateRawSync(data).toString("utf8") : data.toString("utf8");
    p = start + compressed;
  }
  expect(text).toContain("<worksheet");
  return text;
}

/** A minimal stored zip; `claimedSize` lies about an entry's unpacked size, as a zip bomb's would. */
function zip(entries: { name: string; data: Buffer; claimedSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.claimedSize ?? e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
