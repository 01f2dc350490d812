// Schema issues turned into the API's problem details, in the caller's language.
import type { Issue, Lang } from "../../schema/index.ts";

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
