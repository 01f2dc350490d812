// keywork units / import-plan --map --add-units / periods / remind, as real processes on a real SQLite
// file that starts EMPTY (no demo): the command-line path from an empty server to open periods. Each
// test runs several processes in a row, so the time allowed is generous (no timing is asserted).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runKeywork } from "../../support/cli.ts";
import { fixturePath } from "../../support/fixtures.ts";

let dir: string;
let env: NodeJS.ProcessEnv;
const PLAN = fixturePath("progress-2022h1-part.xlsx");

const keywork = (...args: string[]) => runKeywork(env, args);

async function unitSheet(file: string, rows: unknown[][]) {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("单位名录").addRows(rows);
  await workbook.xlsx.writeFile(file);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "keywork-cli-dir-"));
  env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, "kw.db")}`, LOG_LEVEL: "warn" };
  expect((await keywork("migrate")).code).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("keywork units", { timeout: 180_000 }, () => {
  test("a bad sheet exits 1 naming each bad cell, and the directory stays empty", async () => {
    const file = join(dir, "bad.xlsx");
    await unitSheet(file, [
      ["单位名称", "类别", "别名"],
      ["市科技局", "市直部门", "科技局"],
      ["市科技局", "市直部门", ""],
      ["市财政局", "", "科技局"],
    ]);
    const res = await keywork("units", "import", file);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("A3  第 3 行 A 列：单位名称“市科技局”重复");
    expect(res.stderr).toContain("B4  第 4 行 B 列：类别为空");
    expect(res.stderr).toContain("C4  第 4 行 C 列：别名“科技局”");
    expect((await keywork("units", "list", "--json")).stdout.trim()).toBe("[]");
  });

  test("import of a sheet, list --json, export that re-imports", async () => {
    const file = join(dir, "units.xlsx");
    await unitSheet(file, [
      ["单位名称", "类别", "别名"],
      ["市发展改革委", "市直部门", "市发改委 发改委"],
      ["市科技局", "市直部门", "科技局"],
    ]);
    expect((await keywork("units", "import", file)).stdout).toBe("units imported: 2 added, 0 updated\n");
    const listed = JSON.parse((await keywork("units", "list", "--json")).stdout) as {
      name: string;
      aliases: string[];
    }[];
    expect(listed.map((u) => [u.name, u.aliases])).toEqual([
      ["市发展改革委", ["发改委", "市发改委"]],
      ["市科技局", ["科技局"]],
    ]);
    const out = join(dir, "export.xlsx");
    expect((await keywork("units", "export", out)).code).toBe(0);
    expect((await keywork("units", "import", out)).stdout).toBe("units imported: 0 added, 2 updated\n");
  });
});

describe("keywork import-plan with units the directory does not know", { timeout: 180_000 }, () => {
  test("lists every unknown unit once, suggests the nearest, publishes nothing", async () => {
    const res = await keywork("import-plan", PLAN, "--period", "2022-H1");
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("24 个单位不在单位名录中");
    expect(res.stderr).toContain("E25  单位“市财政局”不在单位名录中");
    expect(res.stderr.match(/单位“市财政局”不在单位名录中/gu)).toHaveLength(1);
    expect(JSON.parse((await keywork("periods", "list", "--json")).stdout)).toEqual([]);
  });

  test("--map (JSON) and --add-units resolve them; the mapping becomes an alias", async () => {
    const map = join(dir, "map.json");
    writeFileSync(map, JSON.stringify({ 市财政局: "+", 市商务局: "新增" }));
    const res = await keywork(
      "import-plan",
      PLAN,
      "--period",
      "2022-H1",
      "--due",
      "2022-07-10",
      "--map",
      map,
      "--add-units",
    );
    expect(res.stderr).toBe("");
    expect(res.stdout).toBe("period 2022-H1 opened: 2022上半年重点工作进展情况统计表\n");
    const names = (JSON.parse((await keywork("units", "list", "--json")).stdout) as { name: string }[]).map(
      (u) => u.name,
    );
    expect(names).toHaveLength(26);
  });

  test("--map as a sheet of 未知名称 · 单位名称", async () => {
    const file = join(dir, "map.xlsx");
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("对应").addRows([
      ["未知名称", "单位名称"],
      ["市科委", "市科技局"],
    ]);
    await workbook.xlsx.writeFile(file);
    const plan = join(dir, "plan.xlsx");
    const sheet = new ExcelJS.Workbook();
    sheet
      .addWorksheet("计划")
      .addRows([
        ["2023上半年重点工作进展情况统计表"],
        ["序号", "承担的重点工作", "完成状态", "工作进展情况", "牵头责任单位"],
        ["一、科技"],
        [1, "任务一。", "", "", "市科委"],
      ]);
    await sheet.xlsx.writeFile(plan);
    expect((await keywork("import-plan", plan, "--period", "2023-Q1", "--map", file)).code).toBe(0);
    const kjj = (
      JSON.parse((await keywork("units", "list", "--json")).stdout) as { name: string; aliases: string[] }[]
    ).find((u) => u.name === "市科技局");
    expect(kjj!.aliases).toContain("市科委");
  });
});

describe("keywork periods and rename", { timeout: 180_000 }, () => {
  test("periods new rolls the plan over, linked to the previous period; periods list --json says what each holds", async () => {
    const res = await keywork("periods", "new", "2022-H2", "--from", "2022-H1", "--due", "2022-12-31");
    expect(res.stdout).toBe("period 2022-H2 opened from 2022-H1: 2022下半年重点工作进展情况统计表\n");
    const periods = JSON.parse((await keywork("periods", "list", "--json")).stdout) as Record<
      string,
      unknown
    >[];
    expect(periods.find((p) => p.id === "2022-H2")).toMatchObject({
      title: "2022下半年重点工作进展情况统计表",
      dueAt: "2022-12-31",
      locked: false,
      previousPeriodId: "2022-H1",
      tasks: 67,
      reportedUnits: 0,
    });
  });

  test("units rename after a lock: the locked period keeps the old name, the open one moves", async () => {
    expect((await keywork("lock", "2022-H1")).code).toBe(0);
    const res = await keywork("units", "rename", "市科技局", "市科学技术局");
    expect(res.stdout).toContain("open periods moved: 2022-H2");
    expect(res.stdout).not.toContain("2022-H1");
    const list = (await keywork("units", "list")).stdout;
    expect(list).toContain("(已撤销 retired) 市科技局 → 市科学技术局");
  });

  test("merging a unit into itself and renaming onto an existing name exit 1 with the field named", async () => {
    const itself = await keywork("units", "merge", "市财政局", "--into", "市财政局");
    expect(itself.code).toBe(1);
    expect(itself.stderr).toContain("字段 into：不能将单位“市财政局”并入自身");
    const onto = await keywork("units", "rename", "市财政局", "市商务局");
    expect(onto.code).toBe(1);
    expect(onto.stderr).toContain("字段 to：单位“市商务局”已存在");
  });

  test("units merge A B --into C", async () => {
    const res = await keywork("units", "merge", "市财政局", "市商务局", "--into", "市财政商务局");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("merged into 市财政商务局");
  });

  test("remind without a configured robot exits 1 and says so", async () => {
    const res = await keywork("remind", "2022-H2");
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("未配置催报机器人");
  });

  test("every step is in the audit log, as the command line", async () => {
    const { openSqliteStore } = await import("../../../sync-server/store/sqlite/index.ts");
    const store = openSqliteStore(join(dir, "kw.db"));
    const entries = await store.listAudit({ limit: 50 });
    await store.close();
    expect(entries.every((e) => e.actor.startsWith("cli:"))).toBe(true);
    expect(new Set(entries.map((e) => e.action))).toEqual(
      new Set(["units.import", "period.publish", "period.new", "period.lock", "unit.rename", "unit.merge"]),
    );
  });
});
