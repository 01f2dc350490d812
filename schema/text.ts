// Text helpers shared by the codec, unit matching and validation. Pure: no I/O.

/** NFKC folds full-width digits, letters and brackets to their ASCII forms. */
export function fold(text: string): string {
  return text.normalize("NFKC");
}

// Any character other than the "stable" ones — printable ASCII, CJK unified ideographs and common CJK
// punctuation: not whitespace, unchanged by NFKC, never merged into a neighbour by composition (they are
// no composition's second part). A string without one is its own compact key. No `u` flag: the class is
// all BMP, a surrogate half is "not stable" either way, and the scan runs three times faster without it.
const NOT_STABLE = /[^\x21-\x7e\u4e00-\u9fff\u3001\u3002\u3008-\u3011\u3014-\u301b\u2018\u2019\u201c\u201d]/;

function isStable(c: number): boolean {
  return (
    (c > 0x20 && c < 0x7f) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    c === 0x3001 ||
    c === 0x3002 ||
    (c >= 0x3008 && c <= 0x3011) ||
    (c >= 0x3014 && c <= 0x301b) ||
    c === 0x2018 ||
    c === 0x2019 ||
    c === 0x201c ||
    c === 0x201d
  );
}

/** Folded, with every kind of whitespace (including U+3000) removed. Used as a comparison key. */
export function compactKey(text: string): string {
  // Fast path (most unit names, statuses and much prose): no normalisation, no new string.
  if (!NOT_STABLE.test(text)) return text;
  return fold(text).replace(/\s+/gu, "");
}

/**
 * `compactKey(a) === compactKey(b)`, usually without computing either key: when the first difference
 * between the two strings sits in a stretch of stable characters (see NOT_STABLE), NFKC keeps that
 * stretch as it is, so the keys differ too.
 */
export function sameCompactKey(a: string, b: string): boolean {
  if (a === b) return true;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i < n && stableThrough(a, i + 1) && stableThrough(b, i + 1)) return false;
  return compactKey(a) === compactKey(b);
}

/** Characters 0..end of `text` (those that exist) are all stable. */
function stableThrough(text: string, end: number): boolean {
  const last = Math.min(end, text.length - 1);
  for (let i = 0; i <= last; i++) if (!isStable(text.charCodeAt(i))) return false;
  return true;
}

/** A cell value as text: numbers as written, null/undefined as "", rich values by their text. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join("");
    if (typeof v.text === "string") return v.text;
    if (v.result !== undefined) return cellText(v.result);
  }
  return String(value);
}

export function isBlank(value: unknown): boolean {
  return cellText(value).trim() === "";
}

/** 0 → "A", 25 → "Z", 26 → "AA". */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Zero-based row and column to an A1 address ("C17"). */
export function cellAddress(row: number, column: number): string {
  return `${columnLetter(column)}${row + 1}`;
}

/** Length in code points (what a person counts as characters), without building an array. */
export function codePointLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Levenshtein distance, small strings only (unit names, statuses). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[y.length]!;
}
