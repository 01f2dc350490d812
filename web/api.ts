// The API client: bearer token from sessionStorage, problem+json errors, network failures told apart.
import type { ApiIssue, Period, Problem } from "../schema/api.ts";
import type { Plan, SheetMetadata, StatusVocabulary, Unit } from "../schema/index.ts";

export type {
  ApiIssue,
  Conflict as ConflictEntry,
  CoverageAnswer,
  Period,
  Problem,
  Role,
  SubmissionAnswer,
  TaskRow,
  TasksAnswer,
  User as Me,
} from "../schema/api.ts";

export type GridCell = string | number | null;

export interface UploadAnswer {
  period: Period;
  unit: string;
  sheetName: string;
  origin: { row: number; column: number };
  grid: GridCell[][];
  metadata: SheetMetadata | null;
  notices: { code: string; field: string; messages: { zh: string; en: string } }[];
  issues: ApiIssue[];
  context: { plan: Plan; vocabulary: StatusVocabulary; previous: Record<string, string> };
}

export type { Unit };

/** The server answered with an error status. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
  }
  get status(): number {
    return this.problem.status;
  }
}

/** The request never got an answer: offline, server down, connection cut. */
export class NetworkError extends Error {}

const TOKEN_KEY = "keywork.token";

export interface RequestOptions {
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  blob?: boolean;
}

export class Api {
  onUnauthorized: (() => void) | null = null;

  constructor(private readonly base = "/api/v1") {}

  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  set token(value: string | null) {
    if (value === null) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, value);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = {
      accept: options.blob ? "*/*" : "application/json",
      ...options.headers,
    };
    const lang = document.documentElement.lang.startsWith("en") ? "en" : "zh-CN";
    headers["accept-language"] = lang;
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let body: BodyInit | undefined;
    if (options.form) body = options.form;
    else if (options.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.json);
    }
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, { method, headers, body, cache: "no-store" });
    } catch (error) {
      throw new NetworkError((error as Error).message);
    }
    if (!res.ok) {
      const problem = await readProblem(res);
      if (res.status === 401 && this.token && path !== "/sessions") this.onUnauthorized?.();
      throw new ApiError(problem);
    }
    if (options.blob) return (await res.blob()) as T;
    if (res.status === 204) return null as T;
    return (await res.json()) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>("GET", path);
  }

  post<T>(path: string, json?: unknown, headers?: Record<string, string>): Promise<T> {
    return this.request<T>("POST", path, { json, ...(headers ? { headers } : {}) });
  }
}

async function readProblem(res: Response): Promise<Problem> {
  const text = await res.text().catch(() => "");
  try {
    const parsed = JSON.parse(text) as Partial<Problem>;
    return {
      title: parsed.title ?? "error",
      status: res.status,
      detail: parsed.detail ?? res.statusText,
      ...parsed,
    } as Problem;
  } catch {
    return { title: "error", status: res.status, detail: res.statusText || `HTTP ${res.status}` };
  }
}

export const api = new Api();
