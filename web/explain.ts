// Every failure told in words that name what failed and, where the server said, the cell or field.
import { ApiError, NetworkError } from "../client/errors.ts";
import { splitDetail } from "../schema/api.ts";
import type { ApiIssue } from "./api.ts";
import { join, msg, type Key, type Msg } from "./i18n.ts";

/** "C5: …" or "序号 12 · status: …" or "field: …", in both languages. */
export function issueLine(issue: ApiIssue): Msg {
  const text = issue.messages ?? splitDetail(issue.message);
  const where =
    issue.cell ??
    (issue.seq !== null ? `序号 ${issue.seq}${issue.field ? ` · ${issue.field}` : ""}` : (issue.field ?? ""));
  return where ? join(`${where}: `, text) : text;
}

export function explain(error: unknown, what: Key): Msg {
  const action = msg(what);
  if (error instanceof NetworkError) return msg("error.network", { what: action });
  if (error instanceof ApiError) {
    if (error.status === 429) return msg("submit.tooMany", { s: error.retryAfter ?? 60 });
    const issues = error.issues.slice(0, 5).map(issueLine);
    const extra =
      issues.length > 0 ? join(";", ...issues.flatMap((m, i) => (i === 0 ? [m] : ["; ", m]))) : "";
    return msg("error.generic", { what: action, detail: join(error.detail, extra) });
  }
  return msg("error.generic", { what: action, detail: String((error as Error)?.message ?? error) });
}
