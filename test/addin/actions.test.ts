// The pane's actions end to end in Node: the Excel stand-in on globalThis and a real sync server.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ApiClient } from "../../addin/api/client.ts";
import type { FetchLike } from "../../client/http.ts";
import { publishActiveSheet } from "../../addin/taskpane/actions/publish.ts";
import { pullMerged } from "../../addin/taskpane/actions/pull-merged.ts";
import { pullMine } from "../../addin/taskpane/actions/pull-mine.ts";
import { selectCell } from "../../addin/taskpane/actions/select.ts";
import {
  confirmSubmission,
  conflictState,
  prepareSubmission,
  resolveConflicts,
  type PendingSubmission,
} from "../../addin/taskpane/actions/submit.ts";
import { validateActive } from "../../addin/taskpane/actions/validate.ts";
import { HIGHLIGHT_COLOURS } from "../../addin/excel/highlight.ts";
import { METADATA_SHEET } from "../../schema/metadata.ts";
import { cellFormat, emptySheet, workbookSnapshot } from "../excel-host/snapshot.ts";
import { snapshotFromXlsx } from "../excel-host/xlsx.ts";
import { fixturePath } from "../support/fixtures.ts";
import { api, type TestServer } from "../support/server.ts";
import {
  PASSWORD,
  fillAll,
  install,
  serverWithPlan,
  sheetCells,
  signedEnv,
  typeRows,
  use,
} from "./support.ts";

const SHEET = "2022-H1 市科技局";
let server: TestServer;

beforeAll(async () => {
  server = await serverWithPlan(30);
});
afterAll(async () => {
  await server.stop();
});

async function preview(env: Parameters<typeof prepareSubmission>[0]): Promise<PendingSubmission> {
  const prepared = await prepareSubmission(env);
  if (prepared.kind !== "preview") throw new Error(`expected a preview, got ${prepared.kind}`);
  return prepared.pending;
}

async function serverRow(token: string, seq: number) {
  const { body } = await api<{ rows: { seq: number; status: string; progress: string; version: number }[] }>(
    server,
    "GET",
    "/periods/2022-H1/tasks?scope=mine",
    { token },
  );
  return body.rows.find((r) => r.seq === seq)!;
}

describe("pull my tasks", () => {
  test("the unit's tasks land in a new, protected sheet with a drop-down and last period's text in F", async () => {
    const host = install();
    const { env } = await signedEnv(server, "kjj", PASSWORD("kjj"));
    const result = await pullMine(env, "2022-H1");
    expect(result.sheetName).toBe(SHEET);
    const snap = host.snapshot();
    expect(snap.activeSheet).toBe(SHEET);
    const sheet = snap.sheets.find((s) => s.name === SHEET)!;
    expect(sheet.protected).toBe(true);
    expect(sheet.validations.length).toBeGreaterThan(0);
    expect(sheet.cells[1]).toEqual([
      "序号",
      "承担的重点工作",
      "完成状态",
      "工作进展情况",
      "牵头责任单位",
      "上期进展(参考)",
    ]);
    const first = sheet.cells.find((r) => r[0] === 1)!;
    expect(first[3]).toBeNull();
    expect(first[5]).toBe("上期第1项的进展情况,按计划推进。");
    expect(sheet.cells.filter((r) => typeof r[0] === "number")).toHaveLength(30);
    expect(snap.sheets.find((s) => s.name === METADATA_SHEET)?.visibility).toBe("VeryHidden");
  });

  test("pulling again never overwrites the sheet being filled", async () => {
    const host = install();
    const { env } = await signedEnv(server, "kjj", PASSWORD("kjj"));
    await pullMine(env, "2022-H1");
    const again = await pullMine(env, "2022-H1");
    expect(again.sheetName).toBe(`${SHEET} (2)`);
    expect(host.snapshot().sheets.map((s) => s.name)).toEqual([
      "Sheet1",
      SHEET,
      METADATA_SHEET,
      `${SHEET} (2)`,
    ]);
  });
});

