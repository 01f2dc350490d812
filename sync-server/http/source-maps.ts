// Source maps of the task pane and the web page give away the whole client source with its comments;
// they are served only when configuration asks for them (SERVE_SOURCE_MAPS=true, for debugging).
import type { RequestHandler } from "express";
import { AppError } from "../errors.ts";

export function sourceMaps(serve: boolean): RequestHandler {
  return (req, _res, next) => {
    if (!serve && req.path.toLowerCase().endsWith(".map"))
      throw new AppError(404, "no-route", `没有这个文件 / no such file: ${req.path}`);
    next();
  };
}
