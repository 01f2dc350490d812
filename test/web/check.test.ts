// The page's logic without a browser: the rules run on the uploaded grid, merged with the server's
// findings; rows to submit by 序号; conflict choices; the words of server answers.
import { describe, expect, it } from "vitest";
import {
  buildDirectory,
  contentHash,
  parse,
  planOf,
  render,
  validate,
  type SheetMetadata,
  recordVersions,
} from "../../schema/index.ts";
import { DEFAULT_VOCABULARY } from "../../schema/statuses.ts";
import type { UploadAnswer } from "../../web/api.ts";
import { checkUpload, fromApiIssue, mergeIssues, parseAddress, pendingChanges } from "../../web/check.ts";
import { fixtureDocument, fixtureUnits } from "../support/fixtures.ts";

const plan = planOf(fixtureDocument());
const units = fixtureUnits();
const directory = buildDirectory(units);

function answerFor(grid: (string | number | null)[][], serverIssues: UploadAnswer["issues"]): UploadAnswer {
  return {
    period: { id: "2022-H1", title: "t", locked: false, dueAt: null },
    unit: "市科技局",
    sheetName: "s",
    origin: { row: 0, column: 0 },
    grid,
    metadata: null,
    notices: [],
    issues: serverIssues,
    context: { plan, vocabulary: DEFAULT_VOCABULARY, previous: {} },
  };
}

describe("checkUpload", () => {
  it("finds what the server finds when both run the same rules on the same grid", () => {
    const grid = render(fixtureDocument()).grid.map((r) => r.map((v) => (v === "" ? null : v)));
    const parsed = parse(grid, { directory });
    const server = validate(parsed, {
      directory,
      vocabulary: DEFAULT_VOCABULARY,
      plan,
      unit: "市科技局",
      previous: new Map(),
    }).map((i) => ({
      seq: i.seq,
      field: i.field,
      cell: i.cell,
      severity: i.severity,
      code: i.code,
      message: i.message.zh,
      messages: i.message,
    }));
    expect(server.length).toBeGreaterThan(0);
    const checked = checkUpload(answerFor(grid, server), units);
    expect(checked.browserIssueCount).toBe(server.length);
    expect(checked.issues.every((i) => i.source === "both")).toBe(true);
  });

  it("keeps a finding only the server made, marked as the server's", () => {
    const merged = mergeIssues(
      [],
      [{ seq: null, field: "_keywork", cell: null, severity: "error", code: "x", message: "m" }],
    );
    expect(merged).toMatchObject([{ source: "server", cell: null, severity: "error" }]);
    expect(merged[0]!.id).toBe("issue-1");
  });
});

describe("cells", () => {
  it("parses A1 addresses", () => {
    expect(parseAddress("C17")).toEqual({ row: 16, column: 2 });
    expect(parseAddress("AA1")).toEqual({ row: 0, column: 26 });
    expect(parseAddress("nonsense")).toBeNull();
  });

  it("places a submission's issue (序号 + field) on its cell in the uploaded sheet", () => {
    const parsed = parse(render(fixtureDocument()).grid, { directory });
    const row = parsed.rows.find((r) => r.seq === 9)!;
    const issue = fromApiIssue(
      { seq: 9, field: "progress", code: "progress.empty", message: "空" },
      "server",
      parsed,
    );
    expect(issue.cell).toBe(`D${row.row + 1}`);
  });
});

describe("submitting", () => {
  const meta: SheetMetadata = {
    kind: "my-tasks",
    period: "2022-H1",
    unit: "市科技局",
    server: "",
    pulledAt: "",
    rows: [
      { seq: 9, version: 1, hash: contentHash("序时推进", "旧") },
      { seq: 14, version: 0, hash: contentHash("", "") },
    ],
  };

  it("sends only the rows that differ from the download, with their pulled versions", () => {
    const grid = [
      ["序号", "承担的重点工作", "完成状态", "工作进展情况", "牵头责任单位"],
      ["一、标题"],
      [9, "任务", "序时推进", "旧", "市科技局"],
      [14, "任务", "已完成", "新的进展", "市科技局"],
    ];
    const parsed = parse(grid, { directory });
    expect(pendingChanges(parsed, meta)).toEqual([
      { seq: 14, status: "已完成", progress: "新的进展", baseVersion: 0 },
    ]);
    const after = recordVersions(meta, [{ seq: 14, version: 1, status: "已完成", progress: "新的进展" }]);
    expect(pendingChanges(parsed, after)).toEqual([]);
  });
});
