// Settling a 409: per conflicting row the reporter keeps theirs or mine. Shared by the add-in and the web page.
import type { Conflict } from "./api.ts";
import type { RowChange } from "./metadata.ts";

export type Choice = "mine" | "theirs";

export interface Resolution {
  /** Every conflict has a choice. */
  complete: boolean;
  /** What to send again: the rows that were not in conflict as they were, kept rows on the new version. */
  resubmit: RowChange[];
  /** Conflicts settled by taking the server's row. */
  takeTheirs: Conflict[];
}

/**
 * The batch was refused as a whole, so the rows without a conflict still have to go; a kept row is
 * resent with the version the other person produced as its base, a taken row is not sent at all.
 * Nothing is to be sent until every conflict has a choice.
 */
export function settleConflicts(
  pending: readonly RowChange[],
  conflicts: readonly Conflict[],
  choices: ReadonlyMap<number, Choice>,
): Resolution {
  const bySeq = new Map(conflicts.map((c) => [c.seq, c]));
  const resubmit: RowChange[] = [];
  const takeTheirs: Conflict[] = [];
  for (const row of pending) {
    const conflict = bySeq.get(row.seq);
    if (!conflict) {
      resubmit.push(row);
      continue;
    }
    const choice = choices.get(row.seq);
    if (choice === "mine") resubmit.push({ ...row, baseVersion: conflict.theirs.version });
    else if (choice === "theirs") takeTheirs.push(conflict);
  }
  const complete = conflicts.every((c) => choices.has(c.seq));
  return { complete, resubmit: complete ? resubmit : [], takeTheirs: complete ? takeTheirs : [] };
}
