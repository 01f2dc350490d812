// The keywork binary's administration commands, run as real processes on a real SQLite file.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runKeywork } from "../../support/cli.ts";
import { fixturePath } from "../../support/fixtures.ts";
import { openSqliteStore } from "../../../sync-server/store/sqlite/index.ts";

let dir: string;
let env: NodeJS.ProcessEnv;

const keywork = (...args: string[]) => runKeywork(env, args);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "keywork-cli-"));
  env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, "kw.db")}` };
  expect((await keywork("demo")).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("keywork CLI", () => {
  test("demo refuses a database that already has users", async () => {
    const again = await keywork("demo");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already has users");
    expect(again.stderr).not.toMatch(/\n\s+at /u);
  });

  test("add-user --json prints the username, a generated password and an API token once", async () => {
    const res = await keywork(
      "add-user",
      "--username",
      "newkjj",
      "--name",
      "新填报人",
      "--unit",
      "市科技局",
      "--role",
      "reporter",
      "--json",
    );
    expect(res.code).toBe(0);
    const answer = JSON.parse(res.stdout) as { username: string; password: string; token: string };
    expect(answer.username).toBe("newkjj");
    expect(answer.password).toMatch(/^[A-Za-z0-9]{14}$/u);
    expect(answer.token).toMatch(/^kwa_/u);
    const store = openSqliteStore(join(dir, "kw.db"));
    const user = await store.findUserByUsername("newkjj");
    await store.close();
    expect(user).toMatchObject({ unit: "市科技局", role: "reporter" });
    expect(user!.passwordHash).not.toContain(answer.password);
  });

  test("add-user resolves a unit spelled with a stray space and refuses an unknown unit", async () => {
    expect(
      (
        await keywork(
          "add-user",
          "--username",
          "zr",
          "--name",
          "自然资源",
          "--unit",
          "市自然资源和 规划局",
          "--role",
          "reporter",
          "--json",
        )
      ).code,
    ).toBe(0);
    const bad = await keywork(
      "add-user",
      "--username",
      "zz",
      "--name",
      "无",
      "--unit",
      "市不存在局",
      "--role",
      "reporter",
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("市不存在局");
  });

  test("add-user without a required option is a usage error", async () => {
    const res = await keywork("add-user", "--username", "x");
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("--name");
  });

  test("import-plan opens a period from the fixture workbook", async () => {
    const res = await keywork(
      "import-plan",
      fixturePath("progress-2022h1-part.xlsx"),
      "--period",
      "2022-H2",
      "--due",
      "2022-12-31",
    );
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("2022-H2");
  });

  test("lock and unlock change the period", async () => {
    expect((await keywork("lock", "2022-H1")).stdout).toContain("locked");
    const store = openSqliteStore(join(dir, "kw.db"));
    expect((await store.getPeriod("2022-H1"))!.locked).toBe(true);
    await store.close();
    expect((await keywork("unlock", "2022-H1")).stdout).toContain("reopened");
    expect((await keywork("lock", "2031-H1")).code).toBe(1);
  });

  test("export writes the merged sheet of a period", async () => {
    const out = join(dir, "merged.xlsx");
    expect((await keywork("export", "2021-H2", "--out", out)).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["2021-H2", "汇总"]);
    expect(workbook.worksheets[0]!.getCell("D4").value).toContain("市政府逐月召开经济运行分析调度会");
  });

  test("an unknown command is a usage error", async () => {
    const res = await keywork("frobnicate");
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("unknown command");
  });
});
