// 账号管理 over HTTP from an empty database (issue 11): roster import, first sign-in, disable,
// reset, role and unit, the last coordinator, the own password change, the audit log.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { api, startTestServer, type TestServer } from "../../support/server.ts";
import { CITY_UNITS, readInitialPasswords, rosterWorkbook } from "../../support/roster.ts";

let server: TestServer;
let boss: string;

beforeAll(async () => {
  server = await startTestServer();
  await server.deps.store.replaceUnits(CITY_UNITS);
  boss = await server.user("boss", "coordinator", null);
});
afterAll(() => server.stop());

async function upload(path: string, file: Buffer, token = boss) {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(file)]), "花名册.xlsx");
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return res;
}

async function signIn(username: string, password: string) {
  return api<{ token: string; mustChangePassword: boolean }>(server, "POST", "/sessions", {
    body: { username, password },
  });
}

async function importRoster(rows: (string | null)[][]): Promise<Map<string, string>> {
  const res = await upload("/users/import", await rosterWorkbook(rows));
  expect(res.status).toBe(201);
  return readInitialPasswords(await res.arrayBuffer());
}

describe("roster import", () => {
  test("creates every account and answers the initial-password sheet once", async () => {
    const res = await upload(
      "/users/import",
      await rosterWorkbook([
        ["fgw.li", "李明", "市发改委", "填报人", "13800000001", "li@example.cn"],
        ["kjj.wang", "王芳", "市科技局", "reporter", null, null],
        ["leader", "赵领导", null, "查阅", null, null],
      ]),
    );
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const passwords = await readInitialPasswords(await res.arrayBuffer());
    expect([...passwords.keys()]).toEqual(["fgw.li", "kjj.wang", "leader"]);
    const list = await api<{
      users: { username: string; unit: string | null; mustChangePassword: boolean }[];
    }>(server, "GET", "/users", { token: boss });
    expect(list.body.users.find((u) => u.username === "fgw.li")).toMatchObject({
      unit: "市发展改革委",
      role: "reporter",
      disabled: false,
      mustChangePassword: true,
      phone: "13800000001",
      email: "li@example.cn",
    });
    expect(JSON.stringify(list.body)).not.toContain("passwordHash");
  });

  test("keeps no plain initial password in the database or the audit log", async () => {
    const passwords = await importRoster([["plain.check", "检查", "市财政局", "填报人"]]);
    const password = passwords.get("plain.check")!;
    expect(password).toMatch(/^[A-Za-z0-9]{14}$/u);
    const audit = await api<{ entries: { action: string; detail: unknown }[] }>(server, "GET", "/audit", {
      token: boss,
    });
    const entry = audit.body.entries.find((e) => e.action === "users.import")!;
    expect(entry.detail).toMatchObject({ count: 1, usernames: ["plain.check"] });
    expect(JSON.stringify(audit.body)).not.toContain(password);
    expect(readFileSync(server.dbFile).includes(Buffer.from(password))).toBe(false);
  });

  test("refuses a bad roster naming each cell, and creates no account at all", async () => {
    const before = await server.countRows("users");
    const res = await upload(
      "/users/import",
      await rosterWorkbook([
        ["good.one", "好人", "市科技局", "填报人"],
        ["boss", "重名", "市科技局", "填报人"],
        ["twin", "甲", "市科技", "填报人"],
        ["twin", "乙", null, "填报人"],
        ["role.bad", "丙", "市财政局", "局长"],
        ["phone.bad", "丁", "市财政局", "填报人", "12345"],
      ]),
    );
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await res.json()) as { detail: string; issues: { cell: string; message: string }[] };
    expect(problem.detail).toMatch(/^花名册有 \d+ 处问题,未创建任何账号/u);
    const byCell = Object.fromEntries(problem.issues.map((i) => [i.cell, i.message]));
    expect(byCell.A3).toContain("已被现有账号使用");
    expect(byCell.C4).toContain("是否为:市科技局");
    expect(byCell.A5).toContain("与第 4 行重复");
    expect(byCell.C5).toContain("填报人必须填写单位");
    expect(byCell.D6).toMatch(/^第 6 行 D 列\(角色\):角色“局长”无效.* \/ row 6, column D \(role\)/u);
    expect(byCell.E7).toContain("手机号“12345”格式不正确");
    expect(await server.countRows("users")).toBe(before);
  });

  test("checks a roster without creating anything", async () => {
    const before = await server.countRows("users");
    const res = await upload(
      "/users/import/check",
      await rosterWorkbook([["check.only", "只检查", "市科技局", "填报人"]]),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      rows: [
        {
          row: 2,
          username: "check.only",
          name: "只检查",
          unit: "市科技局",
          role: "reporter",
          phone: null,
          email: null,
        },
      ],
      issues: [],
    });
    expect(await server.countRows("users")).toBe(before);
  });

  test("refuses a file that is not a workbook with 422", async () => {
    const res = await upload("/users/import", Buffer.from("用户名,姓名\n"));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { title: string }).title).toBe("not-xlsx");
  });

  test("is the coordinator's alone", async () => {
    const reporter = await server.user("rep.only", "reporter", "市科技局");
    const viewer = await server.user("view.only", "viewer", null);
    for (const token of [reporter, viewer]) {
      expect(
        (await upload("/users/import", await rosterWorkbook([["x.y", "某", "市科技局", "填报人"]]), token))
          .status,
      ).toBe(403);
      expect((await api(server, "GET", "/users", { token })).status).toBe(403);
      expect((await api(server, "GET", "/audit", { token })).status).toBe(403);
      expect((await api(server, "POST", "/users/boss/disable", { token })).status).toBe(403);
    }
    expect((await api(server, "GET", "/users")).status).toBe(401);
  });
});

