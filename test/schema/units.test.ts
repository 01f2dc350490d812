import { describe, expect, it } from "vitest";
import { buildDirectory, matchUnit, resolvedNames, splitUnits, suggestUnits } from "../../schema/index.ts";
import { fixtureDirectory } from "../support/fixtures.ts";

const directory = fixtureDirectory();
const names = (cell: string) => resolvedNames(splitUnits(cell, directory));

describe("buildDirectory", () => {
  it("keys every canonical name and alias by its compact form", () => {
    const dir = buildDirectory([{ name: "市乡村振兴局(原扶贫局)", kind: "bureau", aliases: ["市扶贫局"] }]);
    expect([...dir.byKey]).toEqual([
      ["市乡村振兴局(原扶贫局)", "市乡村振兴局(原扶贫局)"],
      ["市扶贫局", "市乡村振兴局(原扶贫局)"],
    ]);
  });

  it("lets a canonical name win over another unit's alias of the same spelling", () => {
    const dir = buildDirectory([
      { name: "市商务局", kind: "bureau", aliases: ["市贸易局"] },
      { name: "市贸易局", kind: "bureau", aliases: [] },
    ]);
    expect(matchUnit("市贸易局", dir)).toEqual({ raw: "市贸易局", kind: "exact", canonical: "市贸易局" });
  });
});

describe("matchUnit", () => {
  it("matches a canonical name exactly", () => {
    expect(matchUnit("市商务局", directory)).toEqual({
      raw: "市商务局",
      kind: "exact",
      canonical: "市商务局",
    });
  });

  it("ignores spaces around the name", () => {
    expect(matchUnit("  市商务局 ", directory)).toEqual({
      raw: "市商务局",
      kind: "exact",
      canonical: "市商务局",
    });
  });

  it("resolves the short form 市发改委 to 市发展改革委 as an alias", () => {
    expect(matchUnit("市发改委", directory)).toEqual({
      raw: "市发改委",
      kind: "alias",
      canonical: "市发展改革委",
    });
  });

  it("resolves a name broken by a stray space as a spacing variant", () => {
    expect(matchUnit("市自然资源和 规划局", directory)).toEqual({
      raw: "市自然资源和 规划局",
      kind: "spacing",
      canonical: "市自然资源和规划局",
    });
  });

  it("resolves full-width brackets to the directory's ASCII brackets", () => {
    expect(matchUnit("市乡村振兴局（原扶贫局）", directory)).toEqual({
      raw: "市乡村振兴局（原扶贫局）",
      kind: "spacing",
      canonical: "市乡村振兴局(原扶贫局)",
    });
  });

  it("calls an unknown name unknown and suggests the nearest directory name first", () => {
    const match = matchUnit("市发展改革局", directory);
    expect(match.kind).toBe("unknown");
    expect(match.kind === "unknown" && match.suggestions[0]).toBe("市发展改革委");
  });
});

describe("suggestUnits", () => {
  it("suggests the full name for a name with a character left out", () => {
    expect(suggestUnits("市自然资源规划局", directory)[0]).toBe("市自然资源和规划局");
  });

  it("suggests the full name for a shortened name it contains", () => {
    expect(suggestUnits("商务局", directory)).toEqual(["市商务局"]);
  });

  it("suggests nothing for a name unlike any in the directory", () => {
    expect(suggestUnits("中国人民银行", directory)).toEqual([]);
  });

  it("gives at most the number of suggestions asked for, each name once", () => {
    const suggestions = suggestUnits("政府", directory, 2);
    expect(suggestions).toHaveLength(2);
    expect(new Set(suggestions).size).toBe(2);
  });
});

describe("splitUnits", () => {
  it.each([
    ["a line break", "市科技局\n市财政局"],
    ["a Windows line break", "市科技局\r\n市财政局"],
    ["a space", "市科技局 市财政局"],
    ["an ideographic space", "市科技局\u3000市财政局"],
    ["、", "市科技局、市财政局"],
    ["a full-width comma", "市科技局，市财政局"],
    ["an ASCII comma", "市科技局,市财政局"],
    ["a semicolon", "市科技局;市财政局"],
    ["a full-width semicolon", "市科技局；市财政局"],
    ["a slash", "市科技局/市财政局"],
  ])("splits units separated by %s", (_label, cell) => {
    expect(names(cell)).toEqual(["市科技局", "市财政局"]);
  });

  it("keeps the order of the cell, the lead first", () => {
    expect(names("市财政局\n市科技局")).toEqual(["市财政局", "市科技局"]);
  });

  it("keeps a name repeated in the cell, as redacted sheets repeat them", () => {
    expect(names("市经济和信息化局\nxx县政府\nxx县政府")).toEqual([
      "市经济和信息化局",
      "xx县政府",
      "xx县政府",
    ]);
  });

  it("joins a name broken by a stray space by longest match", () => {
    expect(splitUnits("市自然资源和 规划局", directory)).toEqual([
      { raw: "市自然资源和 规划局", kind: "spacing", canonical: "市自然资源和规划局" },
    ]);
  });

  it("joins a broken name and still splits the next name at a space", () => {
    expect(names("市自然资源和 规划局 市财政局")).toEqual(["市自然资源和规划局", "市财政局"]);
  });

  it("resolves an alias inside a list", () => {
    expect(names("市发改委、市商务局")).toEqual(["市发展改革委", "市商务局"]);
  });

  it("drops a closing full stop after the last name", () => {
    expect(names("市商务局。")).toEqual(["市商务局"]);
  });

  it("gives no units for an empty or blank cell", () => {
    expect([splitUnits("", directory), splitUnits(" \n ", directory)]).toEqual([[], []]);
  });

  it("keeps the pieces of an unknown name together", () => {
    expect(splitUnits("市测试 工作组", directory)).toEqual([
      { raw: "市测试 工作组", kind: "unknown", suggestions: [] },
    ]);
  });

  it("splits two unknown names when the first already ends like a unit", () => {
    expect(names("市甲局 市乙局")).toEqual(["市甲局", "市乙局"]);
  });

  it("keeps an unknown name separate from a known one next to it", () => {
    expect(names("市测试中心 市财政局")).toEqual(["市测试中心", "市财政局"]);
  });
});

describe("resolvedNames", () => {
  it("gives canonical names for known units and the raw text for unknown ones", () => {
    expect(resolvedNames(splitUnits("市发改委\n市测试中心", directory))).toEqual([
      "市发展改革委",
      "市测试中心",
    ]);
  });
});