describe("validate", () => {
  test("an unknown status and an empty progress are listed with their cells and highlighted", async () => {
    const host = install();
    const { env } = await signedEnv(server, "kjj", PASSWORD("kjj"));
    await pullMine(env, "2022-H1");
    await fillAll();
    await typeRows(
      new Map([
        [2, ["差不多完成", "第2项工作已按计划推进,完成阶段目标。"]],
        [3, ["序时推进", ""]],
      ]),
    );
    host.resetSyncCount();
    const result = await validateActive(env);
    expect(host.syncCount()).toBeLessThanOrEqual(2);
    const errors = result.issues.filter((i) => i.severity === "error");
    expect(errors.map((i) => [i.code, i.seq])).toEqual([
      ["status.unknown", 2],
      ["progress.empty", 3],
    ]);
    const sheet = host.snapshot().sheets.find((s) => s.name === SHEET)!;
    expect(cellFormat(sheet, errors[0]!.cell!).fill).toBe(HIGHLIGHT_COLOURS.error);
    expect(cellFormat(sheet, errors[1]!.cell!).fill).toBe(HIGHLIGHT_COLOURS.error);

    await selectCell(env, result.sheetId, errors[1]!.cell!);
    expect(host.snapshot().selection).toEqual({ sheet: SHEET, address: errors[1]!.cell });

    // Fixed: the highlights go, and only ours.
    await typeRows(
      new Map([
        [2, ["已完成", "第2项工作已全部完成,达到年度目标。"]],
        [3, ["序时推进", "第3项工作已按计划推进,完成阶段目标。"]],
      ]),
    );
    const again = await validateActive(env);
    expect(again.issues.filter((i) => i.severity === "error")).toEqual([]);
    const after = host.snapshot().sheets.find((s) => s.name === SHEET)!;
    expect(cellFormat(after, errors[0]!.cell!).fill).toBeNull();
    expect(cellFormat(after, "A2").fill).toBe("#D9E1F2");
  });

  test("validation works offline from what the pane cached", async () => {
    install();
    const { env } = await signedEnv(server, "kjj", PASSWORD("kjj"));
    await pullMine(env, "2022-H1");
    const offline = {
      ...env,
      api: new ApiClient({ baseUrl: server.url, fetch: () => Promise.reject(new TypeError("offline")) }),
    };
    const result = await validateActive(offline);
    expect(result.issues.filter((i) => i.code === "status.empty")).toHaveLength(30);
  });
});

