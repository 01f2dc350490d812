// 完成状态: the per-plan vocabulary and how variants map onto it.
import { compactKey, editDistance } from "./text.ts";
import type { StatusVocabulary } from "./model.ts";

export const DEFAULT_VOCABULARY: StatusVocabulary = {
  values: ["已完成", "序时推进", "进度滞后", "未启动"],
  aliases: {
    完成: "已完成",
    全部完成: "已完成",
    已办结: "已完成",
    办结: "已完成",
    正常推进: "序时推进",
    按序时推进: "序时推进",
    按时推进: "序时推进",
    推进中: "序时推进",
    进行中: "序时推进",
    正在推进: "序时推进",
    滞后: "进度滞后",
    滞后推进: "进度滞后",
    进展滞后: "进度滞后",
    未开始: "未启动",
    尚未启动: "未启动",
    未开展: "未启动",
  },
  notStarted: "未启动",
};

export type StatusMatch =
  | { kind: "empty" }
  | { kind: "exact"; canonical: string }
  | { kind: "alias"; canonical: string }
  | { kind: "unknown"; suggestion: string | null };

/** Classifies what a reporter typed in 完成状态. Spaces and full-width forms are ignored. */
export function matchStatus(raw: string, vocabulary: StatusVocabulary = DEFAULT_VOCABULARY): StatusMatch {
  return statusMatcher(vocabulary)(raw);
}

/** The status as stored: a recognised variant (完成, 滞后 …) becomes its canonical value, the rest stays. */
export function canonicalStatus(raw: string, vocabulary: StatusVocabulary = DEFAULT_VOCABULARY): string {
  const match = matchStatus(raw, vocabulary);
  return match.kind === "exact" || match.kind === "alias" ? match.canonical : raw;
}

/**
 * `matchStatus` for one vocabulary, with the vocabulary's keys computed once: use it to classify many
 * cells. Earlier values and aliases win over later ones with the same key, as in `matchStatus`.
 */
export function statusMatcher(
  vocabulary: StatusVocabulary = DEFAULT_VOCABULARY,
): (raw: string) => StatusMatch {
  // A vocabulary is never changed once built (a plan's is stored with it), so its matcher is kept:
  // the server canonicalises every submitted row with the same one.
  let matcher = matchers.get(vocabulary);
  if (!matcher) matchers.set(vocabulary, (matcher = buildMatcher(vocabulary)));
  return matcher;
}

const matchers = new WeakMap<StatusVocabulary, (raw: string) => StatusMatch>();

function buildMatcher(vocabulary: StatusVocabulary): (raw: string) => StatusMatch {
  const values = new Map<string, string>();
  for (const v of vocabulary.values) {
    const key = compactKey(v);
    if (!values.has(key)) values.set(key, v);
  }
  const aliases = new Map<string, string>();
  for (const [alias, canonical] of Object.entries(vocabulary.aliases)) {
    const key = compactKey(alias);
    if (!aliases.has(key)) aliases.set(key, canonical);
  }
  return (raw) => {
    const key = compactKey(raw);
    if (key === "") return { kind: "empty" };
    const exact = values.get(key);
    if (exact !== undefined) {
      return raw === exact ? { kind: "exact", canonical: exact } : { kind: "alias", canonical: exact };
    }
    const canonical = aliases.get(key);
    if (canonical !== undefined) return { kind: "alias", canonical };
    return { kind: "unknown", suggestion: suggestStatus(key, vocabulary) };
  };
}

function suggestStatus(key: string, vocabulary: StatusVocabulary): string | null {
  // A value that contains the typed text or is contained in it is the likeliest intent (完成了 → 已完成).
  const candidates = [
    ...vocabulary.values.map((v) => [v, v] as const),
    ...Object.entries(vocabulary.aliases),
  ];
  let best: { value: string; score: number } | null = null;
  for (const [spelling, canonical] of candidates) {
    const s = compactKey(spelling);
    const overlap = [...new Set(key)].filter((ch) => s.includes(ch)).length;
    if (overlap === 0) continue;
    const score = editDistance(key, s) - overlap;
    if (best === null || score < best.score) best = { value: canonical, score };
  }
  return best?.value ?? null;
}
