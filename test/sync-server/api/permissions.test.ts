// Every write endpoint × each role × own / other unit, and the read rule: every signed-in role reads
// the whole period (every unit's rows, merged sheet, coverage, history); only writing is unit-scoped,
// and a unit's returns (revision requests) are shown to that unit's reporters only.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { api, publishFixture, startTestServer, type TestServer } from "../../support/server.ts";

let server: TestServer;
const tokens: Record<string, string> = {};
let counter = 0;

beforeAll(async () => {
  server = await startTestServer();
  await publishFixture(server);
  tokens.coordinator = await server.user("coord", "coordinator", "市政府办公室");
  tokens.reporter = await server.user("kjj", "reporter", "市科技局");
  tokens.viewer = await server.user("leader", "viewer", null);
});
afterAll(() => server.stop());

type Caller = "coordinator" | "reporter" | "viewer";

async function currentVersion(seq: number, unit: string): Promise<number> {
  const res = await api<{ rows: { seq: number; version: number }[] }>(
    server,
    "GET",
    `/periods/2022-H1/tasks?unit=${encodeURIComponent(unit)}`,
    { token: tokens.coordinator },
  );
  return res.body.rows.find((r) => r.seq === seq)?.version ?? 0;
}

async function submitAs(caller: Caller, seq: number, unit: string | undefined) {
  const baseVersion = await currentVersion(seq, unit ?? "市科技局");
  const body = {
    ...(unit ? { unit } : {}),
    rows: [
      { seq, status: "序时推进", progress: `权限矩阵测试第${++counter}次提交的进展说明。`, baseVersion },
    ],
  };
  return api(server, "POST", "/periods/2022-H1/submissions", { token: tokens[caller], body });
}

const writes: {
  action: string;
  caller: Caller;
  expected: number;
  run: (caller: Caller) => Promise<{ status: number }>;
}[] = [
  {
    action: "submit a task of the own unit",
    caller: "reporter",
    expected: 200,
    run: (c) => submitAs(c, 9, undefined),
  },
  {
    action: "submit a task of another unit",
    caller: "reporter",
    expected: 403,
    run: (c) => submitAs(c, 1, undefined),
  },
  {
    action: "submit naming another unit",
    caller: "reporter",
    expected: 403,
    run: (c) => submitAs(c, 19, "市财政局"),
  },
  {
    action: "submit for a named unit",
    caller: "coordinator",
    expected: 200,
    run: (c) => submitAs(c, 9, "市科技局"),
  },
  {
    action: "submit for a unit a task it does not carry",
    caller: "coordinator",
    expected: 403,
    run: (c) => submitAs(c, 1, "市科技局"),
  },
  {
    action: "submit for a named unit",
    caller: "viewer",
    expected: 403,
    run: (c) => submitAs(c, 9, "市科技局"),
  },
  ...(["coordinator", "reporter", "viewer"] as const).flatMap((caller) => [
    {
      action: "lock the period",
      caller,
      expected: caller === "coordinator" ? 200 : 403,
      run: (c: Caller) => api(server, "POST", "/periods/2022-H1/lock", { token: tokens[c] }),
    },
    {
      action: "unlock the period",
      caller,
      expected: caller === "coordinator" ? 200 : 403,
      run: (c: Caller) => api(server, "POST", "/periods/2022-H1/unlock", { token: tokens[c] }),
    },
    {
      action: "return a row",
      caller,
      expected: caller === "coordinator" ? 201 : 403,
      run: (c: Caller) =>
        api(server, "POST", "/periods/2022-H1/returns", {
          token: tokens[c],
          body: { seq: 9, unit: "市科技局", comment: "请补充数据。" },
        }),
    },
    {
      action: "publish a plan",
      caller,
      expected: caller === "coordinator" ? 201 : 403,
      run: (c: Caller) =>
        api(server, "POST", "/plans/import", {
          token: tokens[c],
          body: {
            period: `2023-0${(++counter % 9) + 1}`,
            plan: {
              title: "测试计划",
              sections: [
                {
                  no: "一",
                  title: "测试",
                  subsections: [
                    { title: null, items: [{ seq: 1, task: "测试任务。", units: ["市科技局"] }] },
                  ],
                },
              ],
            },
          },
        }),
    },
  ]),
];

