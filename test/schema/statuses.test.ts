import { describe, expect, it } from "vitest";
import {
  DEFAULT_VOCABULARY,
  canonicalStatus,
  matchStatus,
  statusMatcher,
  type StatusVocabulary,
} from "../../schema/index.ts";

describe("the default status vocabulary", () => {
  it("is 已完成 · 序时推进 · 进度滞后 · 未启动, with 未启动 as the value that needs no progress", () => {
    expect(DEFAULT_VOCABULARY.values).toEqual(["已完成", "序时推进", "进度滞后", "未启动"]);
    expect(DEFAULT_VOCABULARY.notStarted).toBe("未启动");
  });
});

describe("matchStatus", () => {
  it("accepts each canonical value as exact", () => {
    for (const value of DEFAULT_VOCABULARY.values)
      expect(matchStatus(value)).toEqual({ kind: "exact", canonical: value });
  });

  it.each([
    ["完成", "已完成"],
    ["滞后", "进度滞后"],
    ["正常推进", "序时推进"],
    ["未开始", "未启动"],
  ])("recognises the variant %s as an alias of %s", (raw, canonical) => {
    expect(matchStatus(raw)).toEqual({ kind: "alias", canonical });
  });

  it("takes a canonical value with stray spaces as an alias of itself", () => {
    expect(matchStatus(" 序时 推进\u3000")).toEqual({ kind: "alias", canonical: "序时推进" });
  });

  it("calls an empty or whitespace-only cell empty", () => {
    expect([matchStatus(""), matchStatus(" \u3000")]).toEqual([{ kind: "empty" }, { kind: "empty" }]);
  });

  it("suggests the canonical value a near miss most likely means", () => {
    expect(matchStatus("完成了")).toEqual({ kind: "unknown", suggestion: "已完成" });
  });

  it("suggests the canonical value behind a near miss of an alias", () => {
    expect(matchStatus("严重滞后")).toEqual({ kind: "unknown", suggestion: "进度滞后" });
  });

  it("suggests nothing for text that shares no character with the vocabulary", () => {
    expect(matchStatus("OK")).toEqual({ kind: "unknown", suggestion: null });
  });

  it("uses a plan's own vocabulary instead of the default", () => {
    const vocabulary: StatusVocabulary = {
      values: ["达标", "未达标"],
      aliases: { 合格: "达标" },
      notStarted: "未达标",
    };
    expect([
      matchStatus("达标", vocabulary),
      matchStatus("合格", vocabulary),
      matchStatus("已完成", vocabulary).kind,
    ]).toEqual([{ kind: "exact", canonical: "达标" }, { kind: "alias", canonical: "达标" }, "unknown"]);
  });
});

describe("statusMatcher", () => {
  it("classifies every cell exactly as matchStatus does", () => {
    const match = statusMatcher(DEFAULT_VOCABULARY);
    for (const raw of ["已完成", "完成", " 未启动 ", "", "完成了", "OK", "进展滞后"])
      expect(match(raw)).toEqual(matchStatus(raw));
  });
});

describe("canonicalStatus", () => {
  it("stores a recognised variant as its canonical value", () => {
    expect(canonicalStatus("完成")).toBe("已完成");
  });

  it("keeps a canonical value as it is", () => {
    expect(canonicalStatus("序时推进")).toBe("序时推进");
  });

  it("keeps an unrecognised status as typed", () => {
    expect(canonicalStatus("差不多了")).toBe("差不多了");
  });
});

describe("statusMatcher's keeping", () => {
  it("builds one matcher per vocabulary and hands it out again", () => {
    const vocabulary: StatusVocabulary = { ...DEFAULT_VOCABULARY, aliases: { 办完: "已完成" } };
    expect(statusMatcher(vocabulary)).toBe(statusMatcher(vocabulary));
    expect(statusMatcher(vocabulary)).not.toBe(statusMatcher({ ...vocabulary }));
    expect(statusMatcher(vocabulary)("办完")).toEqual({ kind: "alias", canonical: "已完成" });
  });
});
