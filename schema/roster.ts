// The roster sheet (花名册) that creates a city's accounts at once: columns 用户名 · 姓名 · 单位 · 角色,
// optional 手机 · 邮箱, one person a row. Read here, pure, so that the server (which decides) and the
// command line name the same cells with the same words. Nothing is created unless every row is good.
import type { Role } from "./api.ts";
import { cellAddress, cellText, columnLetter } from "./text.ts";
import { matchUnit, type UnitDirectory } from "./units.ts";

export const ROSTER_MAX_ROWS = 2000;
export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{2,64}$/u;

export type RosterField = "username" | "name" | "unit" | "role" | "phone" | "email";

/** Header texts people write, compared without spaces and case. */
const HEADERS: Record<RosterField, string[]> = {
  username: ["用户名", "账号", "帐号", "登录名", "username", "user"],
  name: ["姓名", "名字", "name"],
  unit: ["单位", "所在单位", "单位名称", "unit"],
  role: ["角色", "role"],
  phone: ["手机", "手机号", "手机号码", "电话", "联系电话", "phone", "mobile"],
  email: ["邮箱", "电子邮箱", "电子邮件", "email", "e-mail"],
};

export const FIELD_LABELS: Record<RosterField, { zh: string; en: string }> = {
  username: { zh: "用户名", en: "username" },
  name: { zh: "姓名", en: "name" },
  unit: { zh: "单位", en: "unit" },
  role: { zh: "角色", en: "role" },
  phone: { zh: "手机", en: "phone" },
  email: { zh: "邮箱", en: "email" },
};

const REQUIRED: RosterField[] = ["username", "name", "unit", "role"];

/** The names the screens show for each role, and the API's. */
export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  coordinator: { zh: "督查室", en: "coordinator" },
  reporter: { zh: "填报人", en: "reporter" },
  viewer: { zh: "查阅", en: "viewer" },
};

const ROLE_WORDS: Record<string, Role> = {
  coordinator: "coordinator",
  督查室: "coordinator",
  reporter: "reporter",
  填报人: "reporter",
  填报: "reporter",
  viewer: "viewer",
  查阅: "viewer",
  查阅人: "viewer",
};

/** coordinator/reporter/viewer or 督查室/填报人/查阅, spaces and case ignored; null when neither. */
export function parseRole(text: string): Role | null {
  return ROLE_WORDS[text.replace(/\s+/gu, "").toLowerCase()] ?? null;
}

const PHONE = /^(?:\+?86[- ]?)?1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}(?:-\d{1,6})?$/u;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/u;

export interface RosterRow {
  /** 1-based row of the sheet, as Excel numbers it. */
  row: number;
  username: string;
  name: string;
  /** The canonical directory name; null for a coordinator or viewer without one. */
  unit: string | null;
  role: Role;
  phone: string | null;
  email: string | null;
}

export interface RosterIssue {
  /** 1-based row; null for a problem of the whole sheet (a missing column). */
  row: number | null;
  /** A1 address of the cell at fault, when there is one. */
  cell: string | null;
  field: RosterField | null;
  code: string;
  message: { zh: string; en: string };
}

export interface ParsedRoster {
  rows: RosterRow[];
  issues: RosterIssue[];
}

export interface RosterContext {
  directory: UnitDirectory;
  /** Usernames already in use. */
  taken: ReadonlySet<string>;
}

