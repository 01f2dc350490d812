// The version check of a submission, written once for both stores: a row changed since the client
// pulled it is a conflict, unless the client sends exactly what is stored (then it is "unchanged",
// whatever its base). Pure: each store reads the current rows its own way and passes them here.
import type { Conflict, SubmittedRow } from "./store.ts";

/** A stored report row as the check needs it, times already as ISO strings. */
export interface CurrentRow {
  status: string;
  progress: string;
  version: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface SettledRow {
  row: SubmittedRow;
  /** The stored row, absent when the unit never reported this 序号. */
  existing: CurrentRow | undefined;
  /** The stored version (0 when never reported). */
  version: number;
  /** Same status and text as stored, compared exactly (no trailing-space or case folding). */
  same: boolean;
}

export interface Settlement {
  rows: SettledRow[];
  /** In the order the rows were sent; empty when the submission may be written. */
  conflicts: Conflict[];
}

export function settleRows(
  rows: readonly SubmittedRow[],
  current: (seq: number) => CurrentRow | undefined,
): Settlement {
  const conflicts: Conflict[] = [];
  const settled = rows.map((row): SettledRow => {
    const existing = current(row.seq);
    const version = existing?.version ?? 0;
    const same =
      existing !== undefined && existing.status === row.status && existing.progress === row.progress;
    if (version !== row.baseVersion && !same) {
      conflicts.push({
        seq: row.seq,
        mine: { status: row.status, progress: row.progress, baseVersion: row.baseVersion },
        theirs: {
          status: existing?.status ?? "",
          progress: existing?.progress ?? "",
          version,
          updatedBy: existing?.updatedBy ?? null,
          updatedAt: existing?.updatedAt ?? null,
        },
      });
    }
    return { row, existing, version, same };
  });
  return { rows: settled, conflicts };
}
