// The body of an .xlsx upload (multipart field "file" or a raw body of the .xlsx type), and the answers
// for everything a client can get wrong with it: a truncated or malformed multipart body, a missing
// boundary, two files, a field where the file should be, oversized parts, an unreadable workbook or one
// over the reader's limits. All of them are 4xx problems (never a 500 logged as a server fault); a busy
// reader is a 503.
import express, { type Request, type RequestHandler } from "express";
import multer from "multer";
import { AppError, unprocessable } from "../errors.ts";
import { workbookProblem } from "../use-cases/uploads.ts";
import { readFirstSheetGrid } from "../xlsx/grid.ts";
import { ZIP_MAGIC } from "../xlsx/zip.ts";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const MB = 1024 * 1024;

/** Multer for one file in field "file" (with up to `fields` small text fields), then a raw .xlsx body. */
export function xlsxBody(limitBytes: number, fields: number): RequestHandler[] {
  return [multipartFile(limitBytes, fields), express.raw({ type: XLSX_TYPE, limit: limitBytes })];
}

/** Multer for one file in field "file" with up to `fields` small text fields; its mistakes are 4xx. */
export function multipartFile(limitBytes: number, fields: number): RequestHandler {
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
  return (req, res, next) => {
    single(req, res, (error?: unknown) =>
      next(error === undefined ? undefined : multipartProblem(error, limitBytes)),
    );
  };
}

/**
 * The first sheet of the uploaded .xlsx (multipart field "file" or a raw body), read by the hardened
 * reader; null when the request holds no file. Judged by content, not by name: an .xlsx is a zip.
 */
export async function uploadedGrid(
  req: Request,
): Promise<{ grid: unknown[][]; fileName: string | null } | null> {
  const file = req.file?.buffer ?? (Buffer.isBuffer(req.body) ? req.body : null);
  if (!file) return null;
  if (file.length < 4 || !file.subarray(0, 4).equals(ZIP_MAGIC))
    throw unprocessable("not-xlsx", "上传的文件不是 .xlsx 工作簿 / the upload is not an .xlsx workbook");
  try {
    const { grid } = await readFirstSheetGrid(file);
    return { grid, fileName: req.file?.originalname.slice(0, 200) || null };
  } catch (error) {
    // Over a limit: 413/422 naming it; unreadable: 422; the reader busy: 503.
    throw workbookProblem(error) ?? error;
  }
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
        {
          issues: [
            {
              seq: null,
              field: "file",
              code: "too-large",
              message: `超过 ${limitMb} MB / over ${limitMb} MB`,
            },
          ],
        },
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
