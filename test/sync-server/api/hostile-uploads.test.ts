// Hostile files and bodies on the upload routes (reporter upload, plan import), over real HTTP: every one
// is a 4xx problem naming the limit or the mistake, the server keeps answering while they are parsed,
// and nothing is stored.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { healthzWhile, publishFixture, startTestServer, type TestServer } from "../../support/server.ts";
import {
  deflatedRepeat,
  manyStringsXlsx,
  sheetXml,
  textCell,
  xlsxOf,
  xlsxParts,
  zipOf,
} from "../../support/hostile-xlsx.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
let server: TestServer;
let kjj: string;
let coordinator: string;

beforeAll(async () => {
  server = await startTestServer();
  await publishFixture(server);
  kjj = await server.user("kjj", "reporter", "市科技局");
  coordinator = await server.user("coord", "coordinator", "市政府办公室");
});
afterAll(() => server.stop());

interface Problem {
  status: number;
  type: string;
  body: { title?: string; detail?: string; issues?: { field: string | null; code: string }[] };
}

async function send(path: string, token: string, body: BodyInit, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, ...headers },
    body,
  });
  const text = await res.text();
  let parsed: Problem["body"] = {};
  try {
    parsed = JSON.parse(text) as Problem["body"];
  } catch {
    // Not JSON: the assertions on the type say so.
  }
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: parsed };
}