describe("submit", () => {
  test("only the rows changed since the pull are previewed and sent, and then recorded", async () => {
    const host = install();
    const { env } = await signedEnv(server, "kjj", PASSWORD("kjj"));
    await pullMine(env, "2022-H1");
    await fillAll("未启动", () => "");
    await typeRows(new Map([[4, ["序时推进", "第4项:平台建设完成选址,正在办理审批手续。"]]]));
    host.resetSyncCount();
    const pending = await preview(env);
    expect(pending.preview).toHaveLength(30);
    const result = await confirmSubmission(env, pending);
    expect(host.syncCount()).toBeLessThanOrEqual(3);
    expect(result.kind).toBe("submitted");
    const token = (env.api as ApiClient).token!;
    expect(await serverRow(token, 4)).toMatchObject({
      status: "序时推进",
      progress: "第4项:平台建设完成选址,正在办理审批手续。",
      version: 1,
    });

    // Nothing changed since: nothing to send. One row edited: exactly that row.
    expect((await prepareSubmission(env)).kind).toBe("nothing");
    await typeRows(new Map([[5, ["序时推进", "第5项:项目已开工建设,完成投资三成。"]]]));
    const next = await preview(env);
    expect(next.changes.map((c) => [c.seq, c.baseVersion])).toEqual([[5, 1]]);
  });

  test("a sheet with errors is refused before anything is sent", async () => {
    install();
    const { env } = await signedEnv(server, "kjj", PASSWORD("kjj"));
    await pullMine(env, "2022-H1");
    await typeRows(new Map([[1, ["差不多", ""]]]));
    const prepared = await prepareSubmission(env);
    expect(prepared.kind).toBe("invalid");
  });

  test("a sheet that was not pulled cannot be submitted", async () => {
    install(
      workbookSnapshot([
        emptySheet("Sheet1", {
          cells: [
            ["序号", "承担的重点工作", "完成状态", "工作进展情况", "牵头责任单位"],
            ["一、板块"],
            [1, "任务", "序时推进", "按计划推进,已完成阶段目标。", "市科技局"],
          ],
        }),
      ]),
    );
    const { env } = await signedEnv(server, "kjj", PASSWORD("kjj"));
    expect((await prepareSubmission(env)).kind).toBe("not-pulled");
  });

  test("a conflict shows both sides; keep mine resubmits on the new version and wins", async () => {
    const a = await signedEnv(server, "kjj", PASSWORD("kjj"));
    const b = await signedEnv(server, "kjj2", PASSWORD("kjj2"));
    const hostA = install();
    await pullMine(a.env, "2022-H1");
    const hostB = install();
    await pullMine(b.env, "2022-H1");
    const row = 6;
    await typeRows(new Map([[row, ["进度滞后", "B:第6项受用地影响进度滞后,正在协调。"]]]));
    const pendingB = await preview(b.env);
    expect((await confirmSubmission(b.env, pendingB)).kind).toBe("submitted");

    use(hostA);
    await typeRows(new Map([[row, ["序时推进", "A:第6项已完成用地审批,按计划推进。"]]]));
    const pendingA = await preview(a.env);
    const sent = await confirmSubmission(a.env, pendingA);
    expect(sent.kind).toBe("conflict");
    if (sent.kind !== "conflict") return;
    const conflict = sent.conflicts.find((c) => c.seq === row)!;
    expect(conflict.mine.progress).toContain("A:");
    expect(conflict.theirs.progress).toContain("B:");

    const state = conflictState(pendingA, sent.conflicts);
    for (const c of sent.conflicts) state.choices.set(c.seq, "mine");
    hostA.resetSyncCount();
    const resolved = await resolveConflicts(a.env, state);
    expect(hostA.syncCount()).toBeLessThanOrEqual(1);
    expect(resolved.kind).toBe("resolved");
    const token = (a.env.api as ApiClient).token!;
    expect(await serverRow(token, row)).toMatchObject({
      progress: "A:第6项已完成用地审批,按计划推进。",
      version: conflict.theirs.version + 1,
    });
    const history = await api<{ entries: { newProgress?: string; progress?: string }[] }>(
      server,
      "GET",
      `/periods/2022-H1/tasks/${row}/history`,
      { token },
    );
    expect(JSON.stringify(history.body)).toContain("B:");
    expect(JSON.stringify(history.body)).toContain("A:");
    expect(hostB).toBeTruthy();
  });

  test("take theirs writes the other person's row into the sheet and nothing of mine is sent for it", async () => {
    const a = await signedEnv(server, "kjj", PASSWORD("kjj"));
    const b = await signedEnv(server, "kjj2", PASSWORD("kjj2"));
    const hostA = install();
    await pullMine(a.env, "2022-H1");
    install();
    await pullMine(b.env, "2022-H1");
    const row = 7;
    await typeRows(new Map([[row, ["已完成", "B:第7项已全部完成,通过验收。"]]]));
    await confirmSubmission(b.env, await preview(b.env));

    use(hostA);
    await typeRows(new Map([[row, ["序时推进", "A:第7项正在验收准备中,按计划推进。"]]]));
    const pendingA = await preview(a.env);
    const sent = await confirmSubmission(a.env, pendingA);
    if (sent.kind !== "conflict") throw new Error(sent.kind);
    const state = conflictState(pendingA, sent.conflicts);
    for (const c of sent.conflicts) state.choices.set(c.seq, c.seq === row ? "theirs" : "mine");
    hostA.resetSyncCount();
    const resolved = await resolveConflicts(a.env, state);
    expect(hostA.syncCount()).toBeLessThanOrEqual(2);
    expect(resolved.kind).toBe("resolved");
    const cells = sheetCells(hostA, SHEET).find((r) => r[0] === row)!;
    expect(cells.slice(2, 4)).toEqual(["已完成", "B:第7项已全部完成,通过验收。"]);
    expect((await prepareSubmission(a.env)).kind).toBe("nothing");
  });

  test("a network failure keeps the sheet as it is; the retry reuses the Idempotency-Key and is applied once", async () => {
    const host = install();
    const { env } = await signedEnv(server, "kjj", PASSWORD("kjj"));
    await pullMine(env, "2022-H1");
    const keys: string[] = [];
    let calls = 0;
    const flaky: FetchLike = async (url, init) => {
      if (url.endsWith("/submissions")) {
        keys.push((init?.headers as Record<string, string>)["Idempotency-Key"]!);
        calls++;
        // The first attempt reaches the server, but its answer is lost on the way back.
        if (calls === 1) {
          await fetch(url, init);
          throw new TypeError("Failed to fetch");
        }
      }
      return fetch(url, init);
    };
    const flakyEnv = {
      ...env,
      api: new ApiClient({ baseUrl: server.url, token: (env.api as ApiClient).token, fetch: flaky }),
    };
    await fillAll("未启动", () => "");
    await typeRows(new Map([[8, ["序时推进", "第8项:完成可研报告编制,正在评审。"]]]));
    const pending = await preview(flakyEnv);
    const before = JSON.stringify(host.snapshot());
    const first = await confirmSubmission(flakyEnv, pending);
    expect(first).toEqual({ kind: "network", reason: "offline" });
    expect(JSON.stringify(host.snapshot())).toBe(before);
    const retry = await confirmSubmission(flakyEnv, pending);
    expect(retry).toMatchObject({ kind: "submitted", replayed: true });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    expect((await serverRow((env.api as ApiClient).token!, 8)).version).toBeGreaterThanOrEqual(1);
  });

  test("editing the hidden unit to another unit's is refused by the server and nothing is stored", async () => {
    const host = install();
    const { env } = await signedEnv(server, "kjj", PASSWORD("kjj"));
    await pullMine(env, "2022-H1");
    await fillAll("未启动", () => "");
    await typeRows(new Map([[10, ["已完成", "篡改:第10项已全部完成。"]]]));
    await Excel.run(async (context) => {
      const meta = context.workbook.worksheets.getItem(METADATA_SHEET);
      meta.getRange("B5").values = [["市财政局"]];
      await context.sync();
    });
    const pending = await preview(env);
    expect(pending.metadata.unit).toBe("市财政局");
    const result = await confirmSubmission(env, pending);
    expect(result).toMatchObject({ kind: "refused", status: 403 });
    const czj = await signedEnv(server, "czj", PASSWORD("czj"));
    const { body } = await api<{ rows: { seq: number; progress: string }[] }>(
      server,
      "GET",
      "/periods/2022-H1/tasks?scope=mine",
      { token: (czj.env.api as ApiClient).token! },
    );
    expect(body.rows.find((r) => r.seq === 10)!.progress).not.toContain("篡改");
    expect(host).toBeTruthy();
  });
});

