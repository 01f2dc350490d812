// Formula-like text (= + - @ tab) in every workbook the server writes is marked quotePrefix, the way Excel
// marks text typed with a leading apostrophe, and reads back as exactly the text that was written.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { planOf, planTasks, type Plan } from "../../../schema/index.ts";
import { DEFAULT_VOCABULARY } from "../../../schema/statuses.ts";
import { isFormulaLike } from "../../../sync-server/xlsx/formula-text.ts";
import { myTasksWorkbook } from "../../../sync-server/xlsx/my-tasks.ts";
import { readWorkbook } from "../../../sync-server/xlsx/read-xlsx.ts";
import { readEntry, zipEntries } from "../../../sync-server/xlsx/zip.ts";
import { fixtureDocument } from "../../support/fixtures.ts";
import { api, publishFixture, startTestServer, submission, type TestServer } from "../../support/server.ts";

const UNIT = "市科技局";
const plan: Plan = planOf(fixtureDocument());
const tasks = planTasks(plan).filter((t) => t.units.includes(UNIT));

/** Text starting like a formula: one of = + - @ or a tab, then anything printable. */
const formulaText = fc
  .tuple(
    fc.constantFrom("=", "+", "-", "@", "\t"),
    fc
      .string({ minLength: 1, maxLength: 40, unit: "grapheme" })
      // Control characters other than tab and line feed cannot travel in XML 1.0 (nor CR unescaped).
      .filter((s) => [...s].every((ch) => ch === "\t" || ch === "\n" || ch.charCodeAt(0) >= 0x20)),
  )
  .map(([head, tail]) => `${head}${tail}`);

/** Each sheet's cells (address → style index and text) and which cell formats carry quotePrefix. */
function cellsAndStyles(file: Buffer) {
  const limits = { entries: 100, entryBytes: 32 * 1024 * 1024, unpackedBytes: 64 * 1024 * 1024 };
  const entries = zipEntries(file, limits);
  const budget = { remaining: limits.unpackedBytes };
  const text = (name: string) => readEntry(file, entries.get(name)!, limits, budget).toString("utf8");
  const cellXfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/u.exec(text("xl/styles.xml"))![1]!;
  const quoted = [...cellXfs.matchAll(/<xf\b[^>]*>/gu)].map((m) => m[0].includes('quotePrefix="1"'));
  const sheets = [...entries.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/u.test(n)).map(text);
  return { quoted, sheets };
}

/** Every text cell of the written file paired with whether its format has quotePrefix. */
function textCells(file: Buffer): { text: string; quoted: boolean }[] {
  const { quoted, sheets } = cellsAndStyles(file);
  const book = readWorkbook(file, undefined, { metadata: true });
  const grids = [book.sheet.grid, book.metadata?.grid ?? []];
  const out: { text: string; quoted: boolean }[] = [];
  sheets.slice(0, 2).forEach((xml, i) => {
    for (const m of xml.matchAll(/<c r="([A-Z]+)(\d+)"(?: s="(\d+)")?[^>]*>/gu)) {
      const column = [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const value = grids[i]?.[Number(m[2]) - 1]?.[column];
      if (typeof value === "string") out.push({ text: value, quoted: quoted[Number(m[3] ?? 0)] ?? false });
    }
  });
  return out;
}

describe("workbooks the server writes", () => {
  test("my tasks: formula-like progress is marked quotePrefix and reads back unchanged", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(formulaText, { minLength: tasks.length, maxLength: tasks.length }),
        async (texts) => {
          const file = await myTasksWorkbook({
            period: { id: "2022-H1", title: "2022上半年重点工作进展情况统计表" },
            unit: UNIT,
            plan,
            vocabulary: DEFAULT_VOCABULARY,
            rows: tasks.map((t, i) => ({
              seq: t.seq,
              status: "序时推进",
              progress: texts[i]!,
              version: 1,
              previousProgress: texts[(i + 1) % texts.length]!,
            })),
            server: "https://keywork.example",
            pulledAt: "2022-06-30T08:00:00.000Z",
          });
          const cells = textCells(file);
          for (const text of texts) expect(cells.map((c) => c.text)).toContain(text);
          for (const cell of cells)
            expect(cell.quoted, JSON.stringify(cell.text)).toBe(isFormulaLike(cell.text));
        },
      ),
      { numRuns: 15 },
    );
  });

  test("the merged sheet (GET merged.xlsx): formula-like progress is marked quotePrefix", async () => {
    const progress = '=HYPERLINK("http://evil.example","点击查看")';
    const server = await startTestServer();
    try {
      await publishFixture(server);
      const token = await server.user("kjj", "reporter", UNIT);
      const coordinator = await server.user("coord", "coordinator", "市政府办公室");
      const seq = tasks[0]!.seq;
      expect(
        (
          await api(server, "POST", "/periods/2022-H1/submissions", {
            token,
            body: submission([{ seq, progress }]),
          })
        ).status,
      ).toBe(200);
      const res = await fetch(`${server.url}/api/v1/periods/2022-H1/merged.xlsx`, {
        headers: { authorization: `Bearer ${coordinator}` },
      });
      expect(res.status).toBe(200);
      const cells = textCells(Buffer.from(await res.arrayBuffer()));
      const marked = cells.filter((c) => c.text.includes("HYPERLINK"));
      expect(marked.length).toBeGreaterThan(0);
      for (const cell of cells) expect(cell.quoted, JSON.stringify(cell.text)).toBe(isFormulaLike(cell.text));
    } finally {
      await server.stop();
    }
  });
});

describe("round trip through the web page's routes", () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer();
    await publishFixture(server);
    token = await server.user("kjj", "reporter", UNIT);
  });
  afterAll(() => server.stop());

  test("download → upload gives back the stored text, without an apostrophe", async () => {
    const texts = fc.sample(formulaText, tasks.length);
    const body = submission(tasks.map((t, i) => ({ seq: t.seq, progress: texts[i]! })));
    expect((await api(server, "POST", "/periods/2022-H1/submissions", { token, body })).status).toBe(200);

    const download = await fetch(`${server.url}/api/v1/periods/2022-H1/tasks.xlsx`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const file = Buffer.from(await download.arrayBuffer());
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array(file)]), "tasks.xlsx");
    const res = await fetch(`${server.url}/api/v1/periods/2022-H1/uploads`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(res.status).toBe(200);
    const { grid } = (await res.json()) as { grid: unknown[][] };
    const cells = grid.flat();
    for (const text of texts) {
      expect(cells).toContain(text);
      expect(cells).not.toContain(`'${text}`);
    }
  });
});
