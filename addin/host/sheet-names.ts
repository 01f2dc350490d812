// Worksheet names, the same rule in Excel and WPS: Excel allows 31 characters, none of []:*?/\, no leading or trailing apostrophe.
const MAX = 31;

export function cleanSheetName(name: string): string {
  const cleaned = name
    .replace(/[[\]:*?/\\]/gu, " ")
    .replace(/\s+/gu, " ")
    .trim()
    .replace(/^'+|'+$/gu, "");
  return (cleaned || "Keywork").slice(0, MAX).trim();
}

/** The name, or the name with " (2)", " (3)" … when taken (Excel compares names case-insensitively). */
export function uniqueSheetName(wanted: string, taken: readonly string[]): string {
  const used = new Set(taken.map((n) => n.toLowerCase()));
  const base = cleanSheetName(wanted);
  if (!used.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const name = `${base.slice(0, MAX - suffix.length).trim()}${suffix}`;
    if (!used.has(name.toLowerCase())) return name;
  }
}

/** A name no sheet has yet, for a replacement while the old sheet still exists. */
export function temporaryName(sheets: readonly { name: string }[], name: string): string {
  const taken = new Set(sheets.map((s) => s.name.toLowerCase()));
  let temp = cleanSheetName(`${name}~new`);
  for (let i = 2; taken.has(temp.toLowerCase()); i++) temp = cleanSheetName(`${name}~new${i}`);
  return temp;
}
