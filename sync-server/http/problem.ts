// The one error handler: every failure leaves as application/problem+json (RFC 9457).
import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "pino";
import { AppError } from "../errors.ts";
import { StoreUnavailableError } from "../store/store.ts";

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const problem = toAppError(error);
    if (problem.status >= 500)
      logger.error({ err: error, method: req.method, url: req.originalUrl }, "request failed");
    if (problem.status === 429 && typeof problem.extras.retryAfter === "number")
      res.setHeader("Retry-After", String(problem.extras.retryAfter));
    res
      .status(problem.status)
      .type("application/problem+json")
      .send(
        JSON.stringify({
          type: `https://keywork.invalid/problems/${problem.code}`,
          title: problem.code,
          status: problem.status,
          detail: problem.message,
          instance: req.originalUrl,
          ...problem.extras,
        }),
      );
  };
}

/** Errors thrown by body parsers and the like, mapped onto the one error type. */
function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  // The database vanished, turned read-only or went away: the request may be fine, the server is not.
  if (error instanceof StoreUnavailableError) return new AppError(503, "database-unavailable", error.message);
  const e = error as { type?: string; status?: number; code?: string; message?: string };
  if (e.type === "entity.too.large" || e.code === "LIMIT_FILE_SIZE") {
    return new AppError(413, "too-large", "请求内容过大 / the request body is over the limit");
  }
  if (e.type === "entity.parse.failed")
    return new AppError(400, "malformed-json", "请求不是有效的 JSON / the body is not valid JSON");
  if (e.type === "encoding.unsupported" || e.type === "charset.unsupported") {
    return new AppError(
      415,
      "unsupported-encoding",
      "不支持的内容编码或字符集 / unsupported content encoding or charset",
    );
  }
  if (typeof e.code === "string" && e.code.startsWith("LIMIT_"))
    return new AppError(400, "bad-upload", e.message ?? "上传有误 / bad upload");
  if (typeof e.status === "number" && e.status >= 400 && e.status < 500) {
    return new AppError(e.status, "bad-request", e.message ?? "请求有误 / bad request");
  }
  return new AppError(500, "internal", "服务器内部错误 / internal server error");
}

export const notFoundRoute: RequestHandler = (req) => {
  throw new AppError(404, "no-route", `没有这个接口 / no such endpoint: ${req.method} ${req.path}`);
};
