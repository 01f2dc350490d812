import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { planOf } from "../../../schema/index.ts";
import { fixtureDocument, fixturePath, fixtureUnits } from "../../support/fixtures.ts";
import { api, startTestServer, type TestServer } from "../../support/server.ts";

let server: TestServer;
let coordinator: string;
let reporter: string;

beforeAll(async () => {
  server = await startTestServer({ UPLOAD_LIMIT_BYTES: String(512 * 1024) });
  await server.deps.store.replaceUnits(fixtureUnits());
  coordinator = await server.user("coord", "coordinator", "市政府办公室");
  reporter = await server.user("kjj", "reporter", "市科技局");
});
afterAll(() => server.stop());

function upload(token: string, file: Buffer, fields: Record<string, string>) {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(file)]), "plan.xlsx");
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return fetch(`${server.url}/api/v1/plans/import`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
}

async function brokenPlan(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("计划");
  sheet.addRows([
    ["2023年重点工作"],
    ["序号", "承担的重点工作", "完成状态", "工作进展情况", "牵头责任单位"],
    ["一、第一部分"],
    [1, "任务一", "", "", "市科技局"],
    [1, "任务二", "", "", "市不存在局"],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe("POST /plans/import", () => {
  test("the fixture workbook publishes its plan as a new period", async () => {
    const res = await upload(coordinator, readFileSync(fixturePath("progress-2022h1-part.xlsx")), {
      period: "2022-H1",
      due: "2022-07-10",
    });
    expect(res.status).toBe(201);
    const period = (await res.json()) as { id: string; title: string; planId: number };
    expect(period).toMatchObject({
      id: "2022-H1",
      title: "2022上半年重点工作进展情况统计表",
      dueAt: "2022-07-10",
      locked: false,
    });
    const plan = await server.deps.store.getPlan(period.planId);
    expect(plan!.sections).toEqual(planOf(fixtureDocument()).sections);
  });

  test("publishing the same period twice answers 409", async () => {
    const res = await upload(coordinator, readFileSync(fixturePath("progress-2022h1-part.xlsx")), {
      period: "2022-H1",
    });
    expect(res.status).toBe(409);
  });

  test("a sheet that breaks the rules answers 422 naming the cells, and nothing is stored", async () => {
    const res = await upload(coordinator, await brokenPlan(), { period: "2023-H1" });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { issues: { cell: string; code: string }[] };
    expect(body.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ cell: "A5", code: "seq.duplicate" }),
        expect.objectContaining({ cell: "E5", code: "unit.unknown" }),
      ]),
    );
    expect(await server.deps.store.getPeriod("2023-H1")).toBeNull();
  });

  test("a file that is not an .xlsx is refused by its content, whatever its name", async () => {
    const res = await upload(coordinator, Buffer.from("序号,承担的重点工作\n1,任务"), { period: "2023-H1" });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { title: string }).title).toBe("not-xlsx");
  });

  test("an upload over the limit answers 413", async () => {
    const big = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(600 * 1024)]);
    expect((await upload(coordinator, big, { period: "2023-H1" })).status).toBe(413);
  });

  test("a bad period id answers 422 naming the field", async () => {
    const res = await upload(coordinator, readFileSync(fixturePath("progress-2022h1-part.xlsx")), {
      period: "H1-2022",
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { issues: { field: string }[] }).issues[0]!.field).toBe("period");
  });

  test("a JSON plan publishes too, with unit spellings resolved", async () => {
    const plan = {
      title: "2022年7月重点工作",
      sections: [
        {
          no: "一",
          title: "科技创新",
          subsections: [
            { title: null, items: [{ seq: 1, task: "建设创新平台。", units: ["市 科技局", "市发改委"] }] },
          ],
        },
      ],
    };
    const res = await api<{ planId: number }>(server, "POST", "/plans/import", {
      token: coordinator,
      body: { plan, period: "2022-07" },
    });
    expect(res.status).toBe(201);
    const stored = await server.deps.store.getPlan(res.body.planId);
    expect(stored!.sections[0]!.subsections[0]!.items[0]!.units).toEqual(["市科技局", "市发展改革委"]);
  });

  test("a reporter may not publish", async () => {
    const res = await upload(reporter, readFileSync(fixturePath("progress-2022h1-part.xlsx")), {
      period: "2024-H1",
    });
    expect(res.status).toBe(403);
  });
});
