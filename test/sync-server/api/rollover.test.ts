// POST /periods (roll over), GET /periods/summary: the next period on the same plan, linked so each unit
// sees last period's text; with a new sheet, the new tasks.
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fixturePath, fixtureUnits } from "../../support/fixtures.ts";
import { api, startTestServer, submission, type TestServer } from "../../support/server.ts";

let server: TestServer;
let coordinator: string;
let kjj: string;

type Problem = { title: string; detail: string };

beforeAll(async () => {
  server = await startTestServer();
  coordinator = await server.user("coord", "coordinator", null);
  await api(server, "POST", "/units/import", { token: coordinator, body: { units: fixtureUnits() } });
  const form = new FormData();
  form.set(
    "file",
    new Blob([new Uint8Array(readFileSync(fixturePath("progress-2022h1-part.xlsx")))]),
    "p.xlsx",
  );
  form.set("period", "2022-H1");
  form.set("due", "2022-07-10");
  const res = await fetch(`${server.url}/api/v1/plans/import`, {
    method: "POST",
    headers: { authorization: `Bearer ${coordinator}` },
    body: form,
  });
  expect(res.status).toBe(201);
  kjj = await server.user("kjj", "reporter", "市科技局");
  await api(server, "POST", "/periods/2022-H1/submissions", {
    token: kjj,
    body: submission([{ seq: 19, progress: "上半年：平台认定完成。" }]),
  });
});
afterAll(() => server.stop());

describe("POST /periods (rollover)", () => {
  test("opens the next period on the same plan with a rolled title, linked to the previous one", async () => {
    const res = await api<{
      id: string;
      title: string;
      planId: number;
      previousPeriodId: string;
      dueAt: string;
    }>(server, "POST", "/periods", {
      token: coordinator,
      body: { period: "2022-H2", from: "2022-H1", due: "2022-12-31" },
    });
    expect(res.status).toBe(201);
    const first = (await server.deps.store.getPeriod("2022-H1"))!;
    expect(res.body).toMatchObject({
      id: "2022-H2",
      title: "2022下半年重点工作进展情况统计表",
      planId: first.planId,
      previousPeriodId: "2022-H1",
      dueAt: "2022-12-31",
    });
    expect(await server.deps.store.listAudit({ limit: 1 })).toMatchObject([
      { action: "period.new", target: "2022-H2", actor: "coord" },
    ]);
  });

  test("each unit sees last period's text in the new period", async () => {
    const res = await api<{ rows: { seq: number; progress: string; previousProgress: string | null }[] }>(
      server,
      "GET",
      "/periods/2022-H2/tasks",
      { token: kjj },
    );
    expect(res.body.rows.find((r) => r.seq === 19)).toMatchObject({
      progress: "",
      previousProgress: "上半年：平台认定完成。",
    });
  });

  test("an existing period, an unknown source and a reporter are refused", async () => {
    const again = await api<Problem>(server, "POST", "/periods", {
      token: coordinator,
      body: { period: "2022-H2", from: "2022-H1" },
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/^报送期 2022-H2 已存在 \//u);
    const unknown = await api(server, "POST", "/periods", {
      token: coordinator,
      body: { period: "2023-H1", from: "2021-H1" },
    });
    expect(unknown.status).toBe(404);
    const bad = await api(server, "POST", "/periods", {
      token: coordinator,
      body: { period: "2023-X1", from: "2022-H2" },
    });
    expect(bad.status).toBe(422);
    expect(
      (await api(server, "POST", "/periods", { token: kjj, body: { period: "2023-H1", from: "2022-H2" } }))
        .status,
    ).toBe(403);
  });

  test("with a new sheet the new period has the new tasks, still linked to the previous one", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook
      .addWorksheet("计划")
      .addRows([
        ["2023上半年重点工作进展情况统计表"],
        ["序号", "承担的重点工作", "完成状态", "工作进展情况", "牵头责任单位"],
        ["一、科技创新"],
        [19, "新的任务十九。", "", "", "市科技局"],
        [20, "新的任务二十。", "", "", "市财政局"],
      ]);
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array(await workbook.xlsx.writeBuffer())]), "p.xlsx");
    form.set("period", "2023-H1");
    form.set("from", "2022-H2");
    const res = await fetch(`${server.url}/api/v1/periods`, {
      method: "POST",
      headers: { authorization: `Bearer ${coordinator}` },
      body: form,
    });
    expect(res.status).toBe(201);
    const period = (await res.json()) as { planId: number; previousPeriodId: string; title: string };
    expect(period.previousPeriodId).toBe("2022-H2");
    expect(period.title).toBe("2023上半年重点工作进展情况统计表");
    const plan = (await server.deps.store.getPlan(period.planId))!;
    expect(plan.sections[0]!.subsections[0]!.items.map((t) => t.task)).toEqual([
      "新的任务十九。",
      "新的任务二十。",
    ]);
  });

  test("GET /periods/summary lists each period with its tasks and reported units", async () => {
    const res = await api<{
      periods: {
        id: string;
        tasks: number;
        reportedUnits: number;
        locked: boolean;
        previousPeriodId: string | null;
      }[];
    }>(server, "GET", "/periods/summary", { token: coordinator });
    expect(res.body.periods.map((p) => [p.id, p.tasks, p.reportedUnits, p.previousPeriodId])).toEqual([
      ["2022-H1", 67, 1, null],
      ["2022-H2", 67, 0, "2022-H1"],
      ["2023-H1", 2, 0, "2022-H2"],
    ]);
  });
});
