import { describe, expect, test } from "vitest";
import { splitDetail } from "../../schema/api.ts";

describe("splitDetail", () => {
  test("a server detail “中文 / English” splits into its two languages", () => {
    expect(splitDetail("报送期 2022-H1 已锁定,不能再修改 / period 2022-H1 is locked")).toEqual({
      zh: "报送期 2022-H1 已锁定,不能再修改",
      en: "period 2022-H1 is locked",
    });
  });

  test("Chinese names inside the English part do not confuse the split", () => {
    expect(splitDetail("序号 1 不是市科技局承担的任务 / tasks 1 are not tasks of 市科技局")).toEqual({
      zh: "序号 1 不是市科技局承担的任务",
      en: "tasks 1 are not tasks of 市科技局",
    });
  });

  test("an English-first detail is read the other way round", () => {
    expect(splitDetail("sign in first / 请先登录")).toEqual({ zh: "请先登录", en: "sign in first" });
  });

  test("a detail in one language serves both", () => {
    expect(splitDetail("no such endpoint")).toEqual({ zh: "no such endpoint", en: "no such endpoint" });
    expect(splitDetail("a / b")).toEqual({ zh: "a / b", en: "a / b" });
  });
});
