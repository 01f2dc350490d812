import { describe, expect, test } from "vitest";
import {
  changedRows,
  contentHash,
  decodeMetadata,
  encodeMetadata,
  recordVersions,
  type SheetMetadata,
} from "../../schema/metadata.ts";

const meta: SheetMetadata = {
  kind: "my-tasks",
  period: "2022-H1",
  unit: "市科技局",
  server: "https://keywork.example",
  pulledAt: "2022-06-30T08:00:00.000Z",
  rows: [
    { seq: 9, version: 2, hash: contentHash("序时推进", "旧的进展") },
    { seq: 14, version: 0, hash: contentHash("", "") },
  ],
};

describe("the metadata sheet", () => {
  test("encodes and decodes to the same metadata, with no token field anywhere", () => {
    const grid = encodeMetadata(meta);
    expect(decodeMetadata(grid)).toEqual({ ok: true, metadata: meta });
    expect(JSON.stringify(grid)).not.toMatch(/token|password/iu);
  });

  test("a sheet that is not ours, or is damaged, is refused with a reason", () => {
    expect(decodeMetadata([["序号", "承担的重点工作"]])).toMatchObject({ ok: false });
    const damaged = encodeMetadata(meta).map((row) => (row[0] === "period" ? ["period", ""] : row));
    expect(decodeMetadata(damaged)).toMatchObject({ ok: false, reason: expect.stringContaining("period") });
  });

  test("the content hash tells status from progress", () => {
    expect(contentHash("序时推进", "进展")).not.toBe(contentHash("序时推进进", "展"));
    expect(contentHash("序时推进", "进展")).toMatch(/^[0-9a-f]{8}$/u);
  });
});

describe("changedRows", () => {
  test("lists only rows whose content differs from the pull, with the pulled version as base", () => {
    const rows = [
      { seq: 9, status: "序时推进", progress: "旧的进展" },
      { seq: 14, status: "已完成", progress: "新写的进展" },
    ];
    expect(changedRows(rows, meta)).toEqual([
      { seq: 14, status: "已完成", progress: "新写的进展", baseVersion: 0 },
    ]);
  });

  test("finds rows by 序号, so a sorted sheet changes nothing", () => {
    const sorted = [
      { seq: 14, status: "", progress: "" },
      { seq: 9, status: "序时推进", progress: "旧的进展" },
    ];
    expect(changedRows(sorted, meta)).toEqual([]);
  });

  test("a row the pull did not list goes with base version 0; a row without 序号 is skipped", () => {
    const rows = [
      { seq: 30, status: "未启动", progress: "" },
      { seq: null, status: "已完成", progress: "无序号" },
    ];
    expect(changedRows(rows, meta)).toEqual([{ seq: 30, status: "未启动", progress: "", baseVersion: 0 }]);
  });
});

describe("recordVersions", () => {
  test("records each saved row's new version and content, and adds rows not listed before", () => {
    const after = recordVersions(meta, [
      { seq: 14, version: 1, status: "已完成", progress: "新写的进展" },
      { seq: 30, version: 1, status: "未启动", progress: "" },
    ]);
    expect(after.rows).toEqual([
      meta.rows[0],
      { seq: 14, version: 1, hash: contentHash("已完成", "新写的进展") },
      { seq: 30, version: 1, hash: contentHash("未启动", "") },
    ]);
    expect(changedRows([{ seq: 14, status: "已完成", progress: "新写的进展" }], after)).toEqual([]);
  });
});
