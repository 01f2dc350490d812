// The sync API's wire shapes, one definition for the server that sends them and the add-in and the
// web page that read them (documented in sync-server/http/openapi.ts). Types, and how to read a problem's detail.
import type { MergedSection } from "./merged-layout.ts";
import type { StatusVocabulary, Unit } from "./model.ts";

export type Role = "coordinator" | "reporter" | "viewer";

/** GET /me, and the user of a session. */
export interface User {
  username: string;
  name: string;
  unit: string | null;
  role: Role;
  /** Present (true) while an initial or reset password has not been changed. */
  mustChangePassword?: boolean;
}

/** POST /sessions */
export interface Session {
  token: string;
  expiresAt: string;
  user: User;
  /** An initial or reset password: show the change form; other calls answer 403 until it is changed. */
  mustChangePassword?: boolean;
}

export interface Period {
  id: string;
  title: string;
  dueAt: string | null;
  locked: boolean;
  /** In GET /periods; not repeated inside other answers. */
  previousPeriodId?: string | null;
}

export interface ReturnNote {
  id: number;
  comment: string;
  createdBy: string;
  createdAt: string;
}

/** One task with one unit's report (GET /periods/{id}/tasks). */
export interface TaskRow {
  seq: number;
  task: string;
  units: string[];
  /** The unit this row's report belongs to. */
  unit: string;
  section: string;
  subheading: string | null;
  status: string;
  progress: string;
  /** 0 while the unit has not reported the task. */
  version: number;
  updatedBy: string | null;
  updatedAt: string | null;
  previousProgress: string | null;
  returns: ReturnNote[];
}

export interface TasksAnswer {
  period: Period;
  vocabulary: StatusVocabulary;
  rows: TaskRow[];
}

/** A row of POST /periods/{id}/submissions. */
export interface SubmissionRow {
  seq: number;
  status: string;
  progress: string;
  /** The version the client pulled; 0 for a row never reported. */
  baseVersion: number;
}

export interface SubmissionAnswer {
  rows: { seq: number; version: number; changed: boolean }[];
}

/** A row changed by someone else since it was pulled (409). */
export interface Conflict {
  seq: number;
  mine: { status: string; progress: string; baseVersion: number };
  theirs: {
    status: string;
    progress: string;
    version: number;
    updatedBy: string | null;
    updatedAt: string | null;
  };
}

/** A problem's per-row or per-field detail (422). */
export interface ApiIssue {
  seq: number | null;
  field: string | null;
  cell?: string | null;
  severity?: "error" | "warning" | "info";
  code: string;
  message: string;
  messages?: { zh: string; en: string };
}

/** application/problem+json */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail: string;
  issues?: ApiIssue[];
  conflicts?: Conflict[];
  retryAfter?: number;
}

export interface UnitCoverage {
  unit: string;
  assigned: number;
  reported: number;
  missingSeqs: number[];
  lastAt: string | null;
}

/** GET /units: the unit directory. */
export interface UnitsAnswer {
  units: Unit[];
}

export interface CoverageAnswer {
  period: Period;
  units: UnitCoverage[];
  /** Units with at least one assigned task not reported yet. */
  missing: string[];
  reminder: { zh: string; en: string };
}

export interface MergedAnswer {
  period: Period;
  title: string;
  vocabulary: StatusVocabulary;
  sections: MergedSection[];
  coverage: CoverageAnswer;
  summary: {
    /** Per section, how many tasks carry each combined status (未报送 for none reported). */
    bySection: { section: string; counts: Record<string, number> }[];
    byUnit: { unit: string; assigned: number; reported: number }[];
  };
}

const CJK = /[\u3400-\u9fff]/u;

/**
 * A problem's `detail` in its two languages. The server writes "中文 / English"; an English-first
 * detail is read the other way round, and a detail in one language serves both.
 */
export function splitDetail(detail: string): { zh: string; en: string } {
  const at = detail.indexOf(" / ");
  if (at <= 0) return { zh: detail, en: detail };
  const left = detail.slice(0, at).trim();
  const right = detail.slice(at + 3).trim();
  if (CJK.test(left) && right !== "") return { zh: left, en: right };
  if (CJK.test(right) && left !== "") return { zh: right, en: left };
  return { zh: detail, en: detail };
}