describe("locked period and merged sheet", () => {
  test("a locked period answers a submission with the locked result; the merged sheet has both units", async () => {
    install();
    const { env } = await signedEnv(server, "czj", PASSWORD("czj"));
    await pullMine(env, "2022-H1");
    await fillAll("序时推进", (seq) => `财政局:第${seq}项资金已拨付到位。`);
    await confirmSubmission(env, await preview(env));
    await typeRows(new Map([[10, ["已完成", "财政局:第10项资金已全部拨付。"]]]));
    const pending = await preview(env);

    const coordinator = await signedEnv(server, "coord", PASSWORD("coord"));
    await coordinator.env.api.lock("2022-H1");
    try {
      const result = await confirmSubmission(env, pending);
      expect(result.kind).toBe("locked");

      const host = install();
      host.resetSyncCount();
      const merged = await pullMerged(coordinator.env, "2022-H1");
      expect(host.syncCount()).toBeLessThanOrEqual(4);
      const snap = host.snapshot();
      const mergedSheet = snap.sheets.find((s) => s.name === merged.sheetName)!;
      const shared = mergedSheet.cells.find((r) => r[0] === 10)!;
      expect(String(shared[3])).toContain("【市财政局】财政局:第10项资金已拨付到位。");
      expect(String(shared[3])).toMatch(/【市科技局】/u);
      const summary = snap.sheets.find((s) => s.name === merged.summaryName)!;
      expect(summary.charts.map((c) => c.type)).toEqual(["ColumnStacked", "BarClustered"]);
      // Pulling again replaces both sheets instead of piling up copies.
      await pullMerged(coordinator.env, "2022-H1");
      expect(
        host
          .snapshot()
          .sheets.map((s) => s.name)
          .sort(),
      ).toEqual(["2022-H1", METADATA_SHEET, "Sheet1", "汇总"].sort());
    } finally {
      await coordinator.env.api.unlock("2022-H1");
    }
  });
});

describe("merged sheet equals the server's .xlsx", () => {
  test("the merged and summary sheets hold the same cells as GET /merged.xlsx", async () => {
    const host = install();
    const { env } = await signedEnv(server, "coord", PASSWORD("coord"));
    const merged = await pullMerged(env, "2022-H1");
    const res = await fetch(`${server.url}/api/v1/periods/2022-H1/merged.xlsx`, {
      headers: { authorization: `Bearer ${(env.api as ApiClient).token}` },
    });
    const file = await snapshotFromXlsx(new Uint8Array(await res.arrayBuffer()));
    const trim = (cells: unknown[][]) =>
      cells.map((row) => {
        const out = row.map((v) => (v === "" ? null : v));
        while (out.length > 0 && out[out.length - 1] === null) out.pop();
        return out;
      });
    for (const name of [merged.sheetName, merged.summaryName]) {
      const ours = host.snapshot().sheets.find((s) => s.name === name)!;
      const theirs = file.sheets.find((s) => s.name === name)!;
      expect(trim(ours.cells), name).toEqual(trim(theirs.cells));
      expect([...ours.merges].sort(), name).toEqual([...theirs.merges].sort());
    }
  });
});

describe("publish", () => {
  test("the coordinator publishes the fixture workbook as a new period", async () => {
    install(await snapshotFromXlsx(fixturePath("progress-2022h1-part.xlsx")));
    const { env } = await signedEnv(server, "coord", PASSWORD("coord"));
    const result = await publishActiveSheet(env, {
      period: "2022-H2",
      title: "2022下半年重点工作进展情况统计表",
    });
    expect(result.kind).toBe("published");
    const periods = await env.api.periods();
    expect(periods.map((p) => p.id)).toContain("2022-H2");
  });
});