describe("first sign-in with an initial password", () => {
  test("says mustChangePassword, refuses every other call with 403 until the password is changed", async () => {
    const passwords = await importRoster([["first.time", "新人", "市科技局", "填报人"]]);
    const session = await signIn("first.time", passwords.get("first.time")!);
    expect(session.status).toBe(201);
    expect(session.body.mustChangePassword).toBe(true);
    const token = session.body.token;
    const blocked = await api<{ title: string; detail: string }>(server, "GET", "/periods", { token });
    expect(blocked.status).toBe(403);
    expect(blocked.headers.get("content-type")).toContain("application/problem+json");
    expect(blocked.body.title).toBe("password-change-required");
    expect(blocked.body.detail).toMatch(/^请先修改初始密码 \/ change your initial password/u);
    expect((await api(server, "GET", "/me", { token })).body).toMatchObject({ mustChangePassword: true });

    const changed = await api(server, "POST", "/me/password", {
      token,
      body: { current: passwords.get("first.time"), next: "Spring-river-2022" },
    });
    expect(changed.status).toBe(204);
    expect((await api(server, "GET", "/periods", { token })).status).toBe(200);
    expect((await api(server, "GET", "/me", { token })).body).toEqual({
      username: "first.time",
      name: "新人",
      unit: "市科技局",
      role: "reporter",
    });
    expect((await signIn("first.time", "Spring-river-2022")).body.mustChangePassword).toBe(false);
  });

  test("refuses a new password that breaks the rules, naming each rule", async () => {
    const token = await server.user("weakling", "reporter", "市科技局");
    const short = await api<{ title: string; detail: string }>(server, "POST", "/me/password", {
      token,
      body: { current: "weakling-password-1", next: "short" },
    });
    expect(short.status).toBe(422);
    expect(short.body.detail).toContain("密码至少 10 个字符");
    const username = await api<{ detail: string }>(server, "POST", "/me/password", {
      token,
      body: { current: "weakling-password-1", next: "weakling-2022-x" },
    });
    expect(username.body.detail).toContain("密码不能包含用户名");
    const common = await api<{ detail: string }>(server, "POST", "/me/password", {
      token,
      body: { current: "weakling-password-1", next: "Password123" },
    });
    expect(common.body.detail).toContain("密码过于常见");
    const wrong = await api<{ title: string }>(server, "POST", "/me/password", {
      token,
      body: { current: "not-my-password", next: "Autumn-leaves-77" },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.title).toBe("wrong-current-password");
    expect((await signIn("weakling", "weakling-password-1")).status).toBe(201);
  });

  test("an account made with a chosen password is not made to change it", async () => {
    await server.user("chosen", "viewer", null);
    expect((await signIn("chosen", "chosen-password-1")).body.mustChangePassword).toBe(false);
  });
});

describe("one account", () => {
  test("disabling ends its sessions and API tokens at once; enabling lets it sign in again", async () => {
    const token = await server.user("leaver", "reporter", "市财政局");
    const { addUser } = await import("../../../sync-server/use-cases/users.ts");
    const apiToken = (
      await addUser(server.deps, {
        username: "leaver.script",
        name: "脚本",
        unit: "市财政局",
        role: "reporter",
        password: "leaver-script-pass",
      })
    ).token;
    expect((await api(server, "GET", "/periods", { token: apiToken })).status).toBe(200);
    const off = await api(server, "POST", "/users/leaver/disable", { token: boss });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ username: "leaver", disabled: true });
    expect((await api(server, "GET", "/periods", { token })).status).toBe(401);
    await api(server, "POST", "/users/leaver.script/disable", { token: boss });
    expect((await api(server, "GET", "/periods", { token: apiToken })).status).toBe(401);
    const refused = await signIn("leaver", "leaver-password-1");
    expect(refused.status).toBe(403);
    expect((refused.body as unknown as { title: string }).title).toBe("account-disabled");
    expect((await api(server, "POST", "/users/leaver/enable", { token: boss })).status).toBe(200);
    expect((await signIn("leaver", "leaver-password-1")).status).toBe(201);
  });

  test("a coordinator cannot disable or demote the last active coordinator", async () => {
    const self = await api<{ title: string; detail: string }>(server, "POST", "/users/boss/disable", {
      token: boss,
    });
    expect(self.status).toBe(409);
    expect(self.body.title).toBe("last-coordinator");
    expect(self.body.detail).toContain("最后一个在用的督查室账号");
    const demote = await api(server, "POST", "/users/boss/role", { token: boss, body: { role: "viewer" } });
    expect(demote.status).toBe(409);
    expect((await api(server, "GET", "/periods", { token: boss })).status).toBe(200);
  });

  test("a reset answers a new one-time password once and ends the account's sessions", async () => {
    const old = await server.user("forgetful", "reporter", "市科技局");
    const reset = await api<{ username: string; password: string }>(
      server,
      "POST",
      "/users/forgetful/reset-password",
      { token: boss },
    );
    expect(reset.status).toBe(200);
    expect(reset.headers.get("cache-control")).toBe("no-store");
    expect(reset.body.password).toMatch(/^[A-Za-z0-9]{14}$/u);
    expect((await api(server, "GET", "/me", { token: old })).status).toBe(401);
    expect((await signIn("forgetful", "forgetful-password-1")).status).toBe(401);
    expect((await signIn("forgetful", reset.body.password)).body.mustChangePassword).toBe(true);
    const audit = await api<{ entries: unknown[] }>(server, "GET", "/audit?action=user.reset-password", {
      token: boss,
    });
    expect(audit.body.entries).toMatchObject([
      { actor: "boss", action: "user.reset-password", target: "forgetful" },
    ]);
    expect(JSON.stringify(audit.body)).not.toContain(reset.body.password);
  });

  test("sets the role by either name and the unit by an alias, and refuses an unknown unit with suggestions", async () => {
    await server.user("mover", "reporter", "市科技局");
    const unit = await api(server, "POST", "/users/mover/unit", { token: boss, body: { unit: "市发改委" } });
    expect(unit.body).toMatchObject({ unit: "市发展改革委" });
    const role = await api(server, "POST", "/users/mover/role", { token: boss, body: { role: "查阅" } });
    expect(role.body).toMatchObject({ role: "viewer" });
    const unknown = await api<{ detail: string; suggestions: string[] }>(
      server,
      "POST",
      "/users/mover/unit",
      {
        token: boss,
        body: { unit: "市财政" },
      },
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.suggestions).toContain("市财政局");
    const badRole = await api(server, "POST", "/users/mover/role", { token: boss, body: { role: "局长" } });
    expect(badRole.status).toBe(422);
    expect((await api(server, "POST", "/users/nobody/disable", { token: boss })).status).toBe(404);
    expect((await api(server, "POST", "/users/bad%20name/disable", { token: boss })).status).toBe(400);
  });
});

