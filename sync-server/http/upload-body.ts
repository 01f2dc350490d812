// The body of an .xlsx upload (multipart field "file" or a raw body of the .xlsx type), and the answers
// for everything a client can get wrong with it: a truncated or malformed multipart body, a missing
// boundary, two files, a field where the file should be, oversized parts, an unreadable workbook or one
// over the reader's limits. All of them are 4xx problems (never a 500 logged as a server fault); a busy
// reader is a 503.
import express, { type RequestHandler } from "express";
import multer from "multer";
import { AppError } from "../errors.ts";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const MB = 1024 * 1024;

/** Multer for one file in field "file" (with up to `fields` small text fields), then a raw .xlsx body. */
export function xlsxBody(limitBytes: number, fields: number): RequestHandler[] {
  const single = multer({
    storage: multer.memoryStorage(),
    limits: {
      fileSize: limitBytes,
      files: 1,
      fields,
      parts: fields + 1,
      fieldSize: 64 * 1024,
      fieldNameSize: 100,
      headerPairs: 50,
    },
  }).single("file");
  const multipart: RequestHandler = (req, res, next) => {
    single(req, res, (error?: unknown) =>
      next(error === undefined ? undefined : multipartProblem(error, limitBytes)),
    );
  };
  return [multipart, express.raw({ type: XLSX_TYPE, limit: limitBytes })];
}

/** What multer or busboy said about a body, as the client's mistake it is. */
export function multipartProblem(error: unknown, limitBytes: number): AppError {
  if (error instanceof AppError) return error;
  const e = error as { code?: string; field?: string; message?: string };
  const limitMb = Math.round((limitBytes / MB) * 10) / 10;
  switch (e.code) {
    case "LIMIT_FILE_SIZE":
      return new AppError(
        413,
        "too-large",
        `上传的文件超过上限 ${limitMb} MB / the uploaded file is over the limit of ${limitMb} MB`,
        { issues: [{ seq: null, field: "file", code: "too-large", message: `over ${limitMb} MB` }] },
      );
    case "LIMIT_FILE_COUNT":
      return new AppError(
        400,
        "too-many-files",
        "一次只能上传一个文件(字段 file) / send exactly one file (field “file”)",
      );
    case "LIMIT_UNEXPECTED_FILE":
      return new AppError(
        400,
        "unexpected-file",
        `文件应放在字段 file 中,而不是“${e.field ?? ""}” / the file belongs in field “file”, not “${e.field ?? ""}”`,
      );
    case "LIMIT_PART_COUNT":
    case "LIMIT_FIELD_COUNT":
    case "LIMIT_FIELD_KEY":
    case "LIMIT_FIELD_VALUE":
      return new AppError(
        413,
        "too-large",
        `表单字段过多或过长(${e.code}) / too many or too long form fields (${e.code})`,
      );
  }
  // Busboy's own complaints (no boundary, truncated body, malformed part header…) and aborted requests.
  const why = (e.message ?? "malformed").slice(0, 120);
  return new AppError(
    400,
    "bad-multipart",
    `上传的表单数据不完整或格式有误(${why}) / the multipart body is malformed or incomplete (${why})`,
  );
}

// Shared with the plan import route; it lives with the upload check use-case.
export { workbookProblem } from "../use-cases/uploads.ts";
