// The OpenAPI document, generated from the same zod schemas the routes parse with.
import { z } from "zod";
import { PlanSchema } from "../../schema/index.ts";
import { PeriodFieldsSchema } from "../use-cases/plans.ts";
import { NewReturnSchema } from "../use-cases/periods.ts";
import { RolloverSchema } from "../use-cases/rollover.ts";
import { SubmissionSchema } from "../use-cases/submissions.ts";
import { AuditQuerySchema } from "./routes/audit.ts";
import { MergeSchema, RenameSchema, UnitBodySchema, UnitPatchSchema } from "../use-cases/units.ts";
import { SignInSchema } from "./routes/sessions.ts";
import { PasswordBody, RoleBody, UnitBody } from "./routes/users.ts";
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
const usernameParam = {
  name: "username",
  in: "path",
  required: true,
  schema: { type: "string", example: "kjj.wang" },
};
const rosterUpload = {
  "multipart/form-data": {
    schema: { type: "object", properties: { file: { type: "string", format: "binary" } } },
  },
  [XLSX_TYPE]: { schema: { type: "string", format: "binary" } },
};
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
      description:
        "重点工作进展情况统计表 — submissions, merged sheet, coverage. Served by `keywork serve --workers N` (N > 1), every answer carries an X-Keywork-Worker header naming the process that answered.",
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
      ...sessionPaths(),
      ...periodPaths(),
      ...unitPaths(),
      ...planPaths(),
      ...reportPaths(),
      ...periodActionPaths(),
      ...uploadAndPasswordPaths(),
      ...userPaths(),
      ...adminPaths(),
    },
  };
  return cached;
}