function form(file: Buffer, fields: Record<string, string> = {}): FormData {
  const data = new FormData();
  data.set("file", new Blob([new Uint8Array(file)], { type: XLSX }), "upload.xlsx");
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

const upload = (file: Buffer) => send("/periods/2022-H1/uploads", kjj, form(file));
const importPlan = (file: Buffer) =>
  send(
    "/plans/import",
    coordinator,
    form(file, { period: "2030-H1", title: "2030上半年", due: "2030-07-10" }),
  );

function expectProblem(res: Awaited<ReturnType<typeof send>>, status: number) {
  expect(res.status).toBe(status);
  expect(res.type).toContain("application/problem+json");
  expect(typeof res.body.detail).toBe("string");
}

async function myTasksWith(cells: Record<string, string>): Promise<Buffer> {
  const res = await fetch(`${server.url}/api/v1/periods/2022-H1/tasks.xlsx`, {
    headers: { authorization: `Bearer ${kjj}` },
  });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await res.arrayBuffer());
  for (const [address, value] of Object.entries(cells))
    workbook.worksheets[0]!.getCell(address).value = value;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe("hostile workbooks", () => {
  test("the reporter's own workbook plus cells at XFD1 and A1048576 is a 422 naming a cell and the limit", async () => {
    const res = await upload(await myTasksWith({ XFD1: "x", A1048576: "y" }));
    expectProblem(res, 422);
    expect(res.body.detail).toMatch(/XFD1|A1048576/u);
    expect(res.body.detail).toMatch(/30|5000/u);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  test("one cell at A1048576 is a 422 naming the cell and the row limit", async () => {
    const res = await upload(await myTasksWith({ A1048576: "y" }));
    expectProblem(res, 422);
    expect(res.body.title).toBe("too-many-rows");
    expect(res.body.detail).toContain("A1048576");
    expect(res.body.detail).toContain("5000");
  });

  test("a zip that claims 7,000 bytes but unpacks to 200 MB is a 413 naming the limit", async () => {
    const bomb = await deflatedRepeat(200 * 1024 * 1024, " ", "<worksheet><sheetData>");
    const res = await upload(zipOf(xlsxParts({ data: Buffer.alloc(0), deflated: bomb, claimedSize: 7000 })));
    expectProblem(res, 413);
    expect(res.body.detail).toContain("32 MB");
  });

  test("a plan import that unpacks to 200 MB is a 413 naming the limit, and no period is opened", async () => {
    const periods = await server.countRows("periods");
    const bomb = await deflatedRepeat(200 * 1024 * 1024, " ", "<worksheet><sheetData>");
    const res = await importPlan(zipOf(xlsxParts({ data: Buffer.alloc(0), deflated: bomb })));
    expectProblem(res, 413);
    expect(res.body.detail).toMatch(/MB/u);
    expect(await server.countRows("periods")).toBe(periods);
  });

  test("a plan import with a cell at XFD1 is a 422 naming the cell", async () => {
    const res = await importPlan(xlsxOf(sheetXml(`<row r="1">${textCell("XFD1", "x")}</row>`)));
    expectProblem(res, 422);
    expect(res.body.detail).toContain("XFD1");
  });

  test.each([
    ["a file that is not a zip", Buffer.from("%PDF-1.7 this is not a workbook, it only has the name")],
    ["a truncated zip", xlsxOf(sheetXml(`<row r="1">${textCell("A1", "a")}</row>`)).subarray(0, 300)],
    [
      "deeply nested XML",
      xlsxOf(sheetXml(`<row r="1"><c r="A1">${"<x>".repeat(3000)}${"</x>".repeat(3000)}</c></row>`)),
    ],
    [
      "a raw .xlsx body of random bytes",
      Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 251)),
    ],
  ])("%s is a 422 on both routes", async (_name, file) => {
    expectProblem(await upload(file), 422);
    expectProblem(await importPlan(file), 422);
  });

  test("/healthz answers while a slow workbook is being parsed", async () => {
    // 150,000 distinct shared strings: a second or more of parsing, all of it in a worker thread.
    const { result, healthz, answeredDuring } = await healthzWhile(
      server.url,
      upload(manyStringsXlsx(150_000)),
    );
    expect(healthz.every((status) => status === 200)).toBe(true);
    expect(result.status).toBeLessThan(500);
    expect(answeredDuring).toBeGreaterThan(0);
  });
});

describe("malformed multipart bodies", () => {
  const boundary = "----keywork-test-boundary";
  const part = (name: string, content: string, filename?: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ""}\r\nContent-Type: ${filename ? XLSX : "text/plain"}\r\n\r\n${content}\r\n`;
  const multipart = (body: string, type = `multipart/form-data; boundary=${boundary}`) => ({
    "content-type": type,
    body,
  });
  const whole = part("file", "PK\u0003\u0004 not really", "a.xlsx") + `--${boundary}--\r\n`;

  test.each([
    ["a truncated body", multipart(whole.slice(0, 90)), 400],
    [
      "a body with another boundary than announced",
      multipart(whole.replaceAll(boundary, "other-boundary")),
      400,
    ],
    ["multipart without a boundary", multipart(whole, "multipart/form-data"), 400],
    [
      "a text field where the file should be",
      multipart(part("file", "just text") + `--${boundary}--\r\n`),
      400,
    ],
    [
      "two files",
      multipart(part("file", "PK one", "a.xlsx") + part("file", "PK two", "b.xlsx") + `--${boundary}--\r\n`),
      400,
    ],
    ["a file in another field", multipart(part("attachment", "PK", "a.xlsx") + `--${boundary}--\r\n`), 400],
    [
      "a part header of 200 KB",
      multipart(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\nX-Junk: ${"j".repeat(200_000)}\r\n\r\nPK\r\n--${boundary}--\r\n`,
      ),
      400,
    ],
    ["an empty body", multipart(""), 400],
  ])("%s is a 4xx problem on both routes", async (_name, { body, ...headers }, status) => {
    for (const [path, token] of [
      ["/periods/2022-H1/uploads", kjj],
      ["/plans/import", coordinator],
    ] as const) {
      const res = await send(path, token, body, headers);
      expect(res.status, path).toBe(status);
      expect(res.type, path).toContain("application/problem+json");
    }
  });

  test("a file over the upload limit is a 413 naming the limit", async () => {
    const res = await upload(Buffer.alloc(11 * 1024 * 1024, 0x50));
    expectProblem(res, 413);
    expect(res.body.detail).toContain("10 MB");
  });

  test("no row is stored by any of the above", async () => {
    expect(await server.countRows("report_rows")).toBe(0);
    expect(await server.countRows("history")).toBe(0);
  });
});
