// One fetch wrapper for the task pane and the web page: bearer token, Accept-Language, JSON or form
// bodies, an Idempotency-Key, an optional timeout, problem+json answers as ApiError and no answer at all
// as NetworkError (client/errors.ts). fetch is the only browser API it needs, so vitest runs it as is.
import { ApiError, NetworkError, problemOf } from "./errors.ts";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpConfig {
  /** Where `/api/v1` lives: "https://host:3000/api/v1", or "/api/v1" on the same origin. */
  base: string;
  token: () => string | null;
  lang: () => "zh" | "en";
  fetch?: FetchLike;
  /** Give up (NetworkError "timeout") after this long; no limit when absent. */
  timeoutMs?: number;
}

export interface HttpRequest {
  method: string;
  path: string;
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  /** false: send no token (signing in). */
  auth?: boolean;
  idempotencyKey?: string;
  /** The answer as a Blob (a download) instead of JSON. */
  blob?: boolean;
}

export interface HttpAnswer<T> {
  body: T;
  status: number;
  headers: Headers;
}

/** One request; a 204 answers `undefined`. */
export async function send<T>(config: HttpConfig, request: HttpRequest): Promise<HttpAnswer<T>> {
  const timer = startTimer(config.timeoutMs);
  let response: Response;
  try {
    const fetchImpl = config.fetch ?? ((input, init) => globalThis.fetch(input, init));
    response = await fetchImpl(`${config.base}${request.path}`, {
      method: request.method,
      headers: headersOf(config, request),
      body: bodyOf(request),
      signal: timer.signal,
      credentials: "omit",
      cache: "no-store",
    });
  } catch (error) {
    throw new NetworkError(timer.timedOut() ? "timeout" : "offline", error);
  } finally {
    timer.stop();
  }
  return read<T>(response, request, timer.timedOut());
}

function headersOf(config: HttpConfig, request: HttpRequest): Record<string, string> {
  const headers: Record<string, string> = {
    Accept: request.blob ? "*/*" : "application/json",
    "Accept-Language": config.lang() === "en" ? "en" : "zh-CN",
    ...request.headers,
  };
  if (request.form === undefined && request.json !== undefined) headers["Content-Type"] = "application/json";
  const token = request.auth === false ? null : config.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (request.idempotencyKey !== undefined) headers["Idempotency-Key"] = request.idempotencyKey;
  return headers;
}

function bodyOf(request: HttpRequest): BodyInit | null {
  if (request.form !== undefined) return request.form;
  return request.json === undefined ? null : JSON.stringify(request.json);
}

async function read<T>(response: Response, request: HttpRequest, timedOut: boolean): Promise<HttpAnswer<T>> {
  const answer = (body: unknown): HttpAnswer<T> => ({
    body: body as T,
    status: response.status,
    headers: response.headers,
  });
  const unanswered = (error: unknown) =>
    Promise.reject(new NetworkError(timedOut ? "timeout" : "offline", error));
  if (response.status === 204) return answer(undefined);
  if (response.ok && request.blob) return answer(await response.blob().catch(unanswered));
  const text = await response.text().catch(unanswered);
  if (!response.ok) throw problemOf(response.status, text);
  try {
    return answer(JSON.parse(text));
  } catch {
    throw new ApiError(response.status, "bad-response", {
      zh: "服务器返回的内容无法识别",
      en: "the server's answer is not JSON",
    });
  }
}

interface Timer {
  signal: AbortSignal | null;
  timedOut: () => boolean;
  stop: () => void;
}

function startTimer(timeoutMs: number | undefined): Timer {
  if (timeoutMs === undefined) return { signal: null, timedOut: () => false, stop: () => {} };
  const controller = typeof AbortController === "function" ? new AbortController() : null;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller?.abort();
  }, timeoutMs);
  return { signal: controller?.signal ?? null, timedOut: () => timedOut, stop: () => clearTimeout(timer) };
}
