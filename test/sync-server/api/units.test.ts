// The unit directory API (coordinator only) on a real server from an EMPTY database: import, list,
// add, edit, rename, merge, export; bad sheets refused with each cell named and nothing stored; what
// a rename moves and what it keeps.
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fixturePath } from "../../support/fixtures.ts";
import { api, publishFixture, startTestServer, submission, type TestServer } from "../../support/server.ts";

let server: TestServer;
let coordinator: string;

type Problem = {
  title: string;
  detail: string;
  issues?: { cell?: string; field?: string | null; message: string; code: string }[];
};
type Directory = {
  units: { name: string; kind: string; aliases: string[] }[];
  retired: { name: string; retiredInto: string }[];
};

async function sheet(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("单位名录").addRows(rows);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function importSheet(token: string, file: Buffer) {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(file)]), "units.xlsx");
  return fetch(`${server.url}/api/v1/units/import`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
}

const directory = async () =>
  (await api<Directory>(server, "GET", "/units/directory", { token: coordinator })).body;

beforeAll(async () => {
  server = await startTestServer();
  // From an empty directory: the coordinator's account has no unit.
  coordinator = await server.user("coord", "coordinator", null);
});
afterAll(() => server.stop());

describe("unit directory API", () => {
  test("a sheet of 单位名称 · 类别 · 别名 imports every unit with aliases split as people type them", async () => {
    const res = await importSheet(
      coordinator,
      await sheet([
        ["单位名称", "类别", "别名"],
        ["市发展改革委", "市直部门", "市发改委、发改委"],
        ["市科技局", "bureau", "科技局, 市科学技术局"],
        ["市财政局", "市直部门", "财政局；市财政"],
        ["xx县政府", "县（市）", "xx县\nxx县人民政府"],
        ["市政府办公室", "市直部门", ""],
        [],
      ]),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      added: ["市发展改革委", "市科技局", "市财政局", "xx县政府", "市政府办公室"],
      updated: [],
    });
    const { units } = await directory();
    expect(units.map((u) => [u.name, u.kind, [...u.aliases].sort()])).toEqual([
      ["市发展改革委", "bureau", ["发改委", "市发改委"].sort()],
      ["市科技局", "bureau", ["市科学技术局", "科技局"].sort()],
      ["市财政局", "bureau", ["市财政", "财政局"].sort()],
      ["xx县政府", "county", ["xx县", "xx县人民政府"].sort()],
      ["市政府办公室", "bureau", []],
    ]);
  });

  test("a bad sheet is refused whole, each bad cell named in Chinese then English, and nothing is stored", async () => {
    const before = await directory();
    const res = await importSheet(
      coordinator,
      await sheet([
        ["单位名称", "类别", "别名"],
        ["市商务局", "市直部门", "商务局"],
        ["市商务局", "市直部门", ""],
        ["", "市直部门", "无名"],
        ["市水利局", "", "水利局、商务局"],
        ["市民政局", "市直部门", "发改委"],
        ["市发改委", "市直部门", ""],
      ]),
    );
    expect(res.status).toBe(422);
    const body = (await res.json()) as Problem;
    expect(body.title).toBe("invalid-units");
    const byCell = Object.fromEntries(body.issues!.map((i) => [i.cell, i]));
    expect(byCell.A3).toMatchObject({ code: "duplicate-unit" });
    expect(byCell.A3!.message).toMatch(/^第 3 行 A 列：单位名称“市商务局”重复.* \/ row 3, column A: /u);
    expect(byCell.A4).toMatchObject({ code: "empty-cell" });
    expect(byCell.B5).toMatchObject({ code: "empty-cell" });
    expect(byCell.C5).toMatchObject({ code: "duplicate-alias" });
    expect(byCell.C6).toMatchObject({ code: "taken-in-directory" });
    expect(byCell.C6!.message).toContain("市发展改革委");
    expect(byCell.A7).toMatchObject({ code: "taken-in-directory" });
    expect(await directory()).toEqual(before);
  });

  test("the JSON format of test/fixtures/units.json imports too, updating the units it lists", async () => {
    const res = await api(server, "POST", "/units/import", {
      token: coordinator,
      raw: readFileSync(fixturePath("units.json")),
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(200);
    const { units } = await directory();
    expect(units).toHaveLength(32);
    // The fixture gives 市发展改革委 its own aliases: the listed unit's aliases are replaced.
    expect(units.find((u) => u.name === "市发展改革委")!.aliases).toContain("市发改委");
  });

  test("the exported workbook imports back unchanged", async () => {
    const before = await directory();
    const res = await fetch(`${server.url}/api/v1/units/export.xlsx`, {
      headers: { authorization: `Bearer ${coordinator}` },
    });
    expect(res.status).toBe(200);
    const file = Buffer.from(await res.arrayBuffer());
    const back = await importSheet(coordinator, file);
    expect(back.status).toBe(200);
    expect(((await back.json()) as { added: string[] }).added).toEqual([]);
    expect(await directory()).toEqual(before);
  });

  test("add and edit: a new unit at the end, then its kind and aliases changed", async () => {
    const added = await api(server, "POST", "/units", {
      token: coordinator,
      body: { name: "市大数据中心", kind: "市直部门", aliases: ["大数据中心"] },
    });
    expect(added.status).toBe(201);
    const edited = await api(server, "PATCH", `/units/${encodeURIComponent("市大数据中心")}`, {
      token: coordinator,
      body: { kind: "other", aliases: ["大数据局", "数据中心"] },
    });
    expect(edited.status).toBe(200);
    const last = (await directory()).units.at(-1)!;
    expect(last).toEqual({ name: "市大数据中心", kind: "other", aliases: ["大数据局", "数据中心"] });
    const again = await api<Problem>(server, "POST", "/units", {
      token: coordinator,
      body: { name: "市大数据中心" },
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/^单位“市大数据中心”已在单位名录中 \/ /u);
  });

  test("an alias that is another unit's name is refused, naming the field", async () => {
    const res = await api<Problem>(server, "PATCH", `/units/${encodeURIComponent("市大数据中心")}`, {
      token: coordinator,
      body: { aliases: ["市财政局"] },
    });
    expect(res.status).toBe(422);
    expect(res.body.issues![0]!.message).toMatch(/^字段 aliases：.*“市财政局”.* \/ field aliases: /u);
  });

  test("a rename onto an existing name and a merge of a unit into itself are refused", async () => {
    const onto = await api<Problem>(server, "POST", `/units/${encodeURIComponent("市大数据中心")}/rename`, {
      token: coordinator,
      body: { to: "市财政局" },
    });
    expect(onto.status).toBe(409);
    expect(onto.body.detail).toMatch(/^字段 to：单位“市财政局”已存在/u);
    const itself = await api<Problem>(server, "POST", "/units/merge", {
      token: coordinator,
      body: { from: ["市大数据中心"], into: "市大数据中心" },
    });
    expect(itself.status).toBe(422);
    expect(itself.body.title).toBe("merge-into-itself");
    expect(itself.body.detail).toMatch(/^字段 into：不能将单位“市大数据中心”并入自身 \//u);
  });

  test("reporters and viewers may not read or change the directory", async () => {
    const reporter = await server.user("kjj-reader", "reporter", "市科技局");
    expect((await api(server, "GET", "/units/directory", { token: reporter })).status).toBe(403);
    expect((await api(server, "POST", "/units", { token: reporter, body: { name: "某局" } })).status).toBe(
      403,
    );
    expect((await api(server, "POST", "/units/merge", { body: { from: ["a"], into: "b" } })).status).toBe(
      401,
    );
  });
});

describe("rename and merge keep history truthful", () => {
  test("a rename: the locked period keeps the old name, the open period, the account and the rows move", async () => {
    await publishFixture(server, (await directory()).units);
    const kjj = await server.user("kjj", "reporter", "市科技局");
    const submitted = await api(server, "POST", "/periods/2022-H1/submissions", {
      token: kjj,
      body: submission([{ seq: 19, progress: "上半年：科技局平台认定全部完成。" }]),
    });
    expect(submitted.status).toBe(200);
    expect((await api(server, "POST", "/periods/2022-H1/lock", { token: coordinator })).status).toBe(200);
    const next = await api(server, "POST", "/periods", {
      token: coordinator,
      body: { period: "2022-H2", from: "2022-H1", due: "2022-12-31" },
    });
    expect(next.status).toBe(201);
    await api(server, "POST", "/periods/2022-H2/submissions", {
      token: kjj,
      body: submission([{ seq: 19, progress: "下半年：科技局继续推进。" }]),
    });

    const renamed = await api<{ periods: string[]; users: number; reports: number }>(
      server,
      "POST",
      `/units/${encodeURIComponent("市科技局")}/rename`,
      { token: coordinator, body: { to: "市科学技术局" } },
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ periods: ["2022-H2"], reports: 1 });

    // The past: the locked period's merged sheet still says 市科技局.
    const past = await api<{ coverage: { units: { unit: string }[] } }>(
      server,
      "GET",
      "/periods/2022-H1/merged",
      {
        token: coordinator,
      },
    );
    expect(past.body.coverage.units.map((u) => u.unit)).toContain("市科技局");
    expect(past.body.coverage.units.map((u) => u.unit)).not.toContain("市科学技术局");
    // The present: the open period, the account and its row are under the new name.
    const me = await api<{ unit: string }>(server, "GET", "/me", { token: kjj });
    expect(me.body.unit).toBe("市科学技术局");
    const tasks = await api<{
      rows: { seq: number; unit: string; progress: string; previousProgress: string | null }[];
    }>(server, "GET", "/periods/2022-H2/tasks", { token: kjj });
    expect(tasks.status).toBe(200);
    // Last period's text follows the unit to its new name.
    expect(tasks.body.rows.find((r) => r.seq === 19)).toMatchObject({
      unit: "市科学技术局",
      progress: "下半年：科技局继续推进。",
      previousProgress: "上半年：科技局平台认定全部完成。",
    });
    // The old name is an alias now, so an old sheet naming 市科技局 still validates.
    const d = await directory();
    expect(d.units.find((u) => u.name === "市科学技术局")!.aliases).toContain("市科技局");
    expect(d.retired).toEqual([expect.objectContaining({ name: "市科技局", retiredInto: "市科学技术局" })]);
    // Each administrative step is in the audit log.
    const actions = (await server.deps.store.listAudit({ limit: 50 })).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "unit.rename",
        "period.new",
        "period.lock",
        "units.import",
        "unit.add",
        "unit.update",
      ]),
    );
  });

  test("a merge moves two units' accounts into one and answers what moved", async () => {
    const sw = await server.user("swj", "reporter", "市商务局");
    const res = await api<{ from: string[]; into: string; users: number }>(server, "POST", "/units/merge", {
      token: coordinator,
      body: { from: ["市商务局", "市地方金融监管局"], into: "市商务和金融局" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      from: ["市商务局", "市地方金融监管局"],
      into: "市商务和金融局",
      users: 1,
    });
    expect((await api<{ unit: string }>(server, "GET", "/me", { token: sw })).body.unit).toBe(
      "市商务和金融局",
    );
  });
});
