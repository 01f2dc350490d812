// The OpenAPI document, generated from the same zod schemas the routes parse with.
import { z } from "zod";
import { PlanSchema } from "../../schema/index.ts";
import { PeriodFieldsSchema } from "../use-cases/plans.ts";
import { NewReturnSchema } from "../use-cases/periods.ts";
import { SubmissionSchema } from "../use-cases/submissions.ts";
import { SignInSchema } from "./routes/sessions.ts";
import { XLSX_TYPE } from "./routes/plans.ts";

const json = (schema: z.ZodType) => ({
  "application/json": { schema: z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) },
});
const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});
const ok = (description: string) => ({
  description,
  content: { "application/json": { schema: { type: "object" } } },
});
const periodParam = {
  name: "id",
  in: "path",
  required: true,
  schema: { type: "string", example: "2022-H1" },
};
const unitParam = (description: string) => ({
  name: "unit",
  in: "query",
  schema: { type: "string" },
  description,
});
const secured = { security: [{ bearer: [] }] };
const common = {
  "401": problem("not signed in"),
  "429": problem("too many requests (per signed-in user, else per address)"),
  "503": problem("the database cannot take writes (vanished, read-only, unreachable)"),
};

let cached: object | null = null;

export function openApiDocument(): object {
  cached ??= {
    openapi: "3.1.0",
    info: {
      title: "Keywork sync API",
      version: "1.0.0",
      description: "重点工作进展情况统计表 — submissions, merged sheet, coverage.",
    },
    servers: [{ url: "/api/v1" }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        Problem: {
          type: "object",
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            issues: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  seq: { type: ["integer", "null"] },
                  field: { type: ["string", "null"] },
                  cell: { type: ["string", "null"] },
                  code: { type: "string" },
                  message: { type: "string" },
                },
              },
            },
            conflicts: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  seq: { type: "integer" },
                  mine: { type: "object" },
                  theirs: {
                    type: "object",
                    properties: {
                      status: { type: "string" },
                      progress: { type: "string" },
                      version: { type: "integer" },
                      updatedBy: { type: ["string", "null"] },
                      updatedAt: { type: ["string", "null"] },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    paths: {
      "/sessions": {
        post: {
          summary: "Sign in",
          requestBody: { content: json(SignInSchema) },
          responses: {
            "201": ok("{ token, expiresAt, user }"),
            "401": problem(
              "refused: unknown name, wrong password, or too soon after repeated failures from this address (one answer for all; SIGNIN_* in the README)",
            ),
            "429": problem("too many requests from this address"),
            "503": problem("the database cannot take writes"),
          },
        },
      },
      "/sessions/current": {
        delete: {
          summary: "Sign out",
          ...secured,
          responses: { "204": { description: "signed out" }, ...common },
        },
      },
      "/me": {
        get: {
          summary: "Who am I",
          ...secured,
          responses: { "200": ok("{ username, name, unit, role }"), ...common },
        },
      },
      "/units": {
        get: { summary: "Unit directory", ...secured, responses: { "200": ok("{ units }"), ...common } },
      },
      "/periods": {
        get: { summary: "Periods", ...secured, responses: { "200": ok("{ periods }"), ...common } },
      },
      "/plans/import": {
        post: {
          summary: "Publish a plan and open a period (coordinator)",
          ...secured,
          requestBody: {
            content: {
              ...json(PeriodFieldsSchema.extend({ plan: PlanSchema })),
              "multipart/form-data": {
                schema: {
                  type: "object",
                  properties: {
                    file: { type: "string", format: "binary" },
                    period: { type: "string" },
                    title: { type: "string" },
                    due: { type: "string" },
                  },
                },
              },
            },
          },
          responses: {
            "201": ok("the period"),
            "403": problem("not a coordinator"),
            "409": problem("period exists"),
            "413": problem("too large"),
            "422": problem("the sheet breaks the table's rules"),
            ...common,
          },
        },
      },
      "/periods/{id}/tasks": {
        get: {
          summary:
            "Rows of a unit (scope=mine, or unit=…) or of every unit (scope=all); every role reads every unit's rows (the read rule), a reporter sees only their own unit's returns",
          ...secured,
          parameters: [
            periodParam,
            { name: "scope", in: "query", schema: { enum: ["mine", "all"] } },
            { name: "unit", in: "query", schema: { type: "string" } },
          ],
          responses: {
            "200": ok(
              "{ period, vocabulary, rows: [{ seq, task, units, unit, status, progress, version, previousProgress, returns }] }",
            ),
            "400": problem("no unit to show (an account of no unit with scope=mine)"),
            "404": problem("unknown period"),
            ...common,
          },
        },
      },
      "/periods/{id}/submissions": {
        post: {
          summary: "Submit rows: all or nothing",
          ...secured,
          parameters: [
            periodParam,
            {
              name: "Idempotency-Key",
              in: "header",
              schema: { type: "string", minLength: 8, maxLength: 200 },
            },
          ],
          requestBody: { content: json(SubmissionSchema) },
          responses: {
            "200": ok("{ rows: [{ seq, version, changed }] }"),
            "403": problem("a task of another unit"),
            "404": problem("unknown period or task"),
            "409": problem("version conflict: conflicts[]"),
            "413": problem("body over 2 MB"),
            "422": problem("rows break the rules: issues[]"),
            "423": problem("period locked"),
            ...common,
          },
        },
      },
      "/periods/{id}/merged": {
        get: {
          summary: "Merged city-wide sheet (ETag)",
          ...secured,
          parameters: [periodParam],
          responses: {
            "200": ok("sections, coverage, summary"),
            "304": { description: "not modified" },
            "404": problem("unknown period"),
            ...common,
          },
        },
      },
      "/periods/{id}/merged.xlsx": {
        get: {
          summary: "Merged sheet as .xlsx",
          ...secured,
          parameters: [periodParam],
          responses: {
            "200": {
              description: "the workbook",
              content: { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {} },
            },
            "404": problem("unknown period"),
            ...common,
          },
        },
      },
      "/periods/{id}/coverage": {
        get: {
          summary: "Who has reported (every role, as in the merged sheet)",
          ...secured,
          parameters: [periodParam],
          responses: { "200": ok("units, missing, reminder"), ...common },
        },
      },
      "/periods/{id}/tasks/{seq}/history": {
        get: {
          summary: "Change history of a task",
          ...secured,
          parameters: [periodParam, { name: "seq", in: "path", required: true, schema: { type: "integer" } }],
          responses: { "200": ok("{ entries }"), "404": problem("unknown"), ...common },
        },
      },
      "/periods/{id}/lock": {
        post: {
          summary: "Lock at the deadline (coordinator)",
          ...secured,
          parameters: [periodParam],
          responses: { "200": ok("the period"), "403": problem("not a coordinator"), ...common },
        },
      },
      "/periods/{id}/unlock": {
        post: {
          summary: "Reopen (coordinator)",
          ...secured,
          parameters: [periodParam],
          responses: { "200": ok("the period"), "403": problem("not a coordinator"), ...common },
        },
      },
      "/periods/{id}/returns": {
        post: {
          summary: "Return a unit's row with a comment (coordinator)",
          ...secured,
          parameters: [periodParam],
          requestBody: { content: json(NewReturnSchema) },
          responses: {
            "201": ok("the return"),
            "403": problem("not a coordinator"),
            "404": problem("unknown"),
            ...common,
          },
        },
        get: {
          summary: "Returns (a reporter sees their unit's)",
          ...secured,
          parameters: [periodParam],
          responses: { "200": ok("{ returns }"), ...common },
        },
      },
      "/periods/{id}/tasks.xlsx": {
        get: {
          summary:
            "My tasks as an .xlsx to fill in any spreadsheet program (drop-down, locked task columns, last period's text, hidden _keywork sheet)",
          ...secured,
          parameters: [periodParam, unitParam("coordinator: the unit to act for")],
          responses: {
            "200": { description: "the workbook", content: { [XLSX_TYPE]: {} } },
            "400": problem("no unit to act for"),
            "403": problem("a reporter naming another unit"),
            "404": problem("unknown period"),
            "422": problem("the unit has no tasks in the period"),
            ...common,
          },
        },
      },
      "/periods/{id}/uploads": {
        post: {
          summary:
            "Parse and check a filled my-tasks workbook (nothing is stored): grid, metadata, issues and the validation context",
          ...secured,
          parameters: [periodParam, unitParam("coordinator, for a file without metadata")],
          requestBody: {
            content: {
              "multipart/form-data": {
                schema: { type: "object", properties: { file: { type: "string", format: "binary" } } },
              },
              [XLSX_TYPE]: { schema: { type: "string", format: "binary" } },
            },
          },
          responses: {
            "200": ok(
              "{ period, unit, sheetName, origin, grid, metadata, notices, issues, context: { plan, vocabulary, previous } }",
            ),
            "400": problem("no file"),
            "403": problem("the file claims another unit, or tasks of another unit; viewer"),
            "404": problem("unknown period"),
            "413": problem("over the upload limit, or unpacks too large"),
            "422": problem("not an .xlsx; damaged metadata; a file of another period; the merged sheet"),
            ...common,
          },
        },
      },
      "/openapi.json": { get: { summary: "This document", responses: { "200": ok("OpenAPI 3.1") } } },
      "/healthz": { get: { summary: "Liveness", responses: { "200": ok("ok") } } },
      "/readyz": {
        get: {
          summary:
            "Readiness: the database answers and can take writes (for SQLite: its file is still the one opened, and writable)",
          responses: {
            "200": ok("ready"),
            "503": problem("database unreachable, deleted, replaced or read-only (the detail says which)"),
          },
        },
      },
    },
  };
  return cached;
}
