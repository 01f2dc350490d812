// `keywork users …` and `keywork audit` as real processes on a real SQLite file, from an empty
// database (no demo): the units are loaded directly, as `keywork units import` (branch directory) does.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { runKeywork } from "../../support/cli.ts";
import { openSqliteStore } from "../../../sync-server/store/sqlite/index.ts";
import { verifyPassword } from "../../../sync-server/security/passwords.ts";
import { CITY_UNITS, readInitialPasswords, rosterWorkbook } from "../../support/roster.ts";

// Each command is a process that starts Node and opens the database (seconds on a loaded machine);
// a test runs several. The limit is for a hung process, not a speed figure.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let dir: string;
let env: NodeJS.ProcessEnv;

const keywork = (...args: string[]) => runKeywork(env, args);

async function withStore<T>(body: (store: ReturnType<typeof openSqliteStore>) => Promise<T>): Promise<T> {
  const store = openSqliteStore(join(dir, "kw.db"));
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "keywork-users-"));
  env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, "kw.db")}`, LOG_LEVEL: "warn" };
  expect((await keywork("migrate")).code).toBe(0);
  await withStore((store) => store.replaceUnits(CITY_UNITS));
  writeFileSync(
    join(dir, "roster.xlsx"),
    await rosterWorkbook([
      ["boss", "王主任", null, "督查室", "13800000000", "boss@example.cn"],
      ["fgw.li", "李明", "市发改委", "填报人", null, null],
      ["kjj.wang", "王芳", "市科技局", "reporter", null, null],
    ]),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("keywork users import", () => {
  test("refuses a bad roster naming each cell, creates nobody and writes no password sheet", async () => {
    const bad = join(dir, "bad.xlsx");
    writeFileSync(
      bad,
      await rosterWorkbook([
        ["ok.one", "好", "市科技局", "填报人"],
        ["ok.one", "重", "市科技局", "填报人"],
        ["lost", "无", "市科技", "填报人"],
        ["x", "短", "市科技局", "局长", null, "not-an-email"],
      ]),
    );
    const res = await keywork("users", "import", bad, "--out", join(dir, "bad-passwords.xlsx"));
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("未创建任何账号");
    expect(res.stderr).toContain("A3  第 3 行 A 列(用户名):用户名“ok.one”与第 2 行重复");
    expect(res.stderr).toContain("C4  第 4 行 C 列(单位):单位“市科技”不在单位名录中,是否为:市科技局");
    expect(res.stderr).toContain("A5");
    expect(res.stderr).toContain("D5");
    expect(res.stderr).toContain("F5");
    expect(res.stderr).not.toMatch(/\n\s+at /u);
    expect(existsSync(join(dir, "bad-passwords.xlsx"))).toBe(false);
    expect(await withStore((s) => s.countUsers())).toBe(0);
  });

  test("creates every account and writes the one-time passwords only to --out", async () => {
    const out = join(dir, "initial-passwords.xlsx");
    const res = await keywork("users", "import", join(dir, "roster.xlsx"), "--out", out);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("3 account(s) created");
    const passwords = await readInitialPasswords(readFileSync(out));
    expect([...passwords.keys()]).toEqual(["boss", "fgw.li", "kjj.wang"]);
    for (const password of passwords.values()) {
      expect(res.stdout).not.toContain(password);
      expect(res.stderr).not.toContain(password);
    }
    const fgw = await withStore((s) => s.findUserByUsername("fgw.li"));
    expect(fgw).toMatchObject({ unit: "市发展改革委", role: "reporter", mustChangePassword: true });
    expect(await verifyPassword(passwords.get("fgw.li")!, fgw!.passwordHash)).toBe(true);
  });

  test("never overwrites an existing password sheet, and creates nobody then", async () => {
    const out = join(dir, "initial-passwords.xlsx");
    const before = readFileSync(out);
    writeFileSync(join(dir, "more.xlsx"), await rosterWorkbook([["more.one", "又一", "市财政局", "填报人"]]));
    const res = await keywork("users", "import", join(dir, "more.xlsx"), "--out", out);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("never overwritten");
    expect(readFileSync(out).equals(before)).toBe(true);
    expect(await withStore((s) => s.findUserByUsername("more.one"))).toBeNull();
  });
});

describe("keywork users on one account", () => {
  test("list --json prints username, name, unit, role and disabled of every account", async () => {
    const res = await keywork("users", "list", "--json");
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual([
      { username: "boss", name: "王主任", unit: null, role: "coordinator", disabled: false },
      { username: "fgw.li", name: "李明", unit: "市发展改革委", role: "reporter", disabled: false },
      { username: "kjj.wang", name: "王芳", unit: "市科技局", role: "reporter", disabled: false },
    ]);
  });

  test("reset-password prints a new one-time password once", async () => {
    const res = await keywork("users", "reset-password", "kjj.wang");
    expect(res.code).toBe(0);
    const password = res.stdout.trim().split("\n").at(-1)!;
    expect(password).toMatch(/^[A-Za-z0-9]{14}$/u);
    const user = await withStore((s) => s.findUserByUsername("kjj.wang"));
    expect(await verifyPassword(password, user!.passwordHash)).toBe(true);
    expect(user!.mustChangePassword).toBe(true);
  });

  test("disable and enable, set-role and set-unit by alias, each in the audit log as cli", async () => {
    expect((await keywork("users", "disable", "fgw.li")).code).toBe(0);
    expect((await withStore((s) => s.findUserByUsername("fgw.li")))!.disabled).toBe(true);
    expect((await keywork("users", "enable", "fgw.li")).code).toBe(0);
    expect((await keywork("users", "set-role", "fgw.li", "查阅")).stdout).toContain("viewer");
    expect((await keywork("users", "set-unit", "kjj.wang", "市发改委")).stdout).toContain("市发展改革委");
    const audit = await keywork("audit", "--json", "--limit", "4");
    const entries = JSON.parse(audit.stdout) as { actor: string; action: string; target: string }[];
    expect(entries.map((e) => e.action)).toEqual([
      "user.set-unit",
      "user.set-role",
      "user.enable",
      "user.disable",
    ]);
    expect(entries.every((e) => e.actor.startsWith("cli:"))).toBe(true);
  });

  test("refuses to disable or demote the last coordinator, an unknown unit and an unknown account", async () => {
    const last = await keywork("users", "disable", "boss");
    expect(last.code).toBe(1);
    expect(last.stderr).toContain("最后一个在用的督查室账号");
    expect((await keywork("users", "set-role", "boss", "reporter")).code).toBe(1);
    const unit = await keywork("users", "set-unit", "kjj.wang", "市财政");
    expect(unit.code).toBe(1);
    expect(unit.stderr).toContain("是否为:市财政局");
    expect((await keywork("users", "enable", "nobody")).stderr).toContain('no account "nobody"');
    expect((await keywork("users", "frobnicate")).code).toBe(2);
    expect((await keywork("users", "set-role", "boss")).code).toBe(2);
  });

  test("audit --action filters and the plain listing names actor, action and target", async () => {
    const res = await keywork("audit", "--action", "users.import");
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/\tcli:[^\t]+\tusers\.import\troster\.xlsx\t\{"count":3/u);
    expect((await keywork("audit", "--limit", "0")).code).toBe(2);
  });
});
