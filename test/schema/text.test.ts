import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cellAddress,
  cellText,
  codePointLength,
  columnLetter,
  compactKey,
  editDistance,
  fold,
  isBlank,
  sameCompactKey,
} from "../../schema/index.ts";

describe("fold", () => {
  it("turns full-width digits, letters and brackets into ASCII", () => {
    expect(fold("１２ＡＢ（市）")).toBe("12AB(市)");
  });

  it("leaves Chinese text and CJK punctuation as they are", () => {
    expect(fold("市发展改革委。、《》")).toBe("市发展改革委。、《》");
  });
});

describe("compactKey", () => {
  it("removes every kind of whitespace, the ideographic space included", () => {
    expect(compactKey(" 市自然资源和\u3000规划局\n\t")).toBe("市自然资源和规划局");
  });

  it("folds full-width forms before comparing", () => {
    expect(compactKey("市乡村振兴局（原扶贫局）")).toBe(compactKey("市乡村振兴局(原扶贫局)"));
  });

  it("equals NFKC without whitespace for any text, with or without its fast path", () => {
    const chars = [..."市局a1 ，。（）１Ａ\u3000\u00a0\u0301e…㈠⼀\n", "\u{20000}", "가", "\u1100", "\u1161"];
    const text = fc.string({
      unit: fc.oneof(fc.constantFrom(...chars), fc.string({ unit: "grapheme", maxLength: 1 })),
    });
    fc.assert(
      fc.property(text, (s) => {
        expect(compactKey(s)).toBe(s.normalize("NFKC").replace(/\s+/gu, ""));
      }),
    );
  });

  it("equals NFKC without whitespace for every single BMP character", () => {
    const wrong: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      if (compactKey(ch) !== ch.normalize("NFKC").replace(/\s+/gu, "")) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it("equals NFKC without whitespace for every canonically composable sequence", () => {
    // The fast path must never skip a composition: rebuild every decomposable character from its parts.
    const wrong: string[] = [];
    for (let c = 0; c < 0x30000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const parts = String.fromCodePoint(c).normalize("NFD");
      if (parts.length < 2) continue;
      for (const text of [parts, `a${parts}`, `市${parts}局`]) {
        if (compactKey(text) !== text.normalize("NFKC").replace(/\s+/gu, "")) wrong.push(text);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("sameCompactKey", () => {
  it("agrees with comparing the two compact keys", () => {
    const chars = [..."市局一二ab1 ，,。（(１1\u3000\u0301e\u00e9㈠"];
    const text = fc.string({ unit: fc.constantFrom(...chars), maxLength: 12 });
    const pair = fc.oneof(
      fc.tuple(text, text),
      // Pairs sharing a prefix, so the first difference falls anywhere.
      fc.tuple(text, text, text).map(([prefix, a, b]) => [prefix + a, prefix + b] as [string, string]),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(sameCompactKey(a, b)).toBe(compactKey(a) === compactKey(b));
      }),
      { numRuns: 2000 },
    );
  });

  it("treats spacing and full-width differences as the same text", () => {
    expect(sameCompactKey("完成 x%（一期）", "完成x%(一期)")).toBe(true);
  });

  it("sees a real difference in the text", () => {
    expect(sameCompactKey("已完成主体工程", "已完成基础工程")).toBe(false);
  });
});

describe("cellText", () => {
  it("gives empty text for empty cells", () => {
    expect([cellText(null), cellText(undefined), cellText("")]).toEqual(["", "", ""]);
  });

  it("writes numbers and booleans as written", () => {
    expect([cellText(12), cellText(1.5), cellText(true)]).toEqual(["12", "1.5", "true"]);
  });

  it("joins the runs of a rich-text value", () => {
    expect(cellText({ richText: [{ text: "市发展" }, { text: "改革委" }] })).toBe("市发展改革委");
  });

  it("reads a formula cell by its result", () => {
    expect(cellText({ formula: "A1+1", result: 13 })).toBe("13");
  });

  it("reads a hyperlink cell by its text", () => {
    expect(cellText({ text: "市商务局", hyperlink: "https://example.cn" })).toBe("市商务局");
  });
});

describe("isBlank", () => {
  it("counts whitespace-only text, the ideographic space included, as blank", () => {
    expect([isBlank(" \u3000\n"), isBlank(null), isBlank("x")]).toEqual([true, true, false]);
  });
});

describe("columnLetter and cellAddress", () => {
  it("names columns A to Z, then AA, AZ, BA and ZZ, AAA", () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetter)).toEqual([
      "A",
      "Z",
      "AA",
      "AZ",
      "BA",
      "ZZ",
      "AAA",
    ]);
  });

  it("addresses a zero-based row and column in A1 style", () => {
    expect(cellAddress(16, 2)).toBe("C17");
  });
});

describe("codePointLength", () => {
  it("counts a character outside the BMP once", () => {
    expect(codePointLength("𠀀市a")).toBe(3);
  });

  it("counts a lone surrogate as one character", () => {
    expect(codePointLength("\ud800a\udc00")).toBe(3);
  });

  it("agrees with spreading the string into code points", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(codePointLength(s)).toBe([...s].length);
      }),
    );
  });
});

describe("editDistance", () => {
  it("counts the edits between two names", () => {
    expect(editDistance("市发展改革局", "市发展改革委")).toBe(1);
  });

  it("is zero for equal text and the length for empty text", () => {
    expect([editDistance("市商务局", "市商务局"), editDistance("", "市商务局")]).toEqual([0, 4]);
  });
});
