// Round trips per action, whatever the number of rows: validate ≤ 2, submit ≤ 3, pull merged ≤ 4.
// Counted by the Excel stand-in across every Excel.run of the action, at 10 and at 3,000 rows.
import { afterAll, describe, expect, test } from "vitest";
import { pullMerged } from "../../addin/taskpane/actions/pull-merged.ts";
import { pullMine } from "../../addin/taskpane/actions/pull-mine.ts";
import { confirmSubmission, prepareSubmission } from "../../addin/taskpane/actions/submit.ts";
import { validateActive } from "../../addin/taskpane/actions/validate.ts";
import type { TestServer } from "../support/server.ts";
import { PASSWORD, fillAll, install, serverWithPlan, signedEnv, typeRows } from "./support.ts";

const measured: Record<string, Record<string, number>> = {};

afterAll(() => {
  // The table for the issue note.
  console.log(JSON.stringify(measured));
});

describe.each([10, 3000])("at %i rows", (rows) => {
  let server: TestServer;
  afterAll(async () => {
    await server?.stop();
  });

  test(`every action keeps to its round-trip budget (${rows} rows)`, { timeout: 120_000 }, async () => {
    server = await serverWithPlan(rows);
    const host = install();
    const reporter = await signedEnv(server, "kjj", PASSWORD("kjj"));
    const counts: Record<string, number> = {};
    const count = async <T>(name: string, action: () => Promise<T>): Promise<T> => {
      host.resetSyncCount();
      const result = await action();
      counts[name] = host.syncCount();
      return result;
    };

    await count("pull my tasks", () => pullMine(reporter.env, "2022-H1"));
    await fillAll();
    // Worst case for 校验: errors to highlight on a sheet that already carries marks.
    await typeRows(
      new Map([
        [1, ["差不多", ""]],
        [rows, ["序时推进", ""]],
      ]),
    );
    await validateActive(reporter.env);
    await typeRows(
      new Map([
        [1, ["已完成", "第1项工作已全部完成,x%的指标已达成。"]],
        [rows, ["序时推进", `第${rows}项工作已按计划推进,完成阶段目标。`]],
      ]),
    );
    const validated = await count("validate", () => validateActive(reporter.env));
    expect(validated.issues.filter((i) => i.severity === "error")).toEqual([]);

    // Worst case for 一键报送: a warning to highlight (and old error marks to clear), then the send.
    const prepared = await count("submit: check + preview", () => prepareSubmission(reporter.env));
    if (prepared.kind !== "preview") throw new Error(prepared.kind);
    expect(prepared.pending.changes).toHaveLength(rows);
    const sent = await count("submit: send", () => confirmSubmission(reporter.env, prepared.pending));
    expect(sent.kind).toBe("submitted");
    counts["submit (total)"] = counts["submit: check + preview"]! + counts["submit: send"]!;

    const coordinator = await signedEnv(server, "coord", PASSWORD("coord"));
    await count("pull merged", () => pullMerged(coordinator.env, "2022-H1"));
    await count("pull merged again (replace)", () => pullMerged(coordinator.env, "2022-H1"));
    measured[`${rows} rows`] = counts;

    expect(counts["validate"]).toBeLessThanOrEqual(2);
    expect(counts["submit (total)"]).toBeLessThanOrEqual(3);
    expect(counts["pull merged"]).toBeLessThanOrEqual(4);
    expect(counts["pull merged again (replace)"]).toBeLessThanOrEqual(4);
  });
});
