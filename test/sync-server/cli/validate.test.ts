// `keywork validate` as a user runs it: a real process through bin/keywork.js.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLUMNS } from "../../../schema/index.ts";
import { DEMO_UNITS } from "../../../sync-server/demo/units.ts";
import { fixturePath, fixtureUnits } from "../../support/fixtures.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const FIXTURE = fixturePath("progress-2022h1-part.xlsx");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function keywork(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["bin/keywork.js", ...args],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let dir: string;
let broken: string;

/** A sheet in the official layout with one mistake per row from row 4 on. */
async function writeBrokenSheet(file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("2022上半年");
  const merged = (text: string) => {
    const row = sheet.addRow([text]);
    sheet.mergeCells(row.number, 1, row.number, 5);
  };
  merged("2022上半年重点工作进展情况统计表");
  sheet.addRow([...COLUMNS]);
  merged("一、努力完成全年主要预期目标");
  sheet.addRow([1, "全市生产总值增长x%。", "完成了", "经济运行总体平稳,主要指标好于预期。", "市发展改革委"]); // row 4: bad status
  sheet.addRow([2, "社会消费品零售总额增长。", "序时推进", "", "市商务局"]); // row 5: empty progress
  sheet.addRow([3, "固定资产投资增长。", "序时推进", "项目建设按计划推进,投资稳步增长。", "市发展改革局"]); // row 6: unknown unit
  sheet.addRow([3, "进出口总额增长。", "序时推进", "外贸进出口保持增长,结构持续优化。", "市商务局"]); // row 7: duplicate 序号
  sheet.addRow([
    "４",
    "城镇新增就业。",
    "完成",
    "城镇新增就业人数达到全年目标的一半。",
    "市人社局、市财政局",
  ]); // row 8: two infos (aliases)
  await workbook.xlsx.writeFile(file);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "keywork-validate-cli-"));
  broken = join(dir, "broken.xlsx");
  await writeBrokenSheet(broken);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("keywork validate on the fixture sheet", () => {
  it("exits 0 and prints one line per warning, then the summary", async () => {
    const run = await keywork("validate", FIXTURE);
    const lines = run.stdout.trimEnd().split("\n");
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(lines).toHaveLength(49);
    // The cell column is padded to the widest address (D83).
    expect(lines[0]).toBe("D4   警告  progress.placeholder  工作进展情况含未填写的占位符“x%”,请填入实际数字");
    expect(lines.at(-1)).toBe("共 67 行任务:错误 0 条,警告 48 条,提示 0 条");
  });
});

describe("keywork validate on a sheet with errors", () => {
  it("exits 1 and names each bad cell with its severity, code and Chinese message", async () => {
    const run = await keywork("validate", broken);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toContain(
      "C4  错误  status.unknown  完成状态“完成了”无效,是否为“已完成”?可选:已完成、序时推进、进度滞后、未启动",
    );
    expect(lines.filter((l) => l.startsWith("D5  错误  progress.empty"))).toHaveLength(1);
    expect(lines.at(-1)).toBe("共 5 行任务:错误 4 条,警告 0 条,提示 2 条");
  });

  it("prints the task rows and the issues with their cells as JSON", async () => {
    const run = await keywork("validate", broken, "--json");
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      rows: { row: number; seq: number | null; units: string[]; status: string }[];
      issues: {
        cell: string | null;
        row: number | null;
        seq: number | null;
        severity: string;
        code: string;
        message: string;
      }[];
    };
    expect(report.rows.map((r) => [r.row, r.seq])).toEqual([
      [4, 1],
      [5, 2],
      [6, 3],
      [7, 3],
      [8, 4],
    ]);
    expect(report.rows[4]!.units).toEqual(["市人力资源和社会保障局", "市财政局"]);
    expect(
      report.issues.filter((i) => i.severity === "error").map((i) => [i.cell, i.row, i.seq, i.code]),
    ).toEqual([
      ["C4", 4, 1, "status.unknown"],
      ["D5", 5, 2, "progress.empty"],
      ["E6", 6, 3, "unit.unknown"],
      ["A7", 7, 3, "seq.duplicate"],
    ]);
    expect(report.issues[0]).toEqual({
      cell: "C4",
      row: 4,
      seq: 1,
      severity: "error",
      code: "status.unknown",
      message: "完成状态“完成了”无效,是否为“已完成”?可选:已完成、序时推进、进度滞后、未启动",
    });
  });

  it("gives English labels, messages and summary with --lang en", async () => {
    const run = await keywork("validate", "--lang", "en", broken);
    const lines = run.stdout.trimEnd().split("\n");
    expect(run.code).toBe(1);
    // Severity labels are padded to the longest one, "warning".
    expect(lines).toContain(
      "E6  error    unit.unknown  Unit “市发展改革局” is not in the directory; did you mean “市发展改革委”?",
    );
    expect(lines.at(-1)).toBe("5 task rows: 4 errors, 0 warnings, 2 info");
  });

  it("gives English messages in the JSON with --lang=en", async () => {
    const run = await keywork("validate", broken, "--json", "--lang=en");
    const report = JSON.parse(run.stdout) as { issues: { code: string; message: string }[] };
    expect(report.issues.find((i) => i.code === "progress.empty")?.message).toBe(
      "工作进展情况 is empty (only “未启动” may leave it empty)",
    );
  });
});