/** Paths: sign-in, the session, me, the unit list. */
function sessionPaths() {
  return {
    "/sessions": {
      post: {
        summary: "Sign in",
        requestBody: { content: json(SignInSchema) },
        responses: {
          "201": ok("{ token, expiresAt, user, mustChangePassword }"),
          "401": problem(
            "refused: unknown name, wrong password, or too soon after repeated failures from this address (one answer for all; SIGNIN_* in the README)",
          ),
          "403": problem("account-disabled (told only to whoever knows the password)"),
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
      post: {
        summary: "Add a unit (coordinator)",
        ...secured,
        requestBody: { content: json(UnitBodySchema) },
        responses: {
          "201": ok("the unit"),
          "409": problem("already in the directory"),
          "422": problem("an alias taken: issues[]"),
          ...common,
        },
      },
    },
  };
}

/** Paths: the periods, their summary, reminders. */
function periodPaths() {
  return {
    "/periods": {
      get: { summary: "Periods", ...secured, responses: { "200": ok("{ periods }"), ...common } },
      post: {
        summary:
          "Open the next period from a past one (coordinator): the same plan, or a new sheet (multipart file, with unitMapping/addUnits as in /plans/import); linked as the previous period",
        ...secured,
        requestBody: {
          content: {
            ...json(RolloverSchema),
            "multipart/form-data": {
              schema: {
                type: "object",
                properties: {
                  period: { type: "string" },
                  from: { type: "string" },
                  due: { type: "string" },
                  title: { type: "string" },
                  file: { type: "string", format: "binary" },
                  unitMapping: { type: "string", description: 'JSON { 未知名称: 单位名称 | "+" }' },
                  addUnits: { type: "string", enum: ["true", "false"] },
                },
              },
            },
          },
        },
        responses: {
          "201": ok("the period"),
          "403": problem("not a coordinator"),
          "404": problem("unknown source period"),
          "409": problem("period exists"),
          "422": problem("bad fields; the new sheet breaks the rules; unknown units: unknownUnits[]"),
          ...common,
        },
      },
    },
    "/periods/summary": {
      get: {
        summary: "Each period with its task count and reported units (coordinator)",
        ...secured,
        responses: {
          "200": ok(
            "{ periods: [{ id, title, dueAt, locked, previousPeriodId, tasks, units, reportedUnits }] }",
          ),
          "403": problem("not a coordinator"),
          ...common,
        },
      },
    },
    "/periods/{id}/remind": {
      post: {
        summary:
          "催报: send the units that have not reported to the configured DingTalk or WeCom robot (coordinator)",
        ...secured,
        parameters: [periodParam],
        responses: {
          "200": ok("{ period, delivered, kind, missing, text }"),
          "403": problem("not a coordinator"),
          "404": problem("unknown period"),
          "409": problem("no webhook configured (REMINDER_WEBHOOK_URL)"),
          "502": problem("the robot failed: HTTP error, errcode ≠ 0 (its errmsg), timeout or unreachable"),
          ...common,
        },
      },
    },
  };
}

/** Paths: the unit directory: import, export, merge, edit. */
function unitPaths() {
  return {
    "/units/directory": {
      get: {
        summary: "The unit directory with retired (renamed or merged) units (coordinator)",
        ...secured,
        responses: { "200": ok("{ units, retired: [{ name, kind, retiredInto, retiredAt }] }"), ...common },
      },
    },
    "/units/import": {
      post: {
        summary:
          "Import units (coordinator): an .xlsx of 单位名称 · 类别 · 别名, or JSON { units }; all or nothing, each bad cell named",
        ...secured,
        requestBody: {
          content: {
            "application/json": { schema: { type: "object", properties: { units: { type: "array" } } } },
            "multipart/form-data": {
              schema: { type: "object", properties: { file: { type: "string", format: "binary" } } },
            },
            [XLSX_TYPE]: { schema: { type: "string", format: "binary" } },
          },
        },
        responses: {
          "200": ok("{ added, updated }"),
          "403": problem("not a coordinator"),
          "413": problem("too large"),
          "422": problem(
            "duplicate names, an alias used twice or another unit's name, empty cells: issues[]",
          ),
          ...common,
        },
      },
    },
    "/units/export.xlsx": {
      get: {
        summary: "The directory as an .xlsx that imports back (coordinator)",
        ...secured,
        responses: { "200": { description: "the workbook", content: { [XLSX_TYPE]: {} } }, ...common },
      },
    },
    "/units/merge": {
      post: {
        summary: "Merge units into one, new or existing (机构改革; coordinator)",
        ...secured,
        requestBody: { content: json(MergeSchema) },
        responses: {
          "200": ok("{ from, into, periods, users, reports, returns }"),
          "404": problem("unknown unit"),
          "409": problem("the new name is taken"),
          "422": problem("a unit merged into itself"),
          ...common,
        },
      },
    },
    "/units/{name}": {
      patch: {
        summary: "Edit a unit's kind and aliases (coordinator)",
        ...secured,
        parameters: [{ name: "name", in: "path", required: true, schema: { type: "string" } }],
        requestBody: { content: json(UnitPatchSchema) },
        responses: {
          "200": ok("the unit"),
          "404": problem("unknown unit"),
          "422": problem("issues[]"),
          ...common,
        },
      },
    },
  };
}

/** Paths: renaming a unit, publishing a plan. */
function planPaths() {
  return {
    "/units/{name}/rename": {
      post: {
        summary:
          "Rename a unit (coordinator): the old name becomes an alias; accounts, open periods, their rows and open returns move; locked periods keep it",
        ...secured,
        parameters: [{ name: "name", in: "path", required: true, schema: { type: "string" } }],
        requestBody: { content: json(RenameSchema) },
        responses: {
          "200": ok("{ from, to, periods, users, reports, returns }"),
          "404": problem("unknown unit"),
          "409": problem("the new name is taken"),
          ...common,
        },
      },
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
                  unitMapping: {
                    type: "string",
                    description:
                      'JSON { 未知名称: 单位名称 | "+" }: the directory\'s unknown names mapped or added',
                  },
                  addUnits: {
                    type: "string",
                    enum: ["true", "false"],
                    description: "add every unmapped name",
                  },
                },
              },
            },
          },
        },
        responses: {
          "201": ok("the period"),
          "400": problem(
            "malformed multipart body (truncated, no boundary, two files, a field for the file)",
          ),
          "403": problem("not a coordinator"),
          "409": problem("period exists"),
          "413": problem(
            "over UPLOAD_LIMIT_BYTES; unpacks beyond 32 MB a part or 64 MB in all; over 500,000 cells; over the reader's memory",
          ),
          "422": problem(
            "the sheet breaks the table's rules; unknown-units: unknownUnits[{ name, suggestions, cells }]; not an .xlsx; a value beyond row 5,000 or column 30 (AD), naming the cell; reading took over 20 s",
          ),
          ...common,
          "503": problem("the server is busy reading other workbooks, or the database cannot take writes"),
        },
      },
    },
  };
}

/** Paths: tasks, submissions, the merged sheet. */
function reportPaths() {
  return {
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
  };
}

/** Paths: coverage, history, lock, returns, the my-tasks workbook. */
function periodActionPaths() {
  return {
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
  };
}