describe("GET /audit", () => {
  test("pages backwards with before and filters by action and actor", async () => {
    const first = await api<{ entries: { id: number; actor: string }[]; nextBefore: number | null }>(
      server,
      "GET",
      "/audit?limit=2",
      { token: boss },
    );
    expect(first.status).toBe(200);
    expect(first.body.entries).toHaveLength(2);
    expect(first.body.nextBefore).toBe(first.body.entries[1]!.id);
    const next = await api<{ entries: { id: number }[] }>(
      server,
      "GET",
      `/audit?limit=2&before=${first.body.nextBefore}`,
      {
        token: boss,
      },
    );
    expect(next.body.entries[0]!.id).toBeLessThan(first.body.nextBefore!);
    const byActor = await api<{ entries: { actor: string }[] }>(server, "GET", "/audit?actor=boss", {
      token: boss,
    });
    expect(byActor.body.entries.length).toBeGreaterThan(0);
    expect(byActor.body.entries.every((e) => e.actor === "boss")).toBe(true);
  });

  test("refuses a bad query with 400 naming the parameter", async () => {
    for (const query of ["limit=0", "limit=501", "before=abc", "action=DROP%20TABLE", "colour=red"]) {
      const res = await api<{ title: string }>(server, "GET", `/audit?${query}`, { token: boss });
      expect(res.status, query).toBe(400);
      expect(res.body.title).toBe("invalid-query");
    }
  });
});

test("the OpenAPI document lists the accounts and audit endpoints", async () => {
  const res = await api<{ paths: Record<string, unknown> }>(server, "GET", "/openapi.json");
  for (const path of [
    "/me/password",
    "/users",
    "/users/import",
    "/users/import/check",
    "/users/{username}/reset-password",
    "/users/{username}/disable",
    "/users/{username}/enable",
    "/users/{username}/role",
    "/users/{username}/unit",
    "/audit",
  ])
    expect(res.body.paths, path).toHaveProperty([path]);
});
