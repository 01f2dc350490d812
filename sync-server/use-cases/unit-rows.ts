// What a submission and the web page's upload check share: which tasks are not the unit's, and the
// context the table's rules run with (directory, vocabulary, last period's text).
import { buildDirectory, type Unit, type UnitDirectory } from "../../schema/index.ts";
import type { StoredPlan, ReportRecord } from "../store/store.ts";
import type { Deps } from "./context.ts";
import { planSeqs } from "./tasks.ts";

/** The 序号 among `seqs` that are no task of `unit` (or no task at all), in the order given. */
export function seqsNotOfUnit(plan: StoredPlan, seqs: readonly number[], unit: string): number[] {
  const tasks = planSeqs(plan);
  return seqs.filter((seq) => {
    const task = tasks.get(seq);
    // Membership only: repeated names (redacted sheets) change nothing, so no de-duplicated copy per row.
    return !task || !task.units.includes(unit);
  });
}

export interface RuleContext {
  directory: UnitDirectory;
  /** The unit's reports of the previous period (none for the first period). */
  previousReports: ReportRecord[];
  previous: Map<number, string>;
}

export async function ruleContext(
  deps: Deps,
  previousPeriodId: string | null,
  unit: string,
): Promise<RuleContext> {
  const directory = directoryOf(await deps.store.listUnits());
  const previousReports = previousPeriodId ? await deps.store.listReports(previousPeriodId, unit) : [];
  return { directory, previousReports, previous: new Map(previousReports.map((r) => [r.seq, r.progress])) };
}

// A store that hands out the same list while the directory is unchanged (the SQLite store) gets the
// directory built once, not once per submission.
const directories = new WeakMap<readonly Unit[], UnitDirectory>();
function directoryOf(units: readonly Unit[]): UnitDirectory {
  let directory = directories.get(units);
  if (!directory) directories.set(units, (directory = buildDirectory(units)));
  return directory;
}
