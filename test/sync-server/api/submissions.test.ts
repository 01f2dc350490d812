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
let kjj: string; // 市科技局: tasks 9, 14–25 among others; shares 19 with 市财政局
let czj: string; // 市财政局
let coordinator: string;
let viewer: string;
let fgw: string; // 市发展改革委: 1, 3, 6, 10, 11, 13, …

beforeAll(async () => {
  server = await startTestServer();
  await publishFixture(server);
  kjj = await server.user("kjj", "reporter", "市科技局");
  czj = await server.user("czj", "reporter", "市财政局");
  coordinator = await server.user("coord", "coordinator", "市政府办公室");
  viewer = await server.user("leader", "viewer", null);
  fgw = await server.user("fgw", "reporter", "市发展改革委");
});
afterAll(() => server.stop());

const submit = (token: string, body: unknown, key?: string, period = "2022-H1") =>
  api<Answer>(server, "POST", `/periods/${period}/submissions`, {
    token,
    body,
    headers: key ? { "idempotency-key": key } : {},
  });
const rowsOf = async (token: string, query = "") =>
  (
    await api<{ rows: { seq: number; unit: string; status: string; progress: string; version: number }[] }>(
      server,
      "GET",
      `/periods/2022-H1/tasks${query}`,
      { token },
    )
  ).body.rows;