describe("keywork validate with a units file", () => {
  it("accepts a unit that only the given directory knows", async () => {
    const units = join(dir, "units.json");
    const directory = [...fixtureUnits(), { name: "市发展改革局", kind: "bureau", aliases: [] }];
    await writeFile(units, JSON.stringify({ note: "test", units: directory }));
    const run = await keywork("validate", broken, "--units", units, "--json");
    const report = JSON.parse(run.stdout) as { issues: { code: string }[] };
    expect(report.issues.map((i) => i.code)).not.toContain("unit.unknown");
  });

  it("exits 2 with one line for a units file that is not a unit directory", async () => {
    const units = join(dir, "not-units.json");
    await writeFile(units, JSON.stringify({ units: [{ kind: "bureau" }] }));
    const run = await keywork("validate", broken, "--units", units);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    // The reason is zod's; the line names the file and the offending field.
    expect(run.stderr).toMatch(
      /^keywork validate: 单位文件 .*not-units\.json 不是单位名录 \/ units file .*not-units\.json is not a unit directory \(units\.0\.name: .+\)\n$/u,
    );
  });

  it("exits 2 for a units file that is not JSON", async () => {
    const units = join(dir, "units.txt");
    await writeFile(units, "市商务局\n市财政局\n");
    const run = await keywork("validate", broken, "--units", units);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^keywork validate: 单位文件 .* 不是有效的 JSON \/ units file .* is not valid JSON \(.*\)\n$/u,
    );
  });
});

describe("keywork validate refuses bad input with exit 2 and one line, no stack trace", () => {
  const expectOneLine = (run: Run, pattern: RegExp) => {
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")).toHaveLength(2);
    expect(run.stderr).toMatch(pattern);
    expect(run.stderr).not.toMatch(/\n\s+at /u);
  };

  it("for a missing file", async () => {
    expectOneLine(
      await keywork("validate", join(dir, "missing.xlsx")),
      /^keywork validate: 无法读取 .*missing\.xlsx \/ cannot read .*missing\.xlsx: no such file\n$/u,
    );
  });

  it("for a text file named .xlsx", async () => {
    const file = join(dir, "notes.xlsx");
    await writeFile(file, "序号\t承担的重点工作\n1\t全市生产总值增长\n");
    expectOneLine(
      await keywork("validate", file),
      /^keywork validate: .*notes\.xlsx: .*not a readable \.xlsx workbook/u,
    );
  });

  it("for a directory", async () => {
    expectOneLine(
      await keywork("validate", dir),
      /^keywork validate: 无法读取 .* \/ cannot read .*: is a directory\n$/u,
    );
  });

  it("for an unknown option", async () => {
    expectOneLine(
      await keywork("validate", FIXTURE, "--strict"),
      /^keywork validate: unknown option --strict/u,
    );
  });

  it("for a language other than zh and en", async () => {
    expectOneLine(
      await keywork("validate", FIXTURE, "--lang", "fr"),
      /^keywork validate: --lang must be zh or en, not "fr"/u,
    );
  });

  it("for no file at all", async () => {
    expectOneLine(await keywork("validate"), /^keywork validate: no FILE\.xlsx given/u);
  });

  it("for two files", async () => {
    expectOneLine(
      await keywork("validate", FIXTURE, FIXTURE),
      /^keywork validate: one FILE\.xlsx at a time/u,
    );
  });
});

describe("keywork validate --help", () => {
  it("prints the usage and exits 0", async () => {
    const run = await keywork("validate", "--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Usage: keywork validate FILE\.xlsx \[--units units\.json\] \[--lang zh\|en\] \[--json\]/u,
    );
  });
});

describe("the demo unit directory", () => {
  it("holds exactly the 32 units of test/fixtures/units.json", () => {
    expect(DEMO_UNITS).toHaveLength(32);
    expect(DEMO_UNITS).toEqual(fixtureUnits());
  });
});
