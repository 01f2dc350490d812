// 牵头责任单位: the unit directory and how the spellings found in real sheets resolve to it.
import { compactKey, editDistance } from "./text.ts";
import type { Unit } from "./model.ts";

export interface UnitDirectory {
  readonly units: readonly Unit[];
  /** compactKey(name or alias) → canonical name */
  readonly byKey: ReadonlyMap<string, string>;
  /** compactKey(alias) for aliases only, to tell an alias from a spacing variant */
  readonly aliasKeys: ReadonlySet<string>;
}

export function buildDirectory(units: readonly Unit[]): UnitDirectory {
  const byKey = new Map<string, string>();
  const aliasKeys = new Set<string>();
  for (const unit of units) byKey.set(compactKey(unit.name), unit.name);
  for (const unit of units) {
    for (const alias of unit.aliases) {
      const key = compactKey(alias);
      // A canonical name always wins over someone else's alias.
      if (!byKey.has(key)) {
        byKey.set(key, unit.name);
        aliasKeys.add(key);
      }
    }
  }
  return { units, byKey, aliasKeys };
}

export type UnitMatch =
  | { raw: string; kind: "exact"; canonical: string }
  /** Same name once spaces and full-width forms are ignored. */
  | { raw: string; kind: "spacing"; canonical: string }
  | { raw: string; kind: "alias"; canonical: string }
  | { raw: string; kind: "unknown"; suggestions: string[] };

export function matchUnit(raw: string, directory: UnitDirectory): UnitMatch {
  const name = raw.trim();
  // Fast path: the canonical name as written (the directory's keys are compact, so this is exact).
  if (directory.byKey.get(name) === name) return { raw: name, kind: "exact", canonical: name };
  const key = compactKey(name);
  const canonical = directory.byKey.get(key);
  if (canonical === undefined)
    return { raw: name, kind: "unknown", suggestions: suggestUnits(name, directory) };
  if (directory.aliasKeys.has(key)) return { raw: name, kind: "alias", canonical };
  return name === canonical
    ? { raw: name, kind: "exact", canonical }
    : { raw: name, kind: "spacing", canonical };
}

/** The nearest directory names, best first. Empty when nothing is reasonably close. */
export function suggestUnits(raw: string, directory: UnitDirectory, limit = 3): string[] {
  const key = compactKey(raw);
  if (key === "") return [];
  const scored: { name: string; score: number }[] = [];
  for (const [candidateKey, canonical] of directory.byKey) {
    const contains = candidateKey.includes(key) || key.includes(candidateKey);
    const distance = editDistance(key, candidateKey);
    const allowed = Math.max(1, Math.floor(Math.max(key.length, candidateKey.length) / 3));
    if (!contains && distance > allowed) continue;
    scored.push({ name: canonical, score: contains ? distance / 2 : distance });
  }
  scored.sort((a, b) => a.score - b.score);
  return [...new Set(scored.map((s) => s.name))].slice(0, limit);
}

// Separators that always end a unit name. Spaces are ambiguous (they also occur inside names).
const HARD_SEPARATORS = /[\n\r、，,;；/／]+/u;
const UNIT_SUFFIX = /(局|委|办|府|会|院|校|学|室|处|所|站|队|司|行|部|厅|中心|集团|公司)$/u;
const MAX_JOINED_TOKENS = 6;

// Any separator, space or trailing full stop: a cell without one is a single name as written.
const NEEDS_SPLITTING = /[\s\u3000\n\r、，,;；/／。.]/;

/** Splits a 牵头责任单位 cell into unit names and resolves each against the directory. */
export function splitUnits(cell: string, directory: UnitDirectory): UnitMatch[] {
  // Fast path for the commonest cell, one name and nothing else.
  if (cell !== "" && !NEEDS_SPLITTING.test(cell)) return [matchUnit(cell, directory)];
  const matches: UnitMatch[] = [];
  for (const chunk of cell.split(HARD_SEPARATORS)) {
    if (chunk !== "" && !NEEDS_SPLITTING.test(chunk)) {
      matches.push(matchUnit(chunk, directory));
      continue;
    }
    const tokens = chunk
      .split(/[\s\u3000]+/u)
      .map((t) => t.replace(/[。.]+$/u, ""))
      .filter((t) => t !== "");
    for (const match of resolveTokens(tokens, directory)) matches.push(match);
  }
  return matches;
}

/** Longest match: joins neighbouring space-separated tokens while the joined name is in the directory. */
function resolveTokens(tokens: string[], directory: UnitDirectory): UnitMatch[] {
  const out: UnitMatch[] = [];
  let pendingUnknown: string[] = [];
  const flushUnknown = () => {
    if (pendingUnknown.length > 0) out.push(matchUnit(pendingUnknown.join(" "), directory));
    pendingUnknown = [];
  };
  let i = 0;
  while (i < tokens.length) {
    let matched: { end: number; match: UnitMatch } | null = null;
    for (let end = Math.min(tokens.length, i + MAX_JOINED_TOKENS); end > i; end--) {
      const candidate = tokens.slice(i, end).join(" ");
      // Look the candidate up first: matchUnit would compute suggestions for every failed join.
      if (!directory.byKey.has(compactKey(candidate))) continue;
      matched = { end, match: matchUnit(candidate, directory) };
      break;
    }
    if (matched) {
      flushUnknown();
      out.push(matched.match);
      i = matched.end;
      continue;
    }
    // An unknown piece stays glued to the previous unknown piece unless that one already looks whole.
    const previous = pendingUnknown[pendingUnknown.length - 1];
    if (previous !== undefined && UNIT_SUFFIX.test(previous)) flushUnknown();
    pendingUnknown.push(tokens[i]!);
    i++;
  }
  flushUnknown();
  return out;
}

/** The names a cell resolves to: canonical where known, the raw text otherwise. */
export function resolvedNames(matches: readonly UnitMatch[]): string[] {
  return matches.map((m) => (m.kind === "unknown" ? m.raw : m.canonical));
}
