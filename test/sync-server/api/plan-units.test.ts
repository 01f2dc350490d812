// import-plan's unknown units on a real server from an EMPTY directory, with the real fixture sheet:
// every unknown unit listed once with its cells, nothing published until each is resolved, and the
// mapping kept as aliases so the same sheet needs none the next time.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fixturePath } from "../../support/fixtures.ts";
import { api, startTestServer, type TestServer } from "../../support/server.ts";

let server: TestServer;
let coordinator: string;
const SHEET = readFileSync(fixturePath("progress-2022h1-part.xlsx"));

type Unknown = { name: string; suggestions: string[]; cells: string[] };
type Problem = {
  title: string;
  detail: string;
  unknownUnits?: Unknown[];
  issues?: { cell: string | null; message: string }[];
};

function publish(fields: Record<string, string>) {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(SHEET)]), "plan.xlsx");
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return fetch(`${server.url}/api/v1/plans/import`, {
    method: "POST",
    headers: { authorization: `Bearer ${coordinator}` },
    body: form,
  });
}

beforeAll(async () => {
  server = await startTestServer();
  coordinator = await server.user("coord", "coordinator", null);
});
afterAll(() => server.stop());

describe("publishing with units the directory does not know", () => {
  test("an empty directory: every unit of the sheet is listed once, with its cells, and nothing is stored", async () => {
    const res = await publish({ period: "2022-H1" });
    expect(res.status).toBe(422);
    const body = (await res.json()) as Problem;
    expect(body.title).toBe("unknown-units");
    const names = body.unknownUnits!.map((u) => u.name);
    expect(names).toHaveLength(26);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining(["市发展改革委", "市科技局", "市自然资源和规划局", "xx县政府"]),
    );
    expect(body.unknownUnits!.find((u) => u.name === "市发展改革委")!.cells[0]).toBe("E4");
    expect(body.issues!.find((i) => i.cell === "E4")!.message).toMatch(
      /^单位“市发展改革委”不在单位名录中 \/ /u,
    );
    expect(await server.deps.store.listUnits()).toEqual([]);
    expect(await server.deps.store.listPeriods()).toEqual([]);
  });

  test("the nearest directory names are suggested for each unknown name", async () => {
    await api(server, "POST", "/units", { token: coordinator, body: { name: "市发展和改革委员会" } });
    await api(server, "POST", "/units", { token: coordinator, body: { name: "市科学技术局" } });
    const body = (await (await publish({ period: "2022-H1" })).json()) as Problem;
    const kjj = body.unknownUnits!.find((u) => u.name === "市科技局")!;
    expect(kjj.suggestions).toContain("市科学技术局");
    expect(body.unknownUnits!.map((u) => u.name)).toHaveLength(26);
  });

  test("a partial mapping publishes nothing and lists only the names still unresolved", async () => {
    const res = await publish({
      period: "2022-H1",
      unitMapping: JSON.stringify({ 市科技局: "市科学技术局", 市发展改革委: "市发展和改革委员会" }),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Problem).unknownUnits).toHaveLength(24);
    expect(await server.deps.store.listPeriods()).toEqual([]);
    expect((await server.deps.store.listUnits()).map((u) => u.aliases)).toEqual([[], []]);
  });

  test("mapped names become aliases, the rest are added, and the period opens on canonical names", async () => {
    const res = await publish({
      period: "2022-H1",
      due: "2022-07-10",
      unitMapping: JSON.stringify({
        市科技局: "市科学技术局",
        市发展改革委: "市发展和改革委员会",
        市商务局: "+",
      }),
      addUnits: "true",
    });
    expect(res.status).toBe(201);
    const units = await server.deps.store.listUnits();
    expect(units).toHaveLength(26);
    expect(units.find((u) => u.name === "市科学技术局")!.aliases).toEqual(["市科技局"]);
    const period = (await server.deps.store.getPeriod("2022-H1"))!;
    const plan = (await server.deps.store.getPlan(period.planId))!;
    const named = plan.sections.flatMap((s) =>
      s.subsections.flatMap((ss) => ss.items.flatMap((t) => t.units)),
    );
    expect(named).toContain("市科学技术局");
    expect(named).not.toContain("市科技局");
    const actions = (await server.deps.store.listAudit({ limit: 10 })).map((e) => e.action);
    expect(actions.slice(0, 2)).toEqual(["period.publish", "units.import"]);
  });

  test("the same sheet published again needs no mapping", async () => {
    const res = await publish({ period: "2022-H2" });
    expect(res.status).toBe(201);
  });

  test("a mapping onto a unit that does not exist is refused, naming it", async () => {
    await api(server, "POST", "/units/merge", {
      token: coordinator,
      body: { from: ["市商务局"], into: "市商务和投资局" },
    });
    const res = await api<Problem>(server, "POST", "/plans/import", {
      token: coordinator,
      body: {
        period: "2023-H1",
        plan: {
          title: "t",
          sections: [
            {
              no: "一",
              title: "s",
              subsections: [{ title: null, items: [{ seq: 1, task: "任务一。", units: ["市新设局"] }] }],
            },
          ],
        },
        unitMapping: { 市新设局: "市不存在局" },
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.unknownUnits!.map((u) => u.name)).toEqual(["市新设局"]);
    expect(await server.deps.store.getPeriod("2023-H1")).toBeNull();
  });
});
