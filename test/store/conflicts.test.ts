// The version check both stores share (store/conflicts.ts), on its own.
import { describe, expect, it } from "vitest";
import { settleRows, type CurrentRow } from "../../sync-server/store/conflicts.ts";
import type { SubmittedRow } from "../../sync-server/store/store.ts";

const row = (seq: number, baseVersion: number, progress: string, status = "序时推进"): SubmittedRow => ({
  seq,
  status,
  progress,
  baseVersion,
});
const stored = (version: number, progress: string, status = "序时推进"): CurrentRow => ({
  status,
  progress,
  version,
  updatedBy: "kjj",
  updatedAt: "2022-06-01T08:00:00.000Z",
});
const lookup = (rows: Record<number, CurrentRow>) => (seq: number) => rows[seq];

describe("settleRows", () => {
  it("lets a first report with base 0 through, as a change from version 0", () => {
    const { rows, conflicts } = settleRows([row(1, 0, "一")], lookup({}));
    expect(conflicts).toEqual([]);
    expect(rows).toEqual([{ row: row(1, 0, "一"), existing: undefined, version: 0, same: false }]);
  });

  it("lets a row sent with the stored version through as a change", () => {
    const { rows, conflicts } = settleRows([row(1, 2, "新")], lookup({ 1: stored(2, "旧") }));
    expect(conflicts).toEqual([]);
    expect(rows[0]).toMatchObject({ version: 2, same: false });
  });

  it("reports a row changed since its base as a conflict with mine and theirs", () => {
    const { conflicts } = settleRows([row(1, 1, "我的", "进度滞后")], lookup({ 1: stored(2, "他们的") }));
    expect(conflicts).toEqual([
      {
        seq: 1,
        mine: { status: "进度滞后", progress: "我的", baseVersion: 1 },
        theirs: {
          status: "序时推进",
          progress: "他们的",
          version: 2,
          updatedBy: "kjj",
          updatedAt: "2022-06-01T08:00:00.000Z",
        },
      },
    ]);
  });

  it("gives a never-reported row sent with a base above 0 an empty theirs", () => {
    const { conflicts } = settleRows([row(4, 3, "丁")], lookup({}));
    expect(conflicts[0]!.theirs).toEqual({
      status: "",
      progress: "",
      version: 0,
      updatedBy: null,
      updatedAt: null,
    });
  });

  it("treats exactly the stored content as unchanged, whatever the base", () => {
    const { rows, conflicts } = settleRows(
      [row(1, 0, "同"), row(2, 9, "同")],
      lookup({ 1: stored(3, "同"), 2: stored(1, "同") }),
    );
    expect(conflicts).toEqual([]);
    expect(rows.map((r) => [r.version, r.same])).toEqual([
      [3, true],
      [1, true],
    ]);
  });

  it("counts a trailing space, a case difference or another status as a change", () => {
    const current = lookup({ 1: stored(2, "abc"), 2: stored(2, "abc"), 3: stored(2, "abc") });
    const { conflicts } = settleRows(
      [row(1, 1, "abc "), row(2, 1, "ABC"), row(3, 1, "abc", "已完成")],
      current,
    );
    expect(conflicts.map((c) => c.seq)).toEqual([1, 2, 3]);
  });

  it("lists conflicts in the order the rows were sent and settles every row", () => {
    const current = lookup({ 5: stored(2, "五"), 1: stored(2, "一") });
    const { rows, conflicts } = settleRows([row(5, 1, "五改"), row(3, 0, "三"), row(1, 1, "一改")], current);
    expect(conflicts.map((c) => c.seq)).toEqual([5, 1]);
    expect(rows.map((r) => r.row.seq)).toEqual([5, 3, 1]);
  });
});
