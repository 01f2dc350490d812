// zod at the boundary: bodies, queries and params are parsed, never trusted.
import type { Request } from "express";
import type { z } from "zod";
import { AppError } from "../errors.ts";
import { fieldIssues, firstIssueLine } from "../use-cases/issues.ts";
import type { Lang } from "../../schema/index.ts";

type Part = "body" | "query" | "params";

export function parseRequest<T extends z.ZodType>(req: Request, part: Part, schema: T): z.infer<T> {
  const result = schema.safeParse(req[part]);
  if (result.success) return result.data;
  const issues = fieldIssues(result.error, {
    prefix: part,
    seqOf: (path) => seqOf(req[part], path),
    limit: 50,
  });
  throw new AppError(part === "body" ? 422 : 400, `invalid-${part}`, firstIssueLine(issues), { issues });
}

/** For rows[3].progress, the 序号 of rows[3], so clients can point at the row. */
function seqOf(value: unknown, path: PropertyKey[]): number | null {
  if (path[0] !== "rows" || typeof path[1] !== "number") return null;
  const rows = (value as { rows?: unknown[] } | undefined)?.rows;
  const seq = (rows?.[path[1]] as { seq?: unknown } | undefined)?.seq;
  return typeof seq === "number" ? seq : null;
}

export function langOf(req: Request): Lang {
  const header = req.headers["accept-language"] ?? "";
  return /^\s*en\b/iu.test(header) ? "en" : "zh";
}
