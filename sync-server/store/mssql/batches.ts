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

export function splitBatches(script: string): Batch[] {
  const text = script.replace(/^\uFEFF/u, "").replace(/\r\n?/gu, "\n");
  const batches: Batch[] = [];
  let start = 0;
  let line = 1;
  // The line of the batch's first token, or null while it holds only blanks and comments.
  let codeLine: number | null = null;
  // What the scanner is inside of at the current position.
  let state: "code" | "string" | "bracket" | "quoted" | "line-comment" = "code";
  let blockDepth = 0;

  const push = (end: number) => {
    if (codeLine !== null) batches.push({ text: text.slice(start, end).trim(), line: codeLine });
    codeLine = null;
  };

  for (let i = 0; i <= text.length;) {
    const atLineStart = i === 0 || text[i - 1] === "\n";
    if (atLineStart && state === "code" && blockDepth === 0) {
      const end = text.indexOf("\n", i);
      const lineText = text.slice(i, end === -1 ? text.length : end);
      if (GO_COUNT.test(lineText))
        throw new Error(`line ${line}: "GO <count>" repeats a batch; Keywork migrations do not use it`);
      if (GO_LINE.test(lineText)) {
        push(i);
        if (end === -1) {
          start = text.length;
          break;
        }
        start = end + 1;
        i = end + 1;
        line++;
        continue;
      }
    }
    if (i === text.length) break;
    const c = text[i]!;
    const next = text[i + 1];
    if (c === "\n") line++;
    if (blockDepth > 0) {
      // T-SQL block comments nest.
      if (c === "/" && next === "*") {
        blockDepth++;
        i += 2;
        continue;
      }
      if (c === "*" && next === "/") {
        blockDepth--;
        i += 2;
        continue;
      }
      i++;
      continue;
    }
    switch (state) {
      case "code":
        if (
          codeLine === null &&
          !/\s/u.test(c) &&
          !(c === "-" && next === "-") &&
          !(c === "/" && next === "*")
        )
          codeLine = line;
        if (c === "'") state = "string";
        else if (c === "[") state = "bracket";
        else if (c === '"') state = "quoted";
        else if (c === "-" && next === "-") state = "line-comment";
        else if (c === "/" && next === "*") {
          blockDepth = 1;
          i += 2;
          continue;
        }
        break;
      case "string":
        // '' inside a string is a quote, and the scanner stays in the string either way.
        if (c === "'") state = next === "'" ? "string" : "code";
        if (c === "'" && next === "'") i++;
        break;
      case "bracket":
        if (c === "]") {
          if (next === "]") i++;
          else state = "code";
        }
        break;
      case "quoted":
        if (c === '"') {
          if (next === '"') i++;
          else state = "code";
        }
        break;
      case "line-comment":
        if (c === "\n") state = "code";
        break;
    }
    i++;
  }
  if (state === "string" || state === "bracket" || state === "quoted" || blockDepth > 0) {
    throw new Error(
      `the script ends inside ${blockDepth > 0 ? "a /* comment */" : state === "string" ? "a string literal" : "a quoted identifier"}`,
    );
  }
  if (start < text.length) push(text.length);
  return batches;
}
