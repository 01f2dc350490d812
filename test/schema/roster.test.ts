import { describe, expect, test } from "vitest";
import { parseRole, parseRoster } from "../../schema/roster.ts";
import { buildDirectory } from "../../schema/units.ts";

const directory = buildDirectory([
  { name: "市发展改革委", kind: "市直部门", aliases: ["市发改委"] },
  { name: "市科技局", kind: "市直部门", aliases: [] },
]);
const context = { directory, taken: new Set(["boss"]) };
const header = ["用户名", "姓名", "单位", "角色", "手机", "邮箱"];

describe("roster sheet", () => {
  test("reads the rows after a title, units by alias, roles by either name", () => {
    const parsed = parseRoster(
      [
        ["2022年账号花名册"],
        header,
        ["fgw.li", "李明", "市发改委", "填报人", 13800000001, "li@example.cn"],
        [null, null, null, null],
        ["leader", "赵", null, "VIEWER", null, null],
      ],
      context,
    );
    expect(parsed.issues).toEqual([]);
    expect(parsed.rows).toEqual([
      {
        row: 3,
        username: "fgw.li",
        name: "李明",
        unit: "市发展改革委",
        role: "reporter",
        phone: "13800000001",
        email: "li@example.cn",
      },
      { row: 5, username: "leader", name: "赵", unit: null, role: "viewer", phone: null, email: null },
    ]);
  });

  test("a missing required column is named, and no row is read", () => {
    const parsed = parseRoster(
      [
        ["用户名", "姓名", "角色"],
        ["a1", "甲", "查阅"],
      ],
      context,
    );
    expect(parsed.rows).toEqual([]);
    expect(parsed.issues.map((i) => i.message.zh)).toEqual(["第 1 行表头缺少“单位”列"]);
  });

  test("an empty required cell names its cell", () => {
    const parsed = parseRoster([header, ["a1", "", "市科技局", "填报人"]], context);
    expect(parsed.issues).toMatchObject([{ cell: "B2", field: "name", code: "required" }]);
    expect(parsed.issues[0]!.message).toEqual({
      zh: "第 2 行 B 列(姓名):不能为空",
      en: "row 2, column B (name): must not be empty",
    });
  });

  test("a username taken by an existing account is refused", () => {
    expect(parseRoster([header, ["boss", "某", null, "查阅"]], context).issues).toMatchObject([
      { cell: "A2", code: "username-taken" },
    ]);
  });

  test("a reporter without a unit is refused, a coordinator without one is not", () => {
    const parsed = parseRoster([header, ["r1", "甲", null, "填报人"], ["c1", "乙", null, "督查室"]], context);
    expect(parsed.issues).toMatchObject([{ cell: "C2", code: "unit-required" }]);
  });

  test("a roster with no account rows is refused", () => {
    expect(parseRoster([header], context).issues).toMatchObject([{ code: "empty" }]);
  });

  test("roles are read in both vocabularies and nothing else", () => {
    expect([parseRole("督查室"), parseRole(" Reporter "), parseRole("查阅"), parseRole("局长")]).toEqual([
      "coordinator",
      "reporter",
      "viewer",
      null,
    ]);
  });
});
