// 校验, offline: schema's parse + validate with the unit directory and vocabulary cached from the server.
import { parse, type GridOrigin, type ParsedSheet } from "../../../schema/layout.ts";
import type { SheetMetadata } from "../../../schema/metadata.ts";
import type { StatusVocabulary, Unit } from "../../../schema/model.ts";
import { buildDirectory, type UnitDirectory } from "../../../schema/units.ts";
import {
  countBySeverity,
  validate,
  type Issue,
  type Severity,
  type ValidationContext,
} from "../../../schema/validate.ts";
import type { Lang } from "../i18n.ts";
import { planOfCache, type PeriodCache } from "./my-sheet.ts";

export interface CheckInput {
  /** The unit directory from GET /units (cached); null when never loaded. */
  units: readonly Unit[] | null;
  metadata: SheetMetadata | null;
  /** Cached tasks of the sheet's period and unit, when this pane pulled them. */
  cache: PeriodCache | null;
  /** The unit the rows must belong to: the reporter's own unit, or the sheet's for a coordinator. */
  unit: string | null;
}

export interface CheckResult {
  parsed: ParsedSheet;
  issues: Issue[];
}

export function checkContext(input: CheckInput): ValidationContext {
  const context: ValidationContext = { directory: directoryOf(input) };
  const vocabulary: StatusVocabulary | undefined = input.cache?.vocabulary;
  if (vocabulary) context.vocabulary = vocabulary;
  // Plan checks only on a sheet this pane pulled for that unit: the cache holds exactly its tasks.
  if (input.cache && input.metadata?.kind === "my-tasks" && input.metadata.unit !== null) {
    context.plan = planOfCache(input.cache);
    context.previous = new Map(input.cache.previous);
  }
  if (input.unit) context.unit = input.unit;
  return context;
}

function directoryOf(input: CheckInput): UnitDirectory {
  if (input.units && input.units.length > 0) return buildDirectory(input.units);
  // Never signed in on this machine: the plan's own unit names are all we know.
  const names = new Set((input.cache?.tasks ?? []).flatMap((t) => t.units));
  if (input.unit) names.add(input.unit);
  return buildDirectory([...names].map((name) => ({ name, kind: "bureau", aliases: [] })));
}

export function checkGrid(
  grid: readonly (readonly unknown[])[],
  origin: GridOrigin,
  input: CheckInput,
): CheckResult {
  const context = checkContext(input);
  const parsed = parse(grid, { directory: context.directory, origin });
  return { parsed, issues: validate(parsed, context) };
}

export interface IssueItem {
  id: string;
  severity: Severity;
  cell: string | null;
  seq: number | null;
  text: string;
  suggestion: string | null;
}

export interface IssueListView {
  counts: Record<Severity, number>;
  items: IssueItem[];
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The pane's issue list: errors first, then warnings, then notes; in sheet order within each. */
export function issueList(issues: readonly Issue[], lang: Lang): IssueListView {
  const items = issues
    .map((issue, i) => ({ issue, i }))
    .sort(
      (a, b) =>
        ORDER[a.issue.severity] - ORDER[b.issue.severity] ||
        (a.issue.row ?? -1) - (b.issue.row ?? -1) ||
        (a.issue.column ?? -1) - (b.issue.column ?? -1) ||
        a.i - b.i,
    )
    .map(({ issue, i }) => ({
      id: `issue-${i}`,
      severity: issue.severity,
      cell: issue.cell,
      seq: issue.seq,
      text: issue.message[lang],
      suggestion: issue.suggestion ?? null,
    }));
  return { counts: countBySeverity(issues), items };
}
