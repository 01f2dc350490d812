// Schema issues turned into the API's problem details, in the caller's language.
import type { z } from "zod";
import type { Issue, Lang } from "../../schema/index.ts";
// zod's messages in both languages wherever its issues become the API's.
import "../zod-messages.ts";

export interface ApiIssue {
  seq: number | null;
  field: string | null;
  cell: string | null;
  severity: Issue["severity"];
  code: string;
  message: string;
  messages: { zh: string; en: string };
}

export function toApiIssues(
  issues: readonly Issue[],
  lang: Lang,
  options: { withCells: boolean },
): ApiIssue[] {
  return issues.map((i) => ({
    seq: i.seq,
    field: i.field,
    cell: options.withCells ? i.cell : null,
    severity: i.severity,
    code: i.code,
    message: i.message[lang],
    messages: i.message,
  }));
}

/** A field that failed its zod schema, as the API's issue list names it (422/400 `issues`). */
export interface FieldIssue {
  seq: number | null;
  field: string;
  code: string;
  message: string;
}

/**
 * zod's issues as the API's issues: one shape wherever a body, query or field set is checked.
 * `prefix` names the part checked (body.rows.3.progress); `seqOf` gives a row's 序号 from the path.
 */
export function fieldIssues(
  error: z.ZodError,
  options: { prefix?: string; seqOf?: (path: PropertyKey[]) => number | null; limit?: number } = {},
): FieldIssue[] {
  const { prefix, seqOf, limit = Infinity } = options;
  return error.issues.slice(0, limit).map((i) => ({
    seq: seqOf ? seqOf(i.path) : null,
    field: (prefix === undefined ? i.path : [prefix, ...i.path]).map(String).join("."),
    code: i.code,
    message: i.message,
  }));
}

/** The first issue as one line ("field: message"), for the problem's detail. */
export function firstIssueLine(issues: readonly FieldIssue[]): string {
  return `${issues[0]?.field}: ${issues[0]?.message}`;
}
