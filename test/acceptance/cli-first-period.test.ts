// Issue 11's acceptance, the command-line path: from an EMPTY database to "first period open, 3 units'
// reporters signed in and submitted, merged sheet exported", every coordinator/IT step a separate
// `node bin/keywork.js …` process, every reporter step over HTTP as the add-in does it. No `keywork
// demo`, no store or SQL access: only what a city's IT person and coordinator would do. The steps
// follow docs/deployment.md's chapter 从零上线 (命令行).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { runKeywork } from "../support/cli.ts";
import { fixturePath } from "../support/fixtures.ts";
import { readInitialPasswords, rosterWorkbook } from "../support/roster.ts";
import { startChildServer, type ChildServer } from "../support/child-server.ts";
import { api } from "../support/server.ts";

// Each step is a process that starts Node and opens the database (seconds on a loaded machine); the
// limit is for a hung process, not a speed figure.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const PLAN = fixturePath("progress-2022h1-part.xlsx");
/** A unit the plan names that the directory sheet leaves out: the publish must stop on it. */
const MISSING = "市数据资源局";
/** Three reporters of three units of the plan; 市发改委 is written as the short form, an alias. */
const REPORTERS = [
  { username: "fgw.li", name: "李明", unit: "市发展改革委", rosterUnit: "市发改委" },
  { username: "kjj.wang", name: "王芳", unit: "市科技局", rosterUnit: "市科技局" },
  { username: "czj.zhao", name: "赵强", unit: "市财政局", rosterUnit: "市财政局" },
] as const;
const NEW_PASSWORD = (username: string) => `Spring-river-${username.length}-2022!`;
const progressOf = (unit: string) => `${unit}：上半年工作按计划推进,已完成阶段目标。`;

let dir: string;
let env: NodeJS.ProcessEnv;
let server: ChildServer | undefined;

const keywork = (...args: string[]) => runKeywork(env, args);

async function ok(...args: string[]): Promise<string> {
  const res = await keywork(...args);
  expect(res.stderr, `keywork ${args.join(" ")}`).toBe("");
  expect(res.code, `keywork ${args.join(" ")}`).toBe(0);
  return res.stdout;
}