const OTHER_UNIT = "%E5%B8%82%E8%B4%A2%E6%94%BF%E5%B1%80"; // 市财政局
const READ_PATHS: { action: string; path: string }[] = [
  { action: "read own unit's tasks", path: "/periods/2022-H1/tasks" },
  { action: "read another unit's tasks", path: `/periods/2022-H1/tasks?unit=${OTHER_UNIT}` },
  { action: "read every unit's tasks", path: "/periods/2022-H1/tasks?scope=all" },
  { action: "read the merged sheet", path: "/periods/2022-H1/merged" },
  { action: "download the merged sheet", path: "/periods/2022-H1/merged.xlsx" },
  { action: "read coverage", path: "/periods/2022-H1/coverage" },
  { action: "read a task's history (every unit's entries)", path: "/periods/2022-H1/tasks/19/history" },
  { action: "read the returns", path: "/periods/2022-H1/returns" },
  { action: "list the periods", path: "/periods" },
];

const reads: { action: string; caller: Caller; path: string; expected: number }[] = (
  ["coordinator", "reporter", "viewer"] as const
).flatMap((caller) =>
  READ_PATHS.map(({ action, path }) => ({
    action,
    caller,
    path,
    // The viewer belongs to no unit: "my tasks" has no unit to show.
    expected: caller === "viewer" && path === "/periods/2022-H1/tasks" ? 400 : 200,
  })),
);

describe("write permissions", () => {
  test.each(writes)("a $caller trying to $action gets $expected", async ({ caller, expected, run }) => {
    expect((await run(caller)).status).toBe(expected);
  });

  test("refused writes stored nothing", async () => {
    expect(await currentVersion(1, "市发展改革委")).toBe(0);
    expect(await currentVersion(19, "市财政局")).toBe(0);
    const returns = await server.deps.store.listReturns("2022-H1");
    expect(returns).toHaveLength(1);
  });
});

describe("read permissions", () => {
  test.each(reads)("a $caller trying to $action gets $expected", async ({ caller, path, expected }) => {
    expect((await api(server, "GET", path, { token: tokens[caller] })).status).toBe(expected);
  });
});

describe("the read rule's edges", () => {
  test("a reporter reads another unit's rows but not the returns sent to that unit", async () => {
    await api(server, "POST", "/periods/2022-H1/returns", {
      token: tokens.coordinator,
      body: { seq: 19, unit: "市财政局", comment: "财政局请补充资金拨付进度。" },
    });
    const other = await api<{ rows: { unit: string; returns: unknown[] }[] }>(
      server,
      "GET",
      `/periods/2022-H1/tasks?unit=${OTHER_UNIT}`,
      { token: tokens.reporter },
    );
    expect(other.status).toBe(200);
    expect(other.body.rows.length).toBeGreaterThan(0);
    expect(other.body.rows.every((r) => r.unit === "市财政局" && r.returns.length === 0)).toBe(true);
    const all = await api<{ rows: { unit: string; returns: unknown[] }[] }>(
      server,
      "GET",
      "/periods/2022-H1/tasks?scope=all",
      { token: tokens.reporter },
    );
    expect(all.body.rows.some((r) => r.unit === "市财政局")).toBe(true);
    expect(all.body.rows.filter((r) => r.unit !== "市科技局").every((r) => r.returns.length === 0)).toBe(
      true,
    );
    // The coordinator sees the return.
    const coordinator = await api<{ rows: { seq: number; returns: unknown[] }[] }>(
      server,
      "GET",
      `/periods/2022-H1/tasks?unit=${OTHER_UNIT}`,
      { token: tokens.coordinator },
    );
    expect(coordinator.body.rows.find((r) => r.seq === 19)!.returns).toHaveLength(1);
  });

  test("reading another unit's rows does not let a reporter write them", async () => {
    expect((await submitAs("reporter", 19, "市财政局")).status).toBe(403);
  });
});
