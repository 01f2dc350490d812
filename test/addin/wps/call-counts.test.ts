// In WPS every member access is a call from the pane into WPS. The WPS host reads and writes whole
// rectangles, so an action's calls do not grow with the number of rows: counted on the WPS stand-in at
// 10 and at 3,000 rows (sections of 100 tasks, so the layout's runs grow with the sections only).
import { afterAll, describe, expect, test } from "vitest";
import { pullMerged } from "../../../addin/taskpane/actions/pull-merged.ts";
import { pullMine } from "../../../addin/taskpane/actions/pull-mine.ts";
import { confirmSubmission, prepareSubmission } from "../../../addin/taskpane/actions/submit.ts";
import { validateActive } from "../../../addin/taskpane/actions/validate.ts";
import { wpsHost } from "../../../addin/wps/host.ts";
import type { WpsApplication } from "../../../addin/wps/wps-api.ts";
import { createWpsHost } from "../../wps-host/host.ts";
import type { TestServer } from "../../support/server.ts";
import { PASSWORD, serverWithPlan, signedEnv } from "../support.ts";

const measured: Record<string, Record<string, number>> = {};
afterAll(() => console.log(JSON.stringify(measured)));

describe.each([10, 3000])("at %i rows", (rows) => {
  let server: TestServer;
  afterAll(async () => {
    await server?.stop();
  });

  test(
    `validate and submit cost the same WPS calls whatever the rows (${rows} rows)`,
    { timeout: 120_000 },
    async () => {
      server = await serverWithPlan(rows);
      const stand = createWpsHost();
      const app = stand.Application as WpsApplication;
      const reporter = await signedEnv(server, "kjj", PASSWORD("kjj"));
      const env = { ...reporter.env, run: null, host: wpsHost(app) };
      const counts: Record<string, number> = {};
      const count = async <T>(name: string, action: () => Promise<T>): Promise<T> => {
        stand.resetCalls();
        const result = await action();
        counts[name] = stand.calls();
        return result;
      };
      await count("pull my tasks", () => pullMine(env, "2022-H1"));
      // A day of work: every task row filled, in one write per run of rows.
      const sheet = app.ActiveWorkbook!.ActiveSheet;
      const values = sheet.UsedRange.Value2 as unknown[][];
      values.forEach((r, i) => {
        if (typeof r[0] === "number")
          sheet.Range(`C${i + 1}:D${i + 1}`).Value2 = [
            ["序时推进", `第${r[0]}项工作已按计划推进,完成阶段目标。`],
          ];
      });
      const validated = await count("validate", () => validateActive(env));
      expect(validated.issues.filter((i) => i.severity === "error")).toEqual([]);
      const prepared = await count("submit: check + preview", () => prepareSubmission(env));
      if (prepared.kind !== "preview") throw new Error(prepared.kind);
      await count("submit: send", () => confirmSubmission(env, prepared.pending));
      const coordinator = await signedEnv(server, "coord", PASSWORD("coord"));
      await count("pull merged", () =>
        pullMerged({ ...coordinator.env, run: null, host: wpsHost(app) }, "2022-H1"),
      );
      measured[`${rows} rows`] = counts;
      // Reads are whole ranges: validating 3,000 rows costs what validating 10 does.
      expect(counts["validate"]).toBeLessThanOrEqual(40);
      expect(counts["submit: check + preview"]! + counts["submit: send"]!).toBeLessThanOrEqual(60);
    },
  );
});
