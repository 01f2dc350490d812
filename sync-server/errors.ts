// One error type for the whole server. Routes and use-cases throw it; one handler turns it into
// an application/problem+json answer (RFC 9457).
export interface ProblemExtras {
  /** Per-row or per-field problems (422). */
  issues?: {
    seq: number | null;
    field: string | null;
    code: string;
    message: string;
    cell?: string | null;
  }[];
  /** Rows changed by someone else since the client pulled them (409). */
  conflicts?: unknown[];
  [key: string]: unknown;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extras: ProblemExtras = {},
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, extras?: ProblemExtras) =>
  new AppError(400, code, message, extras);
export const unauthorized = (message = "请先登录 / sign in first") =>
  new AppError(401, "unauthorized", message);
export const forbidden = (code: string, message: string, extras?: ProblemExtras) =>
  new AppError(403, code, message, extras);
export const notFound = (code: string, message: string) => new AppError(404, code, message);
export const conflict = (code: string, message: string, extras?: ProblemExtras) =>
  new AppError(409, code, message, extras);
export const unprocessable = (code: string, message: string, extras?: ProblemExtras) =>
  new AppError(422, code, message, extras);
export const locked = (message: string) => new AppError(423, "period-locked", message);
export const tooMany = (message: string, retryAfterSeconds: number) =>
  new AppError(429, "too-many-requests", message, { retryAfter: retryAfterSeconds });
