import { afterAll, beforeAll, expect, test } from "vitest";
import { api, publishFixture, startTestServer, type TestServer } from "../../support/server.ts";

let server: TestServer;
let tokens: string[];

beforeAll(async () => {
  server = await startTestServer();
  await publishFixture(server);
  tokens = await Promise.all(
    ["a", "b", "c", "d", "e"].map((n) => server.user(`kjj-${n}`, "reporter", "市科技局")),
  );
});
afterAll(() => server.stop());

test("50 parallel submissions to one row from the same stale version: one wins, 49 conflict, one history entry", async () => {
  const answers = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      api(server, "POST", "/periods/2022-H1/submissions", {
        token: tokens[i % tokens.length]!,
        body: {
          rows: [
            {
              seq: 9,
              status: "序时推进",
              progress: `第${i}位填报人的版本:研发投入统计工作推进中。`,
              baseVersion: 0,
            },
          ],
        },
      }),
    ),
  );
  const statuses = answers.map((a) => a.status);
  expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(49);
  const history = await api<{ entries: { version: number }[] }>(
    server,
    "GET",
    "/periods/2022-H1/tasks/9/history",
    { token: tokens[0]! },
  );
  expect(history.body.entries).toHaveLength(1);
  expect(history.body.entries[0]!.version).toBe(1);
});
