// The web page's API client: the token in sessionStorage, a signed-out page on a 401.
import { ApiError } from "../client/errors.ts";
import { send } from "../client/http.ts";
import type { ApiIssue, Period } from "../schema/api.ts";
import type { Plan, SheetMetadata, StatusVocabulary, Unit } from "../schema/index.ts";

export type {
  ApiIssue,
  Conflict as ConflictEntry,
  CoverageAnswer,
  Period,
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

const TOKEN_KEY = "keywork.token";

export interface RequestOptions {
  json?: unknown;
  form?: FormData;
  idempotencyKey?: string;
  blob?: boolean;
}

/** The page's calls on the clients' shared fetch wrapper (client/http.ts); the token in sessionStorage. */
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
    const config = {
      base: this.base,
      token: () => this.token,
      lang: () => (document.documentElement.lang.startsWith("en") ? "en" : "zh") as "zh" | "en",
    };
    try {
      return (await send<T>(config, { method, path, ...options })).body;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401 && this.token && path !== "/sessions")
        this.onUnauthorized?.();
      throw error;
    }
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>("GET", path);
  }

  post<T>(path: string, json?: unknown): Promise<T> {
    return this.request<T>("POST", path, { json });
  }
}

export const api = new Api();