/** The unit directory sheet (单位名称 · 类别 · 别名) from test/fixtures/units.json, less MISSING. */
async function unitsSheet(file: string): Promise<void> {
  const units = (
    JSON.parse(readFileSync(fixturePath("units.json"), "utf8")) as {
      units: { name: string; kind: string; aliases: string[] }[];
    }
  ).units;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("单位名录");
  sheet.addRow(["单位名称", "类别", "别名"]);
  for (const u of units) if (u.name !== MISSING) sheet.addRow([u.name, u.kind, u.aliases.join(" ")]);
  await workbook.xlsx.writeFile(file);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "keywork-accept-cli-"));
  env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, "kw.db")}`, LOG_LEVEL: "warn" };
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface TaskRow {
  seq: number;
  unit: string;
  status: string;
  progress: string;
  version: number;
  previousProgress: string | null;
}

async function signIn(username: string, password: string) {
  return api<{ token: string; mustChangePassword: boolean }>(server!, "POST", "/sessions", {
    body: { username, password },
  });
}

// One sequence: each step needs the one before, as on the day.
describe.sequential("from an empty server to the first period, by the command line only", () => {
  let passwords: Map<string, string>;
  const tokens = new Map<string, string>();

  test("migrate creates an empty database: no units, no periods", async () => {
    expect(await ok("migrate")).toContain("migrat");
    expect(JSON.parse(await ok("units", "list", "--json"))).toEqual([]);
    expect(JSON.parse(await ok("periods", "list", "--json"))).toEqual([]);
  });

  test("units import loads the directory sheet", async () => {
    await unitsSheet(join(dir, "units.xlsx"));
    expect(await ok("units", "import", join(dir, "units.xlsx"))).toBe(
      "units imported: 31 added, 0 updated\n",
    );
  });

  test("users import creates a coordinator, 3 reporters and a viewer and writes their initial passwords", async () => {
    writeFileSync(
      join(dir, "roster.xlsx"),
      await rosterWorkbook([
        ["dcs.zhang", "张督查", null, "督查室", null, null],
        ...REPORTERS.map((r) => [r.username, r.name, r.rosterUnit, "填报人", null, null]),
        ["leader.liu", "刘副秘书长", null, "查阅", null, null],
      ]),
    );
    await ok("users", "import", join(dir, "roster.xlsx"), "--out", join(dir, "initial-passwords.xlsx"));
    passwords = await readInitialPasswords(readFileSync(join(dir, "initial-passwords.xlsx")));
    expect([...passwords.keys()].sort()).toEqual(
      ["czj.zhao", "dcs.zhang", "fgw.li", "kjj.wang", "leader.liu"].sort(),
    );
    const listed = JSON.parse(await ok("users", "list", "--json")) as {
      username: string;
      unit: string | null;
    }[];
    // The roster's short form 市发改委 is stored as the directory's canonical name.
    expect(listed.find((u) => u.username === "fgw.li")!.unit).toBe("市发展改革委");
  });

  test("import-plan without a mapping stops: the unknown unit listed once with its nearest name, nothing published", async () => {
    const res = await keywork("import-plan", PLAN, "--period", "2022-H1", "--due", "2022-07-10");
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain("1 个单位不在单位名录中");
    expect(res.stderr.match(new RegExp(`单位“${MISSING}”不在单位名录中`, "gu"))).toHaveLength(1);
    expect(res.stderr).toContain("最接近：市自然资源和规划局");
    expect(JSON.parse(await ok("periods", "list", "--json"))).toEqual([]);
  });

  test("import-plan with --map (the unknown unit added as new) opens the first period", async () => {
    writeFileSync(join(dir, "map.json"), JSON.stringify({ [MISSING]: "新增" }));
    expect(
      await ok(
        "import-plan",
        PLAN,
        "--period",
        "2022-H1",
        "--due",
        "2022-07-10",
        "--map",
        join(dir, "map.json"),
      ),
    ).toBe("period 2022-H1 opened: 2022上半年重点工作进展情况统计表\n");
    const names = (JSON.parse(await ok("units", "list", "--json")) as { name: string }[]).map((u) => u.name);
    expect(names).toContain(MISSING);
    const periods = JSON.parse(await ok("periods", "list", "--json")) as { id: string; locked: boolean }[];
    expect(periods).toMatchObject([{ id: "2022-H1", locked: false }]);
  });

  test("keywork serve runs on that database", async () => {
    server = await startChildServer("serve", { DATABASE_URL: env.DATABASE_URL!, HOST: "127.0.0.1" });
    expect((await fetch(`${server.url}/api/v1/readyz`)).status).toBe(200);
  });

  test("each reporter signs in with the initial password and is refused until the password is changed", async () => {
    for (const r of REPORTERS) {
      const session = await signIn(r.username, passwords.get(r.username)!);
      expect(session.status).toBe(201);
      expect(session.body.mustChangePassword).toBe(true);
      const token = session.body.token;
      const blocked = await api<{ title: string }>(server!, "GET", "/periods/2022-H1/tasks", { token });
      expect(blocked.status).toBe(403);
      expect(blocked.body.title).toBe("password-change-required");
      const changed = await api(server!, "POST", "/me/password", {
        token,
        body: { current: passwords.get(r.username), next: NEW_PASSWORD(r.username) },
      });
      expect(changed.status).toBe(204);
      const again = await signIn(r.username, NEW_PASSWORD(r.username));
      expect(again.body.mustChangePassword).toBe(false);
      tokens.set(r.username, again.body.token);
    }
  });

  test("each reporter pulls their unit's tasks and submits them", async () => {
    for (const r of REPORTERS) {
      const token = tokens.get(r.username)!;
      const mine = await api<{ rows: TaskRow[] }>(server!, "GET", "/periods/2022-H1/tasks", { token });
      expect(mine.status).toBe(200);
      expect(mine.body.rows.length).toBeGreaterThan(0);
      expect(mine.body.rows.every((row) => row.unit === r.unit)).toBe(true);
      const rows = mine.body.rows.map((row) => ({
        seq: row.seq,
        status: "序时推进",
        progress: progressOf(r.unit),
        baseVersion: row.version,
      }));
      const sent = await api<{ applied?: number }>(server!, "POST", "/periods/2022-H1/submissions", {
        token,
        body: { rows },
        headers: { "idempotency-key": `accept-${r.username}-2022-H1` },
      });
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
      const after = await api<{ rows: TaskRow[] }>(server!, "GET", "/periods/2022-H1/tasks", { token });
      expect(after.body.rows.every((row) => row.progress === progressOf(r.unit) && row.version === 1)).toBe(
        true,
      );
    }
  });

  test("keywork lock closes the period: a reporter's write is refused", async () => {
    await ok("lock", "2022-H1");
    const token = tokens.get("kjj.wang")!;
    const row = (await api<{ rows: TaskRow[] }>(server!, "GET", "/periods/2022-H1/tasks", { token })).body
      .rows[0]!;
    const refused = await api(server!, "POST", "/periods/2022-H1/submissions", {
      token,
      body: {
        rows: [{ seq: row.seq, status: "已完成", progress: "锁定后再改。", baseVersion: row.version }],
      },
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
  });

  test("keywork export writes the merged sheet holding the 3 units' text", async () => {
    const out = join(dir, "merged.xlsx");
    await ok("export", "2022-H1", "--out", out);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const texts: string[] = [];
    workbook.worksheets[0]!.eachRow((row) => row.eachCell((cell) => texts.push(cell.text)));
    const all = texts.join("\n");
    for (const r of REPORTERS) expect(all).toContain(progressOf(r.unit));
    expect(all).toContain("2022上半年重点工作进展情况统计表");
  });

  test("keywork audit --json holds units.import, users.import, period.publish and period.lock", async () => {
    const entries = JSON.parse(await ok("audit", "--json")) as { action: string; actor: string }[];
    const actions = new Set(entries.map((e) => e.action));
    for (const action of ["units.import", "users.import", "period.publish", "period.lock"])
      expect(actions, action).toContain(action);
  });

  test("periods new 2022-H2 --from 2022-H1: a reporter sees last period's text", async () => {
    expect(await ok("periods", "new", "2022-H2", "--from", "2022-H1", "--due", "2022-12-31")).toBe(
      "period 2022-H2 opened from 2022-H1: 2022下半年重点工作进展情况统计表\n",
    );
    const r = REPORTERS[1];
    const next = await api<{ rows: TaskRow[] }>(server!, "GET", "/periods/2022-H2/tasks", {
      token: tokens.get(r.username)!,
    });
    expect(next.status).toBe(200);
    expect(next.body.rows.length).toBeGreaterThan(0);
    for (const row of next.body.rows) {
      expect(row.previousProgress).toBe(progressOf(r.unit));
      expect(row.version).toBe(0);
    }
  });
});
