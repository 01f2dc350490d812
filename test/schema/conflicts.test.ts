import { describe, expect, test } from "vitest";
import type { Conflict } from "../../schema/api.ts";
import { settleConflicts } from "../../schema/conflicts.ts";
import type { RowChange } from "../../schema/metadata.ts";

const pending: RowChange[] = [
  { seq: 1, status: "序时推进", progress: "新的进展", baseVersion: 2 },
  { seq: 2, status: "未启动", progress: "", baseVersion: 0 },
];
const conflict = (seq: number, version: number): Conflict => ({
  seq,
  mine: { status: "序时推进", progress: "新的进展", baseVersion: 2 },
  theirs: { status: "已完成", progress: "他们的", version, updatedBy: "b", updatedAt: null },
});

describe("settleConflicts", () => {
  test("keep mine resends the row on the other side's version; the rows not in conflict go as they were", () => {
    const plan = settleConflicts(pending, [conflict(1, 3)], new Map([[1, "mine"]]));
    expect(plan.complete).toBe(true);
    expect(plan.resubmit.map((r) => [r.seq, r.baseVersion])).toEqual([
      [1, 3],
      [2, 0],
    ]);
    expect(plan.takeTheirs).toEqual([]);
  });

  test("take theirs leaves the row out of the resend", () => {
    const plan = settleConflicts(pending, [conflict(1, 3)], new Map([[1, "theirs"]]));
    expect(plan.resubmit.map((r) => r.seq)).toEqual([2]);
    expect(plan.takeTheirs).toEqual([conflict(1, 3)]);
  });

  test("nothing is resent until every conflicting row has a choice", () => {
    const plan = settleConflicts(pending, [conflict(1, 3), conflict(2, 1)], new Map([[1, "mine"]]));
    expect(plan).toEqual({ complete: false, resubmit: [], takeTheirs: [] });
  });
});
