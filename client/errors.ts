// The two ways a call to the sync server fails, one shape for the task pane and the web page.
import { splitDetail, type ApiIssue, type Conflict, type Problem } from "../schema/api.ts";

/** A problem+json body as sent: the Problem fields (unchecked) and whatever else it carries. */
export type ProblemBody = Readonly<Partial<Problem> & Record<string, unknown>>;

/** A message in both languages, as the server's `detail` ("中文 / English") carries it. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** What else a problem may carry; `body` is the whole problem+json as sent (e.g. `unknownUnits`). */
export interface ProblemExtras {
  issues?: ApiIssue[];
  conflicts?: Conflict[];
  retryAfter?: number;
  body?: ProblemBody;
}

/** The server answered with a problem (4xx/5xx): its status, code (the problem's title) and detail. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: Bilingual;
  readonly issues: ApiIssue[];
  readonly conflicts: Conflict[];
  readonly retryAfter: number | null;
  readonly body: ProblemBody;

  constructor(status: number, code: string, detail: Bilingual, extras: ProblemExtras = {}) {
    super(`${status} ${code}: ${detail.en}`);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.issues = extras.issues ?? [];
    this.conflicts = extras.conflicts ?? [];
    this.retryAfter = extras.retryAfter ?? null;
    this.body = extras.body ?? {};
  }
}

/** The request never got an answer: offline, server down, or too slow. Nothing is known to be saved. */
export class NetworkError extends Error {
  readonly reason: "offline" | "timeout";

  constructor(reason: "offline" | "timeout", cause?: unknown) {
    super(reason === "timeout" ? "the server did not answer in time" : "the server could not be reached");
    this.name = "NetworkError";
    this.reason = reason;
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}

/** A problem+json answer (or a proxy's HTML error page) as an ApiError. */
export function problemOf(status: number, text: string): ApiError {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed))
      body = parsed as Record<string, unknown>;
  } catch {
    // A proxy's HTML error page: the status says enough.
  }
  const code = typeof body.title === "string" ? body.title : `http-${status}`;
  const detail =
    typeof body.detail === "string" && body.detail !== "" ? splitDetail(body.detail) : statusText(status);
  return new ApiError(status, code, detail, {
    issues: Array.isArray(body.issues) ? (body.issues as ApiIssue[]) : [],
    conflicts: Array.isArray(body.conflicts) ? (body.conflicts as Conflict[]) : [],
    ...(typeof body.retryAfter === "number" ? { retryAfter: body.retryAfter } : {}),
    body,
  });
}

function statusText(status: number): Bilingual {
  if (status >= 500)
    return { zh: `服务器出错(${status}),请稍后再试`, en: `the server failed (${status}); try again later` };
  return { zh: `请求未被接受(${status})`, en: `the request was refused (${status})` };
}
