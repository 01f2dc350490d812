// The web page's two server routes over real HTTP on a real SQLite file: who may download my tasks,
// and what the upload check accepts, refuses and answers (it stores nothing).
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { METADATA_SHEET } from "../../schema/index.ts";
import { api, publishFixture, startTestServer, type TestServer } from "../support/server.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
let server: TestServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  await publishFixture(server);
  tokens.kjj = await server.user("kjj", "reporter", "市科技局");
  tokens.czj = await server.user("czj", "reporter", "市财政局");
  tokens.coordinator = await server.user("boss", "coordinator", "市政府办公室");
  tokens.viewer = await server.user("leader", "viewer", null);
});

afterAll(async () => {
  await server?.stop();
});

async function download(
  token: string,
  query = "",
): Promise<{ status: number; file: Buffer; headers: Headers }> {
  const res = await fetch(`${server.url}/api/v1/periods/2022-H1/tasks.xlsx${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, file: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

async function uploadFile(token: string, file: Buffer, query = "", period = "2022-H1") {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(file)], { type: XLSX }), "upload.xlsx");
  const res = await fetch(`${server.url}/api/v1/periods/${period}/uploads${query}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & {
      issues?: { code: string; field: string | null; cell?: string | null }[];
    },
  };
}

/** Edits a workbook: `edit` receives the visible sheet and the metadata sheet. */
async function edit(
  file: Buffer,
  change: (sheet: ExcelJS.Worksheet, meta: ExcelJS.Worksheet | undefined, workbook: ExcelJS.Workbook) => void,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(
    file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer,
  );
  change(workbook.worksheets[0]!, workbook.getWorksheet(METADATA_SHEET), workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function setMeta(meta: ExcelJS.Worksheet | undefined, key: string, value: string | number): void {
  meta!.eachRow((row) => {
    if (row.getCell(1).value === key) row.getCell(2).value = value;
  });
}

describe("GET /periods/{id}/tasks.xlsx", () => {
  it("gives a reporter their unit's tasks, with a UTF-8 file name", async () => {
    const res = await download(tokens.kjj!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain(XLSX);
    expect(res.headers.get("content-disposition")).toContain(
      `filename*=UTF-8''${encodeURIComponent("keywork-2022-H1-市科技局.xlsx")}`,
    );
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(res.file.subarray(0, 2).toString()).toBe("PK");
  });

  it("lets a coordinator act for any unit, never a reporter for another", async () => {
    expect((await download(tokens.coordinator!, `?unit=${encodeURIComponent("市财政局")}`)).status).toBe(200);
    expect((await download(tokens.kjj!, `?unit=${encodeURIComponent("市财政局")}`)).status).toBe(403);
    expect((await download(tokens.viewer!)).status).toBe(400);
    const none = await fetch(`${server.url}/api/v1/periods/2022-H1/tasks.xlsx`);
    expect(none.status).toBe(401);
    expect((await download(tokens.kjj!.replace(/.$/u, "x"))).status).toBe(401);
    const unknown = await fetch(`${server.url}/api/v1/periods/2031-H1/tasks.xlsx`, {
      headers: { authorization: `Bearer ${tokens.kjj}` },
    });
    expect(unknown.status).toBe(404);
  });
});

describe("POST /periods/{id}/uploads", () => {
  it("answers the grid, the metadata, the server's issues and the validation context, storing nothing", async () => {
    const { file } = await download(tokens.kjj!);
    const res = await uploadFile(tokens.kjj!, file);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      unit: "市科技局",
      period: { id: "2022-H1" },
      metadata: { kind: "my-tasks", unit: "市科技局", period: "2022-H1" },
    });
    expect((res.body.grid as unknown[][])[1]).toEqual([
      "序号",
      "承担的重点工作",
      "完成状态",
      "工作进展情况",
      "牵头责任单位",
      "上期进展(参考)",
    ]);
    const codes = new Set(res.body.issues!.map((i) => i.code));
    expect(codes).toEqual(new Set(["status.empty", "progress.empty"]));
    expect(res.body.issues!.every((i) => typeof i.cell === "string")).toBe(true);
    expect(res.body.context).toHaveProperty("plan.sections");
    const reports = await api<{ rows: { version: number }[] }>(server, "GET", "/periods/2022-H1/tasks", {
      token: tokens.kjj!,
    });
    expect(reports.body.rows.every((r) => r.version === 0)).toBe(true);
  });

  it("refuses by content what is not an .xlsx, and files over the limit", async () => {
    const text = await uploadFile(tokens.kjj!, Buffer.from("序号,任务\n1,假的"));
    expect(text.status).toBe(422);
    expect(text.body).toMatchObject({ title: "not-xlsx", issues: [{ field: "file" }] });
    const big = await uploadFile(tokens.kjj!, Buffer.alloc(11 * 1024 * 1024, 0x50));
    expect(big.status).toBe(413);
    const res = await fetch(`${server.url}/api/v1/periods/2022-H1/uploads`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.kjj}` },
    });
    expect(res.status).toBe(400);
  });

  it("refuses a hidden sheet claiming another unit, or listing another unit's tasks", async () => {
    const { file } = await download(tokens.kjj!);
    const otherUnit = await uploadFile(
      tokens.kjj!,
      await edit(file, (_s, meta) => setMeta(meta, "unit", "市财政局")),
    );
    expect(otherUnit.status).toBe(403);
    expect(otherUnit.body).toMatchObject({ title: "other-unit", issues: [{ field: "_keywork.unit" }] });
    // 41 belongs to 市经济和信息化局 and 市财政局, not to 市科技局.
    const otherRows = await uploadFile(
      tokens.kjj!,
      await edit(file, (_s, meta) => {
        const last = meta!.rowCount;
        meta!.getRow(last + 1).values = [41, 0, "00000000"];
      }),
    );
    expect(otherRows.status).toBe(403);
    expect(otherRows.body).toMatchObject({
      title: "other-unit-task",
      issues: [{ seq: 41, field: "_keywork.seq" }],
    });
  });

  it("refuses a file of another period, the merged sheet and a damaged hidden sheet", async () => {
    const { file } = await download(tokens.kjj!);
    const wrongPeriod = await uploadFile(
      tokens.kjj!,
      await edit(file, (_s, meta) => setMeta(meta, "period", "2021-H2")),
    );
    expect(wrongPeriod.status).toBe(422);
    expect(wrongPeriod.body).toMatchObject({ title: "wrong-period", issues: [{ field: "_keywork.period" }] });
    const merged = await uploadFile(
      tokens.kjj!,
      await edit(file, (_s, meta) => setMeta(meta, "kind", "merged")),
    );
    expect(merged.body).toMatchObject({ status: 422, title: "not-my-tasks" });
    const damaged = await uploadFile(
      tokens.kjj!,
      await edit(file, (_s, meta) => setMeta(meta, "kind", "something")),
    );
    expect(damaged.body).toMatchObject({ status: 422, title: "metadata-damaged" });
  });

  it("checks a file without the hidden sheet against the caller's unit, with a notice", async () => {
    const { file } = await download(tokens.kjj!);
    const stripped = await edit(file, (_s, _meta, workbook) => workbook.removeWorksheet(METADATA_SHEET));
    const res = await uploadFile(tokens.kjj!, stripped);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      unit: "市科技局",
      metadata: null,
      notices: [{ code: "metadata-missing", field: "_keywork" }],
    });
  });

  it("lets a coordinator check a unit's file, and never a viewer", async () => {
    const { file } = await download(tokens.coordinator!, `?unit=${encodeURIComponent("市财政局")}`);
    const res = await uploadFile(tokens.coordinator!, file);
    expect(res.status).toBe(200);
    expect(res.body.unit).toBe("市财政局");
    expect((await uploadFile(tokens.viewer!, file)).status).toBe(403);
    // A reporter cannot check another unit's (genuine) file either.
    expect((await uploadFile(tokens.kjj!, file)).status).toBe(403);
  });

  it("reports a row of another unit pasted into the sheet at its cell", async () => {
    const { file } = await download(tokens.czj!);
    const pasted = await edit(file, (sheet) => {
      const next = sheet.rowCount + 1;
      sheet.getRow(next).values = [
        9,
        "研究与试验发展经费投入强度达到x%以上。",
        "序时推进",
        "他人的任务",
        "市科技局",
      ];
    });
    const res = await uploadFile(tokens.czj!, pasted);
    expect(res.status).toBe(200);
    const issue = res.body.issues!.find((i) => i.code === "row.other-unit");
    expect(issue?.cell).toMatch(/^A\d+$/u);
  });
});
