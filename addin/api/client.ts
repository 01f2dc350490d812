// The sync server's endpoints as the task pane calls them, on the clients' shared fetch wrapper
// (client/http.ts: bearer token, problem+json as ApiError, a timeout, Idempotency-Key).
import { send, type FetchLike } from "../../client/http.ts";
import type { Plan } from "../../schema/model.ts";
import type {
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
  private readonly fetchImpl: FetchLike | null;
  private readonly timeoutMs: number;
  private readonly lang: "zh" | "en";

  constructor(options: ApiClientOptions) {
    this.baseUrl = normalizeServerUrl(options.baseUrl);
    this.token = options.token ?? null;
    this.fetchImpl = options.fetch ?? null;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.lang = options.lang ?? "zh";
  }

  signIn(username: string, password: string): Promise<Session> {
    return this.request<Session>("POST", "/sessions", { json: { username, password }, auth: false });
  }

  async signOut(): Promise<void> {
    await this.request<void>("DELETE", "/sessions/current");
  }

  me(): Promise<User> {
    return this.request<User>("GET", "/me");
  }

  /** The signed-in user's own password (rules in schema/passwords.ts); the session stays. */
  async changePassword(current: string, next: string): Promise<void> {
    await this.request<void>("POST", "/me/password", { json: { current, next } });
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
      { json: body, idempotencyKey },
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
    return this.request<ReturnNote>("POST", `/periods/${enc(period)}/returns`, { json: input });
  }

  publish(input: { plan: Plan; period: string; title?: string; due?: string }): Promise<Period> {
    return this.request<Period>("POST", "/plans/import", { json: input });
  }

  private async request<T>(method: string, path: string, options: Options = {}): Promise<T> {
    return (await this.exchange<T>(method, path, options)).body;
  }

  private exchange<T>(
    method: string,
    path: string,
    options: Options = {},
  ): Promise<{ body: T; headers: Headers }> {
    return send<T>(
      {
        base: `${this.baseUrl}/api/v1`,
        token: () => this.token,
        lang: () => this.lang,
        ...(this.fetchImpl ? { fetch: this.fetchImpl } : {}),
        timeoutMs: this.timeoutMs,
      },
      { method, path, ...options },
    );
  }
}

interface Options {
  json?: unknown;
  auth?: boolean;
  idempotencyKey?: string;
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
