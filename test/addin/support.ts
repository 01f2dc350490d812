// Shared setup for the add-in tests: the Excel stand-in on globalThis, a real sync server, and the
// environment an action runs in (API client, Excel.run, the pane's storage).
import { ApiClient } from "../../addin/api/client.ts";
import type { User } from "../../schema/api.ts";
import type { ActionEnv } from "../../addin/taskpane/actions/env.ts";
import { memoryStore, saveUnits, type KeyValueStore } from "../../addin/taskpane/storage.ts";
import { DEFAULT_VOCABULARY } from "../../schema/statuses.ts";
import type { Plan } from "../../schema/model.ts";
import { installExcelHost, type ExcelHost } from "../excel-host/host.ts";
import { emptySheet, workbookSnapshot, type WorkbookSnapshot } from "../excel-host/snapshot.ts";
import { fixtureUnits } from "../support/fixtures.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { addUser } from "../../sync-server/use-cases/users.ts";

export function install(snapshot?: WorkbookSnapshot, excelApiVersion = "1.9"): ExcelHost {
  return installExcelHost(globalThis, snapshot ?? workbookSnapshot([emptySheet("Sheet1")]), {
    excelApiVersion,
  });
}

export const run: ActionEnv["run"] = (batch) => Excel.run(batch);

export interface Signed {
  env: ActionEnv;
  store: KeyValueStore;
}

/** An action environment signed in to the server as this user. */
export async function signedEnv(
  server: TestServer,
  username: string,
  password: string,
  store: KeyValueStore = memoryStore(),
): Promise<Signed> {
  const api = new ApiClient({ baseUrl: server.url });
  const session = await api.signIn(username, password);
  api.token = session.token;
  saveUnits(store, server.url, (await api.units()).units);
  const env: ActionEnv = {
    run,
    api,
    server: server.url,
    user: session.user as User,
    caps: { dataValidation: true },
    lang: "zh",
    store,
    now: () => new Date("2022-06-30T08:00:00Z"),
  };
  return { env, store };
}

/** A plan of `count` tasks in sections of 100: all 市科技局's, every tenth shared with 市财政局. */
export function bigPlan(count: number): Plan {
  const sections: Plan["sections"] = [];
  for (let start = 1; start <= count; start += 100) {
    const n = sections.length;
    const no = chineseNumeral(n + 1);
    const items = [];
    for (let seq = start; seq < Math.min(count + 1, start + 100); seq++) {
      items.push({
        seq,
        task: `第${seq}项重点工作:推进科技创新平台建设,完成年度目标。`,
        units: seq % 10 === 0 ? ["市科技局", "市财政局"] : ["市科技局"],
      });
    }
    sections.push({
      no,
      title: `板块${n + 1}`,
      subsections: [
        { title: null, items: items.slice(0, 50) },
        { title: `分项${n + 1}`, items: items.slice(50) },
      ],
    });
  }
  return { title: "测试重点工作进展情况统计表", sections };
}

export interface PlanServer {
  server: TestServer;
  stop(): Promise<void>;
}

/** A real server with the fixture units, a plan of `count` tasks as period 2022-H1, and users. */
export async function serverWithPlan(count: number, env: Record<string, string> = {}): Promise<TestServer> {
  const server = await startTestServer(env);
  const store = server.deps.store;
  await store.replaceUnits(fixtureUnits());
  const at = new Date().toISOString();
  const plan = bigPlan(count);
  // Last period, locked, with 市科技局's texts of the first three tasks: "上期进展" to start from.
  await store.publishPlan(
    plan,
    DEFAULT_VOCABULARY,
    { id: "2021-H2", title: "2021下半年重点工作进展情况统计表", dueAt: "2021-12-31", previousPeriodId: null },
    at,
  );
  await store.publishPlan(
    plan,
    DEFAULT_VOCABULARY,
    {
      id: "2022-H1",
      title: "2022上半年重点工作进展情况统计表",
      dueAt: "2022-07-10",
      previousPeriodId: "2021-H2",
    },
    at,
  );
  await addUser(server.deps, {
    username: "seed",
    name: "seed",
    role: "coordinator",
    unit: null,
    password: "seed-password-1",
  });
  const system = (await store.findUserByUsername("seed"))!;
  const rows = [1, 2, 3]
    .filter((seq) => seq <= count)
    .map((seq) => ({
      seq,
      status: "序时推进",
      progress: `上期第${seq}项的进展情况,按计划推进。`,
      baseVersion: 0,
    }));
  await store.applySubmission({
    periodId: "2021-H2",
    unit: "市科技局",
    user: { id: system.id, username: "seed" },
    rows,
    idempotencyKey: null,
    requestHash: "",
    at,
  });
  await store.setPeriodLocked("2021-H2", true);
  await server.user("kjj", "reporter", "市科技局");
  await server.user("kjj2", "reporter", "市科技局");
  await server.user("czj", "reporter", "市财政局");
  await server.user("coord", "coordinator", "市政府办公室");
  return server;
}

export const PASSWORD = (username: string) => `${username}-password-1`;

/** The active sheet's cells (snapshot), for assertions. */
export function sheetCells(host: ExcelHost, name: string): (string | number | boolean | null)[][] {
  const sheet = host.snapshot().sheets.find((s) => s.name === name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet.cells;
}

/** 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 35 → 三十五 (up to 99). */
export function chineseNumeral(n: number): string {
  const digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
  if (n < 10) return digits[n]!;
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? "" : digits[tens]}十${digits[n % 10]}`;
}

/** Puts this host's globals back in place (tests that switch between two people's workbooks). */
export function use(host: ExcelHost): ExcelHost {
  Object.assign(globalThis, {
    Office: host.Office,
    Excel: host.Excel,
    OfficeExtension: host.OfficeExtension,
  });
  return host;
}

/** Types status and progress into the active sheet's rows, found by 序号 in column A (a person editing). */
export async function typeRows(edits: ReadonlyMap<number, readonly [string, string]>): Promise<void> {
  await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getActiveWorksheet();
    const used = sheet.getUsedRange(true);
    used.load("values,rowIndex");
    await context.sync();
    const values = used.values;
    const top = used.rowIndex;
    const rows = values.map((r, i) => ({ seq: r[0], row: top + i }));
    for (const { seq, row } of rows) {
      const edit = typeof seq === "number" ? edits.get(seq) : undefined;
      if (edit) sheet.getRangeByIndexes(row, 2, 1, 2).values = [[edit[0], edit[1]]];
    }
    await context.sync();
  });
}

/** Every task row of the active sheet filled with valid text (one write), as after a day of work. */
export async function fillAll(
  status = "序时推进",
  progress = (seq: number) => `第${seq}项工作已按计划推进,完成阶段目标。`,
): Promise<void> {
  await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getActiveWorksheet();
    const used = sheet.getUsedRange(true);
    used.load("values,rowIndex");
    await context.sync();
    const values = used.values;
    const block = values.map((r) => (typeof r[0] === "number" ? [status, progress(r[0])] : [r[2], r[3]]));
    // Heading rows are merged: write only the task rows, run by run.
    let start = -1;
    for (let i = 0; i <= values.length; i++) {
      const task = i < values.length && typeof values[i]![0] === "number";
      if (task && start === -1) start = i;
      if (!task && start !== -1) {
        sheet.getRangeByIndexes(used.rowIndex + start, 2, i - start, 2).values = block.slice(start, i) as (
          string | number
        )[][];
        start = -1;
      }
    }
    await context.sync();
  });
}
