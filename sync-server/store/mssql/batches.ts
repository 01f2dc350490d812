// Splits a T-SQL script into batches on `GO` lines, as sqlcmd and SSMS do, so the same .sql files run
// here and by hand. GO is not T-SQL: it is only a separator when it stands alone on its line (an
// optional `-- comment` may follow), outside strings, [identifiers], "identifiers" and /* comments */.

export interface Batch {
  /** The batch text, without the GO line. */
  text: string;
  /** 1-based line of the script where the batch starts, for error messages. */
  line: number;
}

const GO_LINE = /^[ \t]*go[ \t]*(?:--.*)?$/iu;
const GO_COUNT = /^[ \t]*go[ \t]+\d+[ \t]*(?:--.*)?$/iu;

/** Where the scanner is: what it is inside of, the line, and the current batch's first code line. */
interface Scan {
  state: "code" | "string" | "bracket" | "quoted" | "line-comment";
  /** T-SQL block comments nest. */
  blockDepth: number;
  line: number;
  /** The line of the batch's first token, or null while it holds only blanks and comments. */
  codeLine: number | null;
}

export function splitBatches(script: string): Batch[] {
  const text = script.replace(/^\uFEFF/u, "").replace(/\r\n?/gu, "\n");
  const batches: Batch[] = [];
  const scan: Scan = { state: "code", blockDepth: 0, line: 1, codeLine: null };
  let start = 0;

  const push = (end: number) => {
    if (scan.codeLine !== null) batches.push({ text: text.slice(start, end).trim(), line: scan.codeLine });
    scan.codeLine = null;
  };

  for (let i = 0; i <= text.length;) {
    const atLineStart = i === 0 || text[i - 1] === "\n";
    if (atLineStart && scan.state === "code" && scan.blockDepth === 0) {
      const end = text.indexOf("\n", i);
      const lineText = text.slice(i, end === -1 ? text.length : end);
      if (GO_COUNT.test(lineText))
        throw new Error(`line ${scan.line}: "GO <count>" repeats a batch; Keywork migrations do not use it`);
      if (GO_LINE.test(lineText)) {
        push(i);
        if (end === -1) {
          start = text.length;
          break;
        }
        start = end + 1;
        i = end + 1;
        scan.line++;
        continue;
      }
    }
    if (i === text.length) break;
    i = scanAt(scan, text, i);
  }
  if (scan.state === "string" || scan.state === "bracket" || scan.state === "quoted" || scan.blockDepth > 0) {
    throw new Error(
      `the script ends inside ${scan.blockDepth > 0 ? "a /* comment */" : scan.state === "string" ? "a string literal" : "a quoted identifier"}`,
    );
  }
  if (start < text.length) push(text.length);
  return batches;
}

/** Reads the character at i (two for a comment mark or an escaped quote); answers the next position. */
function scanAt(scan: Scan, text: string, i: number): number {
  const c = text[i]!;
  const next = text[i + 1];
  if (c === "\n") scan.line++;
  if (scan.blockDepth > 0) {
    if (c === "/" && next === "*") scan.blockDepth++;
    else if (c === "*" && next === "/") scan.blockDepth--;
    else return i + 1;
    return i + 2;
  }
  switch (scan.state) {
    case "code":
      return scanCode(scan, c, next, i);
    case "string":
      // '' inside a string is a quote, and the scanner stays in the string either way.
      if (c === "'" && next === "'") return i + 2;
      if (c === "'") scan.state = "code";
      break;
    case "bracket":
    case "quoted": {
      const close = scan.state === "bracket" ? "]" : '"';
      if (c === close && next === close) return i + 2;
      if (c === close) scan.state = "code";
      break;
    }
    case "line-comment":
      if (c === "\n") scan.state = "code";
      break;
  }
  return i + 1;
}

function scanCode(scan: Scan, c: string, next: string | undefined, i: number): number {
  const lineComment = c === "-" && next === "-";
  const blockComment = c === "/" && next === "*";
  if (scan.codeLine === null && !/\s/u.test(c) && !lineComment && !blockComment) scan.codeLine = scan.line;
  if (blockComment) {
    scan.blockDepth = 1;
    return i + 2;
  }
  if (c === "'") scan.state = "string";
  else if (c === "[") scan.state = "bracket";
  else if (c === '"') scan.state = "quoted";
  else if (lineComment) scan.state = "line-comment";
  return i + 1;
}
