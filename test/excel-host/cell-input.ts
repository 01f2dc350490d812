// What a value written through Range.values becomes, and how a cell displays (Range.text).
// Excel treats a written string as if the user typed it: "12" is a number, "TRUE" a boolean,
// "2022-07-01" a date, "=…", "+…", "-…" a formula. Only "'" or a text ("@") format keeps it text.

import { fail } from "./errors.ts";
import type { CellScalar } from "./model.ts";

export const MAX_CELL_TEXT = 32_767;

/** Formula values are not evaluated; a formula reads back as this error, as one naming unknown things does. */
export const UNEVALUATED_FORMULA = "#NAME?";

export type CellWrite =
  | { kind: "skip" } // null in a 2-D array: leave the cell alone
  | { kind: "clear" } // "": empty the cell
  | { kind: "set"; value: CellScalar; formula?: string; isError?: boolean; impliedFormat?: string };

export function interpretInput(raw: unknown, numberFormat: string): CellWrite {
  if (raw === null || raw === undefined) return { kind: "skip" };
  if (typeof raw === "boolean") return { kind: "set", value: raw };
  if (typeof raw === "number") return Number.isFinite(raw) ? { kind: "set", value: raw } : { kind: "skip" };
  if (typeof raw !== "string") fail("InvalidArgument", `a cell value must be a string, number or boolean`);
  if (raw.length > MAX_CELL_TEXT) fail("InvalidArgument", `text longer than ${MAX_CELL_TEXT} characters`);
  if (raw === "") return { kind: "clear" };
  if (numberFormat === "@") return { kind: "set", value: raw };
  if (raw.startsWith("'")) return raw.length > 1 ? { kind: "set", value: raw.slice(1) } : { kind: "clear" };
  return typed(raw);
}

function typed(text: string): CellWrite {
  const trimmed = text.trim();
  const number = parseNumber(trimmed);
  if (number) return { kind: "set", value: number.value, ...optionalFormat(number.format) };
  if (/^(true|false)$/i.test(trimmed)) return { kind: "set", value: trimmed.toLowerCase() === "true" };
  const date = parseDate(trimmed);
  if (date) return { kind: "set", value: date.serial, impliedFormat: date.format };
  if (/^[=+-]./s.test(text)) {
    const formula = text.startsWith("=") ? text : `=${text}`;
    return { kind: "set", value: UNEVALUATED_FORMULA, formula, isError: true };
  }
  return { kind: "set", value: text };
}

function optionalFormat(format: string | undefined): { impliedFormat?: string } {
  return format ? { impliedFormat: format } : {};
}

function parseNumber(text: string): { value: number; format?: string } | null {
  const percent = /^([+-]?(?:\d+\.?\d*|\.\d+))\s*%$/.exec(text);
  if (percent) {
    const decimals = (percent[1] ?? "").split(".")[1]?.length ?? 0;
    return { value: Number(percent[1]) / 100, format: decimals ? `0.${"0".repeat(decimals)}%` : "0%" };
  }
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) {
    return { value: Number(text.replace(/,/g, "")), format: text.includes(".") ? "#,##0.00" : "#,##0" };
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return { value: Number(text) };
  return null;
}

const DAY_MS = 86_400_000;

/** Excel's serial day number (1900 date system). */
export function dateSerial(year: number, month: number, day: number): number {
  return (Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / DAY_MS;
}

export function serialToDate(serial: number): { year: number; month: number; day: number } {
  const date = new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function validDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseDate(text: string): { serial: number; format: string } | null {
  const patterns: { re: RegExp; format: string; parts: (m: RegExpExecArray) => [number, number, number] }[] =
    [
      {
        re: /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/,
        format: "yyyy/m/d",
        parts: (m) => [+m[1]!, +m[2]!, +m[3]!],
      },
      {
        re: /^(\d{4})年(\d{1,2})月(\d{1,2})日$/,
        format: "yyyy年m月d日",
        parts: (m) => [+m[1]!, +m[2]!, +m[3]!],
      },
      { re: /^(\d{4})[-/](\d{1,2})$/, format: "mmm-yy", parts: (m) => [+m[1]!, +m[2]!, 1] },
      { re: /^(\d{4})年(\d{1,2})月$/, format: "yyyy年m月", parts: (m) => [+m[1]!, +m[2]!, 1] },
      { re: /^(\d{1,2})[-/](\d{1,2})$/, format: "d-mmm", parts: (m) => [thisYear(), +m[1]!, +m[2]!] },
      { re: /^(\d{1,2})月(\d{1,2})日$/, format: "m月d日", parts: (m) => [thisYear(), +m[1]!, +m[2]!] },
    ];
  for (const { re, format, parts } of patterns) {
    const m = re.exec(text);
    if (!m) continue;
    const [year, month, day] = parts(m);
    return validDate(year, month, day) ? { serial: dateSerial(year, month, day), format } : null;
  }
  const time = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (time && +time[1]! < 24 && +time[2]! < 60 && +(time[3] ?? 0) < 60) {
    return { serial: (+time[1]! * 3600 + +time[2]! * 60 + +(time[3] ?? 0)) / 86_400, format: "h:mm" };
  }
  return null;
}

function thisYear(): number {
  return new Date().getFullYear();
}

/** Range.text for one cell. Enough of Excel's number formats for the formats the host itself implies. */
export function displayText(value: CellScalar | undefined, numberFormat: string): string {
  if (value === undefined) return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return value;
  return formatNumber(value, numberFormat);
}

function formatNumber(n: number, format: string): string {
  const percent = /^0(?:\.(0+))?%$/.exec(format);
  if (percent) return `${(n * 100).toFixed(percent[1]?.length ?? 0)}%`;
  const fixed = /^(#,##)?0(?:\.(0+))?$/.exec(format);
  if (fixed) return groupThousands(n.toFixed(fixed[2]?.length ?? 0), Boolean(fixed[1]));
  if (/[yd]/i.test(format) || /^m+[-/]/.test(format)) return formatDate(n, format);
  return String(Number(n.toPrecision(15))); // Excel keeps 15 significant digits
}

function groupThousands(text: string, group: boolean): string {
  if (!group) return text;
  const [whole = "", fraction] = text.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function formatDate(serial: number, format: string): string {
  const { year, month, day } = serialToDate(serial);
  return format.replace(/yyyy|yy|mmm|mm|m|dd|d/g, (token) => {
    switch (token) {
      case "yyyy":
        return String(year);
      case "yy":
        return String(year % 100).padStart(2, "0");
      case "mmm":
        return MONTHS[month - 1] ?? "";
      case "mm":
        return String(month).padStart(2, "0");
      case "m":
        return String(month);
      case "dd":
        return String(day).padStart(2, "0");
      default:
        return String(day);
    }
  });
}