/** Reads the roster from a value grid (first sheet, header row first or after a title). */
export function parseRoster(grid: readonly (readonly unknown[])[], context: RosterContext): ParsedRoster {
  const issues: RosterIssue[] = [];
  const headerRow = grid.findIndex((row) => row && columnsOf(row).username !== undefined);
  if (headerRow < 0) {
    return {
      rows: [],
      issues: [
        sheetIssue(
          "no-header",
          "找不到表头行(须含 用户名 · 姓名 · 单位 · 角色 列)",
          "no header row found (it needs the columns 用户名 · 姓名 · 单位 · 角色)",
        ),
      ],
    };
  }
  const columns = columnsOf(grid[headerRow]!);
  for (const field of REQUIRED) {
    if (columns[field] === undefined)
      issues.push({
        ...sheetIssue(
          "missing-column",
          `第 ${headerRow + 1} 行表头缺少“${FIELD_LABELS[field].zh}”列`,
          `the header in row ${headerRow + 1} has no "${FIELD_LABELS[field].zh}" (${FIELD_LABELS[field].en}) column`,
        ),
        field,
      });
  }
  if (issues.length > 0) return { rows: [], issues };

  const rows: RosterRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (let r = headerRow + 1; r < grid.length; r++) {
    const line = grid[r] ?? [];
    const text = (field: RosterField) => {
      const c = columns[field];
      return c === undefined ? "" : cellText(line[c]).trim();
    };
    if ((Object.keys(HEADERS) as RosterField[]).every((f) => text(f) === "")) continue;
    if (rows.length + 1 > ROSTER_MAX_ROWS) {
      issues.push(
        sheetIssue(
          "too-many-rows",
          `花名册最多 ${ROSTER_MAX_ROWS} 行`,
          `a roster may have at most ${ROSTER_MAX_ROWS} rows`,
        ),
      );
      break;
    }
    const at = (field: RosterField, code: string, zh: string, en: string) =>
      issues.push(cellIssue(r, columns[field]!, field, code, zh, en));
    let good = true;
    for (const field of REQUIRED) {
      if (field === "unit") continue; // required for reporters only, judged with the role below
      if (text(field) === "") {
        at(field, "required", "不能为空", "must not be empty");
        good = false;
      }
    }
    const username = text("username");
    if (username !== "") {
      if (!USERNAME_PATTERN.test(username)) {
        at(
          "username",
          "bad-username",
          `用户名“${username}”须为 2–64 个字母、数字或 . _ -`,
          `username "${username}" must be 2–64 letters, digits, . _ -`,
        );
        good = false;
      } else if (firstRowOf.has(username)) {
        at(
          "username",
          "duplicate-username",
          `用户名“${username}”与第 ${firstRowOf.get(username)} 行重复`,
          `username "${username}" repeats row ${firstRowOf.get(username)}`,
        );
        good = false;
      } else if (context.taken.has(username)) {
        at(
          "username",
          "username-taken",
          `用户名“${username}”已被现有账号使用`,
          `username "${username}" is already taken by an existing account`,
        );
        good = false;
      }
      if (!firstRowOf.has(username)) firstRowOf.set(username, r + 1);
    }
    const name = text("name");
    if (name.length > 100) {
      at("name", "too-long", "姓名最多 100 个字符", "the name may have at most 100 characters");
      good = false;
    }
    const roleText = text("role");
    const role = roleText === "" ? null : parseRole(roleText);
    if (roleText !== "" && role === null) {
      at(
        "role",
        "bad-role",
        `角色“${roleText}”无效,应为 督查室 · 填报人 · 查阅(或 coordinator · reporter · viewer)`,
        `role "${roleText}" is not one of 督查室 · 填报人 · 查阅 (coordinator · reporter · viewer)`,
      );
      good = false;
    }
    const unitText = text("unit");
    let unit: string | null = null;
    if (unitText === "") {
      if (role === "reporter") {
        at("unit", "unit-required", "填报人必须填写单位", "a reporter needs a unit");
        good = false;
      }
    } else {
      const match = matchUnit(unitText, context.directory);
      if (match.kind === "unknown") {
        const near = match.suggestions;
        at(
          "unit",
          "unknown-unit",
          `单位“${unitText}”不在单位名录中${near.length ? `,是否为:${near.join("、")}` : ""}`,
          `unit "${unitText}" is not in the unit directory${near.length ? `; did you mean: ${near.join(", ")}` : ""}`,
        );
        good = false;
      } else unit = match.canonical;
    }
    const phone = text("phone").replace(/\s+/gu, " ");
    if (phone !== "" && !PHONE.test(phone)) {
      at(
        "phone",
        "bad-phone",
        `手机号“${phone}”格式不正确(如 13800000000 或 0571-12345678)`,
        `phone "${phone}" is not a valid number (like 13800000000 or 0571-12345678)`,
      );
      good = false;
    }
    const email = text("email");
    if (email !== "" && (email.length > 200 || !EMAIL.test(email))) {
      at("email", "bad-email", `邮箱“${email}”格式不正确`, `e-mail "${email}" is not a valid address`);
      good = false;
    }
    if (good && role !== null)
      rows.push({
        row: r + 1,
        username,
        name,
        unit,
        role,
        phone: phone === "" ? null : phone,
        email: email === "" ? null : email,
      });
  }
  if (rows.length === 0 && issues.length === 0)
    issues.push(sheetIssue("empty", "花名册没有任何账号行", "the roster has no account rows"));
  return { rows: issues.length > 0 ? [] : rows, issues };
}

function columnsOf(row: readonly unknown[]): Partial<Record<RosterField, number>> {
  const found: Partial<Record<RosterField, number>> = {};
  row.forEach((value, c) => {
    const key = cellText(value)
      .replace(/[\s*＊:：]/gu, "")
      .toLowerCase();
    for (const [field, words] of Object.entries(HEADERS) as [RosterField, string[]][]) {
      if (found[field] === undefined && words.includes(key)) found[field] = c;
    }
  });
  return found;
}

function sheetIssue(code: string, zh: string, en: string): RosterIssue {
  return { row: null, cell: null, field: null, code, message: { zh, en } };
}

function cellIssue(
  r: number,
  c: number,
  field: RosterField,
  code: string,
  zh: string,
  en: string,
): RosterIssue {
  const label = FIELD_LABELS[field];
  return {
    row: r + 1,
    cell: cellAddress(r, c),
    field,
    code,
    message: {
      zh: `第 ${r + 1} 行 ${columnLetter(c)} 列(${label.zh}):${zh}`,
      en: `row ${r + 1}, column ${columnLetter(c)} (${label.en}): ${en}`,
    },
  };
}
