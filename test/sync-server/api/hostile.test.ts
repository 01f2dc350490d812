// Hostile and malformed input: a clear 4xx, and stored data unchanged or stored verbatim.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  api,
  publishFixture,
  startTestServer,
  submission,
  type Answer,
  type TestServer,
} from "../../support/server.ts";

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

const post = (
  body: string | Buffer,
  headers: Record<string, string> = { "content-type": "application/json" },
) => api<Answer>(server, "POST", "/periods/2022-H1/submissions", { token: kjj, raw: body, headers });

async function tableCounts(): Promise<Record<string, number>> {
  const tables = ["report_rows", "history", "idempotency", "users", "periods"] as const;
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await server.countRows(t)])));
}

describe("malformed requests", () => {
  test.each([
    ["malformed JSON", '{"rows": [', 400],
    ["a JSON array instead of an object", "[]", 422],
    ["rows of the wrong type", JSON.stringify({ rows: "all" }), 422],
    [
      "a 序号 given as text",
      JSON.stringify({
        rows: [{ seq: "9", status: "序时推进", progress: "正常推进中的工作。", baseVersion: 0 }],
      }),
      422,
    ],
    [
      "a negative base version",
      JSON.stringify({
        rows: [{ seq: 9, status: "序时推进", progress: "正常推进中的工作。", baseVersion: -1 }],
      }),
      422,
    ],
    [
      "an unknown field",
      JSON.stringify({
        rows: [{ seq: 9, status: "序时推进", progress: "正常推进中的工作。", baseVersion: 0, version: 99 }],
      }),
      422,
    ],
    ["an empty batch", JSON.stringify({ rows: [] }), 422],
  ])("%s answers %i and changes nothing", async (_name, body, expected) => {
    const before = await tableCounts();
    const res = await post(body);
    expect(res.status).toBe(expected);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(typeof res.body.detail).toBe("string");
    expect(await tableCounts()).toEqual(before);
  });

  test("a field error names the row's 序号 and the field", async () => {
    const res = await post(
      JSON.stringify({ rows: [{ seq: 9, status: 7, progress: "正常推进中的工作。", baseVersion: 0 }] }),
    );
    expect(res.status).toBe(422);
    expect(res.body.issues[0]).toMatchObject({ seq: 9, field: "body.rows.0.status" });
  });

  test("a 10 MB body answers 413 and changes nothing", async () => {
    const before = await tableCounts();
    const huge = JSON.stringify({
      rows: [{ seq: 9, status: "序时推进", progress: "长".repeat((10 * 1024 * 1024) / 3), baseVersion: 0 }],
    });
    const res = await post(huge);
    expect(res.status).toBe(413);
    expect(await tableCounts()).toEqual(before);
  });

  test("a body that is not JSON is refused", async () => {
    const res = await post("rows=9", { "content-type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(422);
  });

  test("an injection attempt in a path parameter is a 400", async () => {
    const res = await api(server, "GET", `/periods/${encodeURIComponent("2022-H1' OR 1=1 --")}/tasks`, {
      token: kjj,
    });
    expect(res.status).toBe(400);
  });

  test("an injection attempt in a query parameter finds nothing and breaks nothing", async () => {
    const res = await api<{ rows: unknown[] }>(
      server,
      "GET",
      `/periods/2022-H1/tasks?scope=all&unit=${encodeURIComponent("市科技局' OR '1'='1")}`,
      { token: coordinator },
    );
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([]);
  });
});

describe("text stored verbatim", () => {
  const stored = async (seq: number) => {
    const res = await api<{ rows: { seq: number; progress: string }[] }>(
      server,
      "GET",
      "/periods/2022-H1/tasks",
      { token: kjj },
    );
    return res.body.rows.find((r) => r.seq === seq)!.progress;
  };

  test("SQL in the progress text is stored as text", async () => {
    const text = "'); DROP TABLE report_rows; -- 以及 \" OR 1=1; SELECT * FROM users WHERE 'a'='a";
    expect((await post(JSON.stringify(submission([{ seq: 14, progress: text }])))).status).toBe(200);
    expect(await stored(14)).toBe(text);
    expect(await server.countRows("report_rows")).toBeGreaterThan(0);
  });

  test("control characters and line breaks are stored as sent", async () => {
    const text = "第一行\n第二行\r\n\t缩进\u0007响铃\u0000空字符,以及更多的说明文字。";
    expect((await post(JSON.stringify(submission([{ seq: 15, progress: text }])))).status).toBe(200);
    expect(await stored(15)).toBe(text);
  });

  test("4,000 characters of Chinese with emoji are stored verbatim", async () => {
    const text = ("推进🚀完成✅" as string).repeat(1000).slice(0, 4000 * 2);
    const fourThousand = [...text].slice(0, 4000).join("");
    expect([...fourThousand]).toHaveLength(4000);
    expect((await post(JSON.stringify(submission([{ seq: 16, progress: fourThousand }])))).status).toBe(200);
    expect(await stored(16)).toBe(fourThousand);
  });

  test("4,001 characters are refused with the limit named", async () => {
    const text = "进".repeat(4001);
    const res = await post(JSON.stringify(submission([{ seq: 17, progress: text }])));
    expect(res.status).toBe(422);
    expect(res.body.issues[0]).toMatchObject({ seq: 17, field: "progress", code: "progress.too-long" });
  });
});
