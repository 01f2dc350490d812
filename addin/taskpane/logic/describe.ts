// Turning failures and server answers into the pane's one-line messages.
import { ApiError, NetworkError } from "../../../client/errors.ts";
import type { CoverageAnswer, Period, User } from "../../../schema/api.ts";
import { NotInExcelError } from "../../host/host.ts";
import { t, type Lang } from "../i18n.ts";

export type MessageKind = "error" | "info" | "success";

export interface PaneMessage {
  kind: MessageKind;
  text: string;
}

/** Whether the failure means the session is gone (sign in again). */
export function isSessionError(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

export function describeError(error: unknown, lang: Lang): PaneMessage {
  if (error instanceof NetworkError) return { kind: "error", text: t(lang, "networkFailedShort") };
  if (error instanceof NotInExcelError) return { kind: "error", text: t(lang, "notInExcel") };
  if (error instanceof ApiError) {
    if (error.status === 401 && error.code === "unauthorized")
      return { kind: "error", text: error.detail[lang] };
    if (error.status === 403)
      return { kind: "error", text: t(lang, "forbidden", { detail: error.detail[lang] }) };
    return { kind: "error", text: t(lang, "serverRejected", { detail: error.detail[lang] }) };
  }
  // Office.js errors (OfficeExtension.Error) carry a code and a message.
  const e = error as { code?: unknown; message?: unknown; debugInfo?: { message?: unknown } } | null;
  const detail =
    typeof e?.message === "string" && e.message !== ""
      ? e.message
      : typeof e?.code === "string"
        ? e.code
        : String(error);
  return { kind: "error", text: t(lang, "excelFailed", { detail }) };
}

export function roleLabel(role: User["role"], lang: Lang): string {
  return t(
    lang,
    role === "coordinator" ? "roleCoordinator" : role === "reporter" ? "roleReporter" : "roleViewer",
  );
}

/** "科技局 刘填报(市科技局)" */
export function whoText(user: User, lang: Lang): string {
  return `${t(lang, "signedInAs", { name: user.name || user.username, unit: user.unit ?? t(lang, "noUnit") })} · ${roleLabel(user.role, lang)}`;
}

export function periodLabel(period: Period, lang: Lang): string {
  return `${period.id} ${period.title}${period.locked ? `(${t(lang, "locked")})` : ""}`;
}

export interface CoverageItem {
  unit: string;
  text: string;
  complete: boolean;
  missing: string;
}

export function coverageItems(answer: CoverageAnswer, lang: Lang): CoverageItem[] {
  const sep = lang === "zh" ? "、" : ", ";
  return [...answer.units]
    .sort(
      (a, b) =>
        a.reported / Math.max(1, a.assigned) - b.reported / Math.max(1, b.assigned) ||
        a.unit.localeCompare(b.unit),
    )
    .map((u) => ({
      unit: u.unit,
      text: t(lang, "coverageItem", { unit: u.unit, reported: u.reported, assigned: u.assigned }),
      complete: u.missingSeqs.length === 0,
      missing: u.missingSeqs.length ? t(lang, "coverageMissing", { seqs: u.missingSeqs.join(sep) }) : "",
    }));
}

/** yyyy-mm-dd hh:mm in local time, for "changed by … at …". */
export function shortTime(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
