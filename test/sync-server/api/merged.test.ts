import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { api, publishFixture, startTestServer, submission, type TestServer } from "../../support/server.ts";

let server: TestServer;
let kjj: string;
let czj: string;
let coordinator: string;
let viewer: string;

beforeAll(async () => {
  server = await startTestServer();
  await publishFixture(server);
  kjj = await server.user("kjj", "reporter", "市科技局");
  czj = await server.user("czj", "reporter", "市财政局");
  coordinator = await server.user("coord", "coordinator", "市政府办公室");
  viewer = await server.user("leader", "viewer", null);
  await api(server, "POST", "/periods/2022-H1/submissions", {
    token: kjj,
    body: submission([{ seq: 19, status: "已完成", progress: "科技局:平台认定全部完成。" }, { seq: 9 }]),
  });
  await api(server, "POST", "/periods/2022-H1/submissions", {
    token: czj,
    body: submission([{ seq: 19, status: "进度滞后", progress: "财政局:资金拨付进度滞后。" }]),
  });
});
afterAll(() => server.stop());

type Merged = {
  sections: {
    subsections: {
      tasks: {
        seq: number;
        combinedStatus: string | null;
        complete: boolean;
        reports: Record<string, unknown>[];
      }[];
    }[];
  }[];
  coverage: {
    missing: string[];
    units: { unit: string; assigned: number; reported: number }[];
    reminder: { zh: string };
  };
  summary: { bySection: { section: string; counts: Record<string, number> }[] };
};
const tasksOf = (m: Merged) => m.sections.flatMap((s) => s.subsections.flatMap((ss) => ss.tasks));

describe("GET /periods/{id}/merged", () => {
  test("every task carries each unit's report or a missing marker", async () => {
    const res = await api<Merged>(server, "GET", "/periods/2022-H1/merged", { token: viewer });
    expect(res.status).toBe(200);
    const tasks = tasksOf(res.body);
    expect(tasks).toHaveLength(67);
    const shared = tasks.find((t) => t.seq === 19)!;
    expect(shared.reports).toEqual([
      expect.objectContaining({ unit: "市科技局", missing: false, progress: "科技局:平台认定全部完成。" }),
      expect.objectContaining({ unit: "市财政局", missing: false, progress: "财政局:资金拨付进度滞后。" }),
    ]);
    expect(shared.combinedStatus).toBe("进度滞后");
    expect(tasks.find((t) => t.seq === 1)).toMatchObject({
      combinedStatus: null,
      complete: false,
      reports: [{ unit: "市发展改革委", missing: true }],
    });
  });

  test("the summary counts combined statuses per section", async () => {
    const res = await api<Merged>(server, "GET", "/periods/2022-H1/merged", { token: kjj });
    const second = res.body.summary.bySection[1]!;
    expect(second.section).toBe("二、加快建设科技成果转化聚集地");
    expect(second.counts["进度滞后"]).toBe(1);
    expect(second.counts["未报送"]).toBe(11);
    expect(res.body.summary.bySection[0]!.counts["序时推进"]).toBe(1);
  });

  test("an unchanged sheet answers 304 to its ETag and a new submission changes the ETag", async () => {
    const first = await api(server, "GET", "/periods/2022-H1/merged", { token: viewer });
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^".+"$/u);
    expect(
      (
        await api(server, "GET", "/periods/2022-H1/merged", {
          token: viewer,
          headers: { "if-none-match": etag },
        })
      ).status,
    ).toBe(304);
    await api(server, "POST", "/periods/2022-H1/submissions", {
      token: kjj,
      body: submission([{ seq: 14 }]),
    });
    const after = await api(server, "GET", "/periods/2022-H1/merged", {
      token: viewer,
      headers: { "if-none-match": etag },
    });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
  });

  test("the .xlsx holds the official layout with both units' text and a summary sheet", async () => {
    const res = await fetch(`${server.url}/api/v1/periods/2022-H1/merged.xlsx`, {
      headers: { authorization: `Bearer ${viewer}` },
    });
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const [sheet, summary] = workbook.worksheets;
    expect(sheet!.name).toBe("2022-H1");
    expect(sheet!.getRow(2).values).toEqual([
      undefined,
      "序号",
      "承担的重点工作",
      "完成状态",
      "工作进展情况",
      "牵头责任单位",
    ]);
    let row19: unknown[] = [];
    sheet!.eachRow((row) => {
      if (row.getCell(1).value === 19) row19 = row.values as unknown[];
    });
    expect(row19[3]).toBe("进度滞后");
    expect(row19[4]).toBe("【市科技局】科技局:平台认定全部完成。\n【市财政局】财政局:资金拨付进度滞后。");
    expect(summary!.name).toBe("汇总");
    expect(summary!.getRow(3).values).toEqual([
      undefined,
      "板块",
      "已完成",
      "序时推进",
      "进度滞后",
      "未启动",
      "未报送",
      "合计",
    ]);
  });

  test("an unknown period answers 404", async () => {
    expect((await api(server, "GET", "/periods/2030-H1/merged", { token: viewer })).status).toBe(404);
  });
});

describe("GET /periods/{id}/coverage", () => {
  test("names each unit's assigned and reported tasks and who is missing", async () => {
    const res = await api<Merged["coverage"]>(server, "GET", "/periods/2022-H1/coverage", {
      token: coordinator,
    });
    expect(res.status).toBe(200);
    expect(res.body.units.find((u) => u.unit === "市财政局")).toMatchObject({ assigned: 2, reported: 1 });
    expect(res.body.missing).toContain("市发展改革委");
    expect(res.body.reminder.zh).toContain("市财政局(尚缺序号 41)");
  });

  test("is read by reporters too, the same as the coordinator reads it (the read rule)", async () => {
    const mine = await api(server, "GET", "/periods/2022-H1/coverage", { token: kjj });
    const theirs = await api(server, "GET", "/periods/2022-H1/coverage", { token: coordinator });
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual(theirs.body);
  });
});

describe("returns for revision", () => {
  test("a returned row is shown to its unit until the unit changes it", async () => {
    const created = await api<{ id: number }>(server, "POST", "/periods/2022-H1/returns", {
      token: coordinator,
      body: { seq: 9, unit: "市科技局", comment: "请补充研发投入的具体数据。" },
    });
    expect(created.status).toBe(201);
    type Rows = { rows: { seq: number; version: number; returns: { comment: string }[] }[] };
    const before = await api<Rows>(server, "GET", "/periods/2022-H1/tasks", { token: kjj });
    const row = before.body.rows.find((r) => r.seq === 9)!;
    expect(row.returns.map((r) => r.comment)).toEqual(["请补充研发投入的具体数据。"]);
    await api(server, "POST", "/periods/2022-H1/submissions", {
      token: kjj,
      body: submission([
        { seq: 9, progress: "研发投入强度达到2.1%,已补充具体数据。", baseVersion: row.version },
      ]),
    });
    const after = await api<Rows>(server, "GET", "/periods/2022-H1/tasks", { token: kjj });
    expect(after.body.rows.find((r) => r.seq === 9)!.returns).toEqual([]);
  });

  test("returning a row of a unit that has no part in the task answers 400", async () => {
    expect(
      (
        await api(server, "POST", "/periods/2022-H1/returns", {
          token: coordinator,
          body: { seq: 9, unit: "市财政局", comment: "x" },
        })
      ).status,
    ).toBe(400);
  });
});