describe("POST /periods/{id}/submissions", () => {
  test("a valid batch is stored whole and answered with the new versions", async () => {
    const res = await submit(kjj, submission([{ seq: 14 }, { seq: 15 }]));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      rows: [
        { seq: 14, version: 1, changed: true },
        { seq: 15, version: 1, changed: true },
      ],
    });
    const rows = await rowsOf(kjj);
    expect(rows.find((r) => r.seq === 14)).toMatchObject({ version: 1, status: "序时推进" });
  });

  test("a status alias is stored as its canonical value", async () => {
    const res = await submit(kjj, submission([{ seq: 16, status: "完成" }]));
    expect(res.status).toBe(200);
    expect((await rowsOf(kjj)).find((r) => r.seq === 16)!.status).toBe("已完成");
  });

  test("any invalid row answers 422 with issues per row and writes nothing", async () => {
    const res = await submit(
      kjj,
      submission([{ seq: 17 }, { seq: 18, status: "差不多" }, { seq: 20, progress: "" }]),
    );
    expect(res.status).toBe(422);
    expect(res.body.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ seq: 18, field: "status", code: "status.unknown" }),
        expect.objectContaining({ seq: 20, field: "progress", code: "progress.empty" }),
      ]),
    );
    expect((await rowsOf(kjj)).find((r) => r.seq === 17)!.version).toBe(0);
  });

  test("messages follow Accept-Language", async () => {
    const res = await api<Answer>(server, "POST", "/periods/2022-H1/submissions", {
      token: kjj,
      body: submission([{ seq: 18, status: "差不多" }]),
      headers: { "accept-language": "en-US,en;q=0.9" },
    });
    expect(res.body.issues[0]!.message).toContain("is not valid");
  });

  test("a body failing zod's own check (no rows) names the field, Chinese first, then English", async () => {
    const res = await submit(kjj, { rows: [] });
    expect(res.status).toBe(422);
    expect(res.body.issues[0]!.field).toBe("body.rows");
    expect(res.body.issues[0]!.message).toMatch(/^[^/]*[\u4e00-\u9fff][^/]* \/ Too small/u);
    expect(res.body.detail).toMatch(/^body\.rows: [^/]*[\u4e00-\u9fff][^/]* \/ Too small/u);
  });

  test("a stale base version answers 409 with their version and writes nothing", async () => {
    await submit(kjj, submission([{ seq: 21, progress: "第一版进展:完成了项目申报和专家评审。" }]));
    const res = await submit(
      kjj,
      submission([{ seq: 21, progress: "另一个人的旧版本文字,内容不同。", baseVersion: 0 }, { seq: 22 }]),
    );
    expect(res.status).toBe(409);
    expect(res.body.conflicts).toEqual([
      {
        seq: 21,
        mine: { status: "序时推进", progress: "另一个人的旧版本文字,内容不同。", baseVersion: 0 },
        theirs: expect.objectContaining({
          progress: "第一版进展:完成了项目申报和专家评审。",
          version: 1,
          updatedBy: "kjj",
        }),
      },
    ]);
    expect((await rowsOf(kjj)).find((r) => r.seq === 22)!.version).toBe(0);
  });

  test("resubmitting an unchanged row changes nothing", async () => {
    const body = submission([{ seq: 23, progress: "重复提交的相同内容,不应产生新版本。" }]);
    await submit(kjj, body);
    const again = await submit(kjj, { rows: [{ ...body.rows[0], baseVersion: 1 }] });
    expect(again.body).toEqual({ rows: [{ seq: 23, version: 1, changed: false }] });
    expect(
      (await api<{ entries: unknown[] }>(server, "GET", "/periods/2022-H1/tasks/23/history", { token: kjj }))
        .body.entries,
    ).toHaveLength(1);
  });

  test("the same Idempotency-Key is answered from the first answer and applied once", async () => {
    const body = submission([{ seq: 1, progress: "幂等测试:这一行只应写入一次。" }]);
    const first = await submit(fgw, body, "retry-key-0001");
    const second = await submit(fgw, body, "retry-key-0001");
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(
      (await api<{ entries: unknown[] }>(server, "GET", "/periods/2022-H1/tasks/1/history", { token: fgw }))
        .body.entries,
    ).toHaveLength(1);
  });

  test("the same Idempotency-Key with a different body is refused with 422", async () => {
    await submit(fgw, submission([{ seq: 3, progress: "幂等键第一次使用时的正文内容。" }]), "retry-key-0002");
    const res = await submit(
      fgw,
      submission([{ seq: 3, progress: "换了内容却用同一个幂等键。", baseVersion: 1 }]),
      "retry-key-0002",
    );
    expect(res.status).toBe(422);
    expect(res.body.title).toBe("idempotency-key-reused");
  });

  test("a malformed Idempotency-Key is a 400 that names the header in both languages", async () => {
    const res = await submit(kjj, submission([{ seq: 9 }]), "short");
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe(
      "Idempotency-Key 无效：应为 8–200 个可打印 ASCII 字符 / invalid Idempotency-Key: 8–200 printable ASCII characters",
    );
  });

  test("a task of another unit is refused with 403 and nothing is stored", async () => {
    const res = await submit(kjj, submission([{ seq: 9 }, { seq: 1 }]));
    expect(res.status).toBe(403);
    expect(res.body.seqs).toEqual([1]);
    expect((await rowsOf(kjj)).find((r) => r.seq === 9)!.version).toBe(0);
  });

  test("a reporter naming another unit is refused with 403", async () => {
    expect((await submit(kjj, submission([{ seq: 19 }], "市财政局"))).status).toBe(403);
  });

  test("two units report the same shared task independently", async () => {
    expect(
      (await submit(kjj, submission([{ seq: 19, progress: "科技局:完成科技创新平台认定。" }]))).status,
    ).toBe(200);
    expect(
      (await submit(czj, submission([{ seq: 19, progress: "财政局:已拨付科技专项资金。" }]))).status,
    ).toBe(200);
    const all = await rowsOf(coordinator, "?scope=all");
    expect(all.filter((r) => r.seq === 19).map((r) => [r.unit, r.version])).toEqual([
      ["市科技局", 1],
      ["市财政局", 1],
    ]);
  });

  test("a coordinator submits for a named unit", async () => {
    const res = await submit(coordinator, submission([{ seq: 41 }], "市财政局"));
    expect(res.status).toBe(200);
    expect((await rowsOf(czj)).find((r) => r.seq === 41)!.version).toBe(1);
  });

  test("a viewer may not submit", async () => {
    expect((await submit(viewer, submission([{ seq: 19 }], "市科技局"))).status).toBe(403);
  });

  test("an unknown task or period answers 404", async () => {
    expect((await submit(kjj, submission([{ seq: 999 }]))).status).toBe(404);
    expect((await submit(kjj, submission([{ seq: 9 }]), undefined, "2031-H1")).status).toBe(404);
  });

  test("repeated rows in one batch answer 422", async () => {
    const res = await submit(kjj, submission([{ seq: 9 }, { seq: 9 }]));
    expect(res.status).toBe(422);
    expect(res.body.issues[0]).toMatchObject({ seq: 9, code: "seq.duplicate" });
  });

  test("a locked period answers 423 until reopened", async () => {
    expect((await api(server, "POST", "/periods/2022-H1/lock", { token: coordinator })).status).toBe(200);
    const res = await submit(kjj, submission([{ seq: 9 }]));
    expect(res.status).toBe(423);
    expect((await rowsOf(kjj)).find((r) => r.seq === 9)!.version).toBe(0);
    expect((await api(server, "POST", "/periods/2022-H1/unlock", { token: coordinator })).status).toBe(200);
    expect((await submit(kjj, submission([{ seq: 9 }]))).status).toBe(200);
  });

  test("a retry of an accepted batch is still answered after the period is locked", async () => {
    const body = submission([{ seq: 6, progress: "锁定前提交,锁定后重试应得到原答复。" }]);
    const first = await submit(fgw, body, "retry-key-0003");
    await api(server, "POST", "/periods/2022-H1/lock", { token: coordinator });
    const retry = await submit(fgw, body, "retry-key-0003");
    await api(server, "POST", "/periods/2022-H1/unlock", { token: coordinator });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
  });

  test("the history of a row keeps every change, old to new", async () => {
    const first = await submit(
      kjj,
      submission([{ seq: 18, progress: "第一次:产业技术研究院完成筹建方案。" }]),
    );
    expect(first.status).toBe(200);
    await submit(
      kjj,
      submission([
        { seq: 18, status: "已完成", progress: "第二次:研究院已挂牌运行并引进团队。", baseVersion: 1 },
      ]),
    );
    const res = await api<{ entries: Record<string, unknown>[] }>(
      server,
      "GET",
      "/periods/2022-H1/tasks/18/history",
      { token: kjj },
    );
    expect(
      res.body.entries.map((e) => [e.version, e.oldProgress, e.newProgress, e.newStatus, e.changedBy]),
    ).toEqual([
      [1, null, "第一次:产业技术研究院完成筹建方案。", "序时推进", "kjj"],
      [2, "第一次:产业技术研究院完成筹建方案。", "第二次:研究院已挂牌运行并引进团队。", "已完成", "kjj"],
    ]);
  });
});
