// The sync server's answers as the add-in reads them (see sync-server/http/openapi.ts).
import type { StatusVocabulary, Unit } from "../../schema/model.ts";
import type { MergedSection } from "../../schema/merged-layout.ts";

export type Role = "coordinator" | "reporter" | "viewer";

export interface User {
  username: string;
  name: string;
  unit: string | null;
  role: Role;
}

export interface Session {
  token: string;
  expiresAt: string;
  user: User;
}

export interface Period {
  id: string;
  title: string;
  dueAt: string | null;
  locked: boolean;
  previousPeriodId?: string | null;
}

export interface ReturnNote {
  id: number;
  comment: string;
  createdBy: string;
  createdAt: string;
}

export interface TaskRow {
  seq: number;
  task: string;
  units: string[];
  unit: string;
  section: string;
  subheading: string | null;
  status: string;
  progress: string;
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

export interface SubmissionRow {
  seq: number;
  status: string;
  progress: string;
  baseVersion: number;
}

export interface SubmissionAnswer {
  rows: { seq: number; version: number; changed: boolean }[];
}

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

export interface ApiIssue {
  seq: number | null;
  field: string | null;
  code: string;
  message: string;
  cell?: string | null;
}

export interface UnitCoverage {
  unit: string;
  assigned: number;
  reported: number;
  missingSeqs: number[];
  lastAt: string | null;
}

export interface CoverageAnswer {
  period: Period;
  units: UnitCoverage[];
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
    bySection: { section: string; counts: Record<string, number> }[];
    byUnit: { unit: string; assigned: number; reported: number }[];
  };
}

export interface UnitsAnswer {
  units: Unit[];
}
