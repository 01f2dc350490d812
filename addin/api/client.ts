// The sync server's REST API: bearer token, problem+json turned into typed errors, a timeout,
// and Idempotency-Key on submissions. No Office, no DOM beyond fetch: it runs in vitest too.
import { splitDetail } from "../../schema/api.ts";
import type { Plan } from "../../schema/model.ts";
import type {
  ApiIssue,
  Conflict,
  CoverageAnswer,
  MergedAnswer,
  Period,
  ReturnNote,
  Session,
  SubmissionAnswer,
  SubmissionRow,
  TasksAnswer,
  UnitsAnswer,
  User,
} from "../../schema/api.ts";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** A message in both languages, as the server's `detail` ("中文 / English") carries it. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** The server answered with a problem (4xx/5xx). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: Bilingual;
  readonly issues: ApiIssue[];
  readonly conflicts: Conflict[];

  constructor(
    status: number,
    code: string,
    detail: Bilingual,
    extras: { issues?: ApiIssue[]; conflicts?: Conflict[] } = {},
  ) {
    super(`${status} ${code}: ${detail.en}`);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.issues = extras.issues ?? [];
    this.conflicts = extras.conflicts ?? [];
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

export interface ApiClientOptions {
  /** The server's origin, e.g. https://keywork.city.gov.cn (no trailing /api/v1). */
  baseUrl: string;
  token?: string | null;
  fetch?: FetchLike;
  timeoutMs?: number;
  lang?: "zh" | "en";
}

export class ApiClient {
  readonly baseUrl: string;
  token: string | null;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;
  private readonly lang: "zh" | "en";

  constructor(options: ApiClientOptions) {
    this.baseUrl = normalizeServerUrl(options.baseUrl);
    this.token = options.token ?? null;
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.lang = options.lang ?? "zh";
  }

  signIn(username: string, password: string): Promise<Session> {
    return this.request<Session>("POST", "/sessions", { body: { username, password }, auth: false });
  }

  async signOut(): Promise<void> {
    await this.request<void>("DELETE", "/sessions/current");
  }

  me(): Promise<User> {
    return this.request<User>("GET", "/me");
  }

  /** The signed-in user's own password (rules in schema/passwords.ts); the session stays. */
  async changePassword(current: string, next: string): Promise<void> {
    await this.request<void>("POST", "/me/password", { body: { current, next } });
  }

  units(): Promise<UnitsAnswer> {
    return this.request<UnitsAnswer>("GET", "/units");
  }

  async periods(): Promise<Period[]> {
    return (await this.request<{ periods: Period[] }>("GET", "/periods")).periods;
  }

  tasks(period: string, query: { scope?: "mine" | "all"; unit?: string } = {}): Promise<TasksAnswer> {
    const params = new URLSearchParams();
    params.set("scope", query.scope ?? "mine");
    if (query.unit) params.set("unit", query.unit);
    return this.request<TasksAnswer>("GET", `/periods/${enc(period)}/tasks?${params.toString()}`);
  }

  async submit(
    period: string,
    body: { unit?: string; rows: SubmissionRow[] },
    idempotencyKey: string,
  ): Promise<SubmissionAnswer> {
    return (await this.submitWithReplay(period, body, idempotencyKey)).answer;
  }

  /** Also tells whether the server answered a retry from its first answer (Idempotent-Replayed). */
  async submitWithReplay(
    period: string,
    body: { unit?: string; rows: SubmissionRow[] },
    idempotencyKey: string,
  ): Promise<{ answer: SubmissionAnswer; replayed: boolean }> {
    const { body: answer, headers } = await this.exchange<SubmissionAnswer>(
      "POST",
      `/periods/${enc(period)}/submissions`,
      {
        body,
        headers: { "Idempotency-Key": idempotencyKey },
      },
    );
    return { answer, replayed: headers.get("Idempotent-Replayed") === "true" };
  }

  merged(period: string): Promise<MergedAnswer> {
    return this.request<MergedAnswer>("GET", `/periods/${enc(period)}/merged`);
  }

  coverage(period: string): Promise<CoverageAnswer> {
    return this.request<CoverageAnswer>("GET", `/periods/${enc(period)}/coverage`);
  }

  lock(period: string): Promise<Period> {
    return this.request<Period>("POST", `/periods/${enc(period)}/lock`);
  }

  unlock(period: string): Promise<Period> {
    return this.request<Period>("POST", `/periods/${enc(period)}/unlock`);
  }

  async returns(
    period: string,
  ): Promise<(ReturnNote & { seq: number; unit: string; resolvedAt: string | null })[]> {
    return (
      await this.request<{
        returns: (ReturnNote & { seq: number; unit: string; resolvedAt: string | null })[];
      }>("GET", `/periods/${enc(period)}/returns`)
    ).returns;
  }

  returnRow(period: string, input: { seq: number; unit: string; comment: string }): Promise<ReturnNote> {
    return this.request<ReturnNote>("POST", `/periods/${enc(period)}/returns`, { body: input });
  }

  publish(input: { plan: Plan; period: string; title?: string; due?: string }): Promise<Period> {
    return this.request<Period>("POST", "/plans/import", { body: input });
  }

  private async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; auth?: boolean } = {},
  ): Promise<T> {
    return (await this.exchange<T>(method, path, options)).body;
  }

  private async exchange<T>(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; auth?: boolean } = {},
  ): Promise<{ body: T; headers: Headers }> {
    const headers: Record<string, string> = {
      Accept: "application/json",
      "Accept-Language": this.lang === "zh" ? "zh-CN" : "en",
      ...options.headers,
    };
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    if (options.auth !== false && this.token) headers.Authorization = `Bearer ${this.token}`;
    const controller = typeof AbortController === "function" ? new AbortController() : null;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller?.abort();
    }, this.timeoutMs);
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}/api/v1${path}`, {
        method,
        headers,
        body: options.body === undefined ? null : JSON.stringify(options.body),
        signal: controller?.signal ?? null,
        credentials: "omit",
        cache: "no-store",
      });
    } catch (error) {
      throw new NetworkError(timedOut ? "timeout" : "offline", error);
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 204) return { body: undefined as T, headers: response.headers };
    const text = await readText(response, timedOut);
    if (!response.ok) throw problemOf(response.status, text);
    try {
      return { body: JSON.parse(text) as T, headers: response.headers };
    } catch {
      throw new ApiError(response.status, "bad-response", {
        zh: "服务器返回的内容无法识别",
        en: "the server's answer is not JSON",
      });
    }
  }
}

async function readText(response: Response, timedOut: boolean): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw new NetworkError(timedOut ? "timeout" : "offline", error);
  }
}

function problemOf(status: number, text: string): ApiError {
  let body: { title?: unknown; detail?: unknown; issues?: unknown; conflicts?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // A proxy's HTML error page: the status says enough.
  }
  const code = typeof body.title === "string" ? body.title : `http-${status}`;
  const detail = typeof body.detail === "string" ? splitDetail(body.detail) : statusText(status);
  return new ApiError(status, code, detail, {
    issues: Array.isArray(body.issues) ? (body.issues as ApiIssue[]) : [],
    conflicts: Array.isArray(body.conflicts) ? (body.conflicts as Conflict[]) : [],
  });
}

function statusText(status: number): Bilingual {
  if (status >= 500)
    return { zh: `服务器出错(${status}),请稍后再试`, en: `the server failed (${status}); try again later` };
  return { zh: `请求未被接受(${status})`, en: `the request was refused (${status})` };
}

const enc = encodeURIComponent;

/** "https://host:3000/" and "https://host:3000/addin/taskpane.html" both become "https://host:3000". */
export function normalizeServerUrl(input: string): string {
  const trimmed = input.trim();
  try {
    const url = new URL(trimmed);
    const path = url.pathname.replace(/\/(addin|web)(\/.*)?$/u, "").replace(/\/+$/u, "");
    return `${url.origin}${path}`;
  } catch {
    return trimmed.replace(/\/+$/u, "");
  }
}
