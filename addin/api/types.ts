// The sync server's answers as the add-in reads them: the one wire definition in schema/api.ts.
import type { Unit } from "../../schema/model.ts";

export type {
  ApiIssue,
  Conflict,
  CoverageAnswer,
  MergedAnswer,
  Period,
  ReturnNote,
  Role,
  Session,
  SubmissionAnswer,
  SubmissionRow,
  TaskRow,
  TasksAnswer,
  UnitCoverage,
  User,
} from "../../schema/api.ts";

export interface UnitsAnswer {
  units: Unit[];
}