/** Paths: the web page's upload, one's password, the user list. */
function uploadAndPasswordPaths() {
  return {
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
          "400": problem(
            "no file; malformed multipart body (truncated, no boundary, two files, a field for the file)",
          ),
          "403": problem("the file claims another unit, or tasks of another unit; viewer"),
          "404": problem("unknown period"),
          "413": problem(
            "over UPLOAD_LIMIT_BYTES; unpacks beyond 32 MB a part or 64 MB in all; over 500,000 cells; over the reader's memory",
          ),
          "422": problem(
            "not an .xlsx; a value beyond row 5,000 or column 30 (AD), naming the cell; reading took over 20 s; damaged metadata; a file of another period; the merged sheet",
          ),
          ...common,
          "503": problem("the server is busy reading other workbooks, or the database cannot take writes"),
        },
      },
    },
    // ── accounts and the audit log (issue 11) ──
    "/me/password": {
      post: {
        summary:
          "Change my own password (current + next, rules in schema/passwords.ts); allowed before an initial password is changed",
        ...secured,
        requestBody: { content: json(PasswordBody) },
        responses: {
          "204": { description: "changed; the account's other sessions end" },
          "403": problem("wrong-current-password"),
          "422": problem("weak-password: the rules it breaks"),
          ...common,
        },
      },
    },
    "/users": {
      get: {
        summary:
          "Accounts (coordinator): { users: [{ username, name, unit, role, disabled, mustChangePassword, phone, email }] }",
        ...secured,
        responses: { "200": ok("{ users }"), "403": problem("not a coordinator"), ...common },
      },
    },
  };
}

/** Paths: accounts: roster import, reset, disable, enable. */
function userPaths() {
  return {
    "/users/import/check": {
      post: {
        summary:
          "Check a roster .xlsx (用户名 · 姓名 · 单位 · 角色, optional 手机 · 邮箱); nothing is created",
        ...secured,
        requestBody: { content: rosterUpload },
        responses: {
          "200": ok("{ rows, issues } — each issue names its cell"),
          "403": problem("not a coordinator"),
          "413": problem("over the upload limit"),
          "422": problem("not an .xlsx"),
          ...common,
        },
      },
    },
    "/users/import": {
      post: {
        summary:
          "Create every account of a roster or none; the answer is the initial-password sheet (shown once, not kept by the server)",
        ...secured,
        requestBody: { content: rosterUpload },
        responses: {
          "201": { description: "the initial-password workbook", content: { [XLSX_TYPE]: {} } },
          "403": problem("not a coordinator"),
          "409": problem("a username taken meanwhile"),
          "413": problem("over the upload limit"),
          "422": problem("invalid-roster: every bad cell in issues; not an .xlsx"),
          ...common,
        },
      },
    },
    "/users/{username}/reset-password": {
      post: {
        summary: "A new one-time password, answered once; the account's sessions end (coordinator)",
        ...secured,
        parameters: [usernameParam],
        responses: {
          "200": ok("{ username, password }"),
          "403": problem("not a coordinator"),
          "404": problem("no such account"),
          ...common,
        },
      },
    },
    "/users/{username}/disable": {
      post: {
        summary: "Disable: sessions and API tokens stop working at once (coordinator)",
        ...secured,
        parameters: [usernameParam],
        responses: {
          "200": ok("the account"),
          "403": problem("not a coordinator"),
          "404": problem("no such account"),
          "409": problem("last-coordinator"),
          ...common,
        },
      },
    },
    "/users/{username}/enable": {
      post: {
        summary: "Enable again (coordinator)",
        ...secured,
        parameters: [usernameParam],
        responses: {
          "200": ok("the account"),
          "403": problem("not a coordinator"),
          "404": problem("no such account"),
          ...common,
        },
      },
    },
  };
}

/** Paths: roles and units of accounts, the audit log, this document, health. */
function adminPaths() {
  return {
    "/users/{username}/role": {
      post: {
        summary: "Set the role: coordinator/reporter/viewer or 督查室/填报人/查阅 (coordinator)",
        ...secured,
        parameters: [usernameParam],
        requestBody: { content: json(RoleBody) },
        responses: {
          "200": ok("the account"),
          "403": problem("not a coordinator"),
          "404": problem("no such account"),
          "409": problem("last-coordinator"),
          "422": problem("bad-role; a reporter without a unit"),
          ...common,
        },
      },
    },
    "/users/{username}/unit": {
      post: {
        summary: "Set the unit by any name or alias the directory knows, or null (coordinator)",
        ...secured,
        parameters: [usernameParam],
        requestBody: { content: json(UnitBody) },
        responses: {
          "200": ok("the account"),
          "403": problem("not a coordinator"),
          "404": problem("no such account"),
          "422": problem("unknown-unit with suggestions; a reporter without a unit"),
          ...common,
        },
      },
    },
    "/audit": {
      get: {
        summary: "The audit log, newest first (coordinator); page with before=nextBefore",
        ...secured,
        parameters: Object.keys(AuditQuerySchema.shape).map((name) => ({
          name,
          in: "query",
          schema: { type: "string" },
        })),
        responses: {
          "200": ok("{ entries: [{ id, at, actor, action, target, detail }], nextBefore }"),
          "400": problem("invalid-query"),
          "403": problem("not a coordinator"),
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
  };
}
