// The E2E stage's world: the task pane built into dist/addin (or, for WPS, the WPS add-in into dist/wps) and served by a real `keywork serve` child
// process on a fresh SQLite file holding only the fixture city's unit directory; four accounts made
// with `keywork add-user`; one Chromium (fresh profile) per person, as on their own computers, each
// with its own Excel (or WPS) stand-in; the syncs each pane action cost in the stand-in; the database read
// behind the server's back.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { Page } from "playwright-core";
// @ts-expect-error -- a plain .mjs script without type declarations
import { buildAddin } from "../../scripts/build-addin.mjs";
// @ts-expect-error -- a plain .mjs script without type declarations
import { buildWps } from "../../scripts/build-wps.mjs";
import { openSqliteStore } from "../../sync-server/store/sqlite/index.ts";
import { buildBrowserBundle } from "../excel-host/bundle.ts";
import type { WorkbookSnapshot } from "../excel-host/snapshot.ts";
import { buildWpsBrowserBundle } from "../wps-host/bundle.ts";
import { artifactsDir, consoleGuard, launchBrowser, type Browser } from "../support/browser.ts";
import { addUserCli, startChildServer, type ChildServer, type NewAccount } from "../support/child-server.ts";
import { fixtureUnits } from "../support/fixtures.ts";
import { isWps, openPane, syncCount, type WpsApp } from "../support/taskpane.ts";

export const PERIOD = "2022-H1";
export const ARTIFACTS = artifactsDir("e2e");
/** The spreadsheet program the people work in: Excel (the Office.js pane) or WPS 表格 (the WPS add-in). */
export type HostKind = "excel" | "wps";
/** A task pane is narrow: screenshots show it at the width Excel gives it. */
const PANE = { width: 420, height: 900 };

export const ACCOUNTS = {
  coordinator: {
    username: "dcs-coord",
    name: "督查室 统筹",
    unit: "市政府办公室",
    role: "coordinator",
    password: "Coordinator-e2e-2022",
  },
  a1: {
    username: "kjj-a1",
    name: "科技局 甲",
    unit: "市科技局",
    role: "reporter",
    password: "Kjj-a1-e2e-2022",
  },
  a2: {
    username: "kjj-a2",
    name: "科技局 乙",
    unit: "市科技局",
    role: "reporter",
    password: "Kjj-a2-e2e-2022",
  },
  b: { username: "czj-b", name: "财政局 丙", unit: "市财政局", role: "reporter", password: "Czj-b-e2e-2022" },
} as const satisfies Record<string, NewAccount>;
export type PersonKey = keyof typeof ACCOUNTS;
const LABELS: Record<PersonKey, string> = { coordinator: "coordinator", a1: "A1", a2: "A2", b: "B" };

export interface Person {
  label: string;
  account: (typeof ACCOUNTS)[PersonKey];
  /** The personal API token `keywork add-user` printed: for checks through the API. */
  token: string;
  browser: Browser;
  /** The task pane, once opened. */
  page: Page;
}

export interface SyncEntry {
  step: string;
  who: string;
  action: string;
  syncs: number;
  budget: number | null;
}

/** Round trips allowed per action (the add-in's own budgets; the acceptance). */
export const BUDGETS = { validate: 2, submit: 3, pullMerged: 4 } as const;

export interface StoredRow {
  seq: number;
  unit: string;
  status: string;
  progress: string;
  version: number;
  updatedBy: string;
}

export interface World {
  kind: HostKind;
  /** Where this world's screenshots and files go: test-artifacts/e2e/ or test-artifacts/wps/. */
  artifacts: string;
  url: string;
  dbFile: string;
  people: Record<PersonKey, Person>;
  syncs: SyncEntry[];
  /** Opens the person's task pane (served by the server) on this workbook, or on an empty one. */
  open(key: PersonKey, workbook?: WorkbookSnapshot): Promise<Page>;
  /** Another computer of this person: a fresh browser profile, nothing of the pane's storage. */
  anotherComputer(key: PersonKey, workbook: WorkbookSnapshot): Promise<Page>;
  /** Syncs of the person's stand-in while `body` runs, recorded under step / action. */
  measure(
    key: PersonKey,
    step: string,
    action: string,
    body: () => Promise<void>,
    budget?: number,
  ): Promise<number>;
  /** Chromium's "Failed to load resource … status of NNN" lines this test expects, in any browser. */
  allow(...statuses: number[]): void;
  /** Console and page errors of every browser since the last call, less the allowed ones. */
  unexpectedErrors(): string[];
  screenshot(key: PersonKey, name: string): Promise<void>;
  /** report_rows of the period, straight from the SQLite file. */
  rows(): StoredRow[];
  historyCount(): number;
  close(): Promise<void>;
}

export async function startWorld(kind: HostKind = "excel"): Promise<World> {
  const artifacts = kind === "wps" ? artifactsDir("wps") : ARTIFACTS;
  // This run's screenshots and files only.
  for (const file of readdirSync(artifacts)) rmSync(join(artifacts, file), { recursive: true, force: true });
  const dir = mkdtempSync(join(tmpdir(), "keywork-e2e-"));
  const dbFile = join(dir, "keywork.db");
  const databaseUrl = `sqlite:${dbFile}`;
  // The server serves dist/addin/ only when it exists as it starts: build first (a fresh clone has none).
  const [hostBundle] = await Promise.all([
    kind === "wps" ? buildWpsBrowserBundle() : buildBrowserBundle(),
    kind === "wps" ? buildWps({ quiet: true }) : buildAddin({ quiet: true }),
    seedUnits(dbFile),
  ]);
  let child: ChildServer | null = null;
  const browsers: { label: string; browser: Browser; guard: ReturnType<typeof consoleGuard> }[] = [];
  // The statuses the running test expects, also for a browser it launches after saying so.
  const allowed = new Set<number>();
  const launch = async (label: string): Promise<Browser> => {
    const browser = await launchBrowser();
    const guard = consoleGuard(browser.errors);
    guard.allow(...allowed);
    browsers.push({ label, browser, guard });
    return browser;
  };
  try {
    child = await startChildServer("serve", { DATABASE_URL: databaseUrl, HOST: "127.0.0.1" });
    const keys = Object.keys(ACCOUNTS) as PersonKey[];
    const [added, launched] = await Promise.all([
      Promise.all(keys.map((key) => addUserCli(databaseUrl, ACCOUNTS[key]))),
      Promise.all(keys.map((key) => launch(LABELS[key]))),
    ]);
    const people = {} as Record<PersonKey, Person>;
    const pages = new Map<PersonKey, Page>();
    keys.forEach((key, i) => {
      people[key] = {
        label: LABELS[key],
        account: ACCOUNTS[key],
        token: added[i]!.token,
        browser: launched[i]!,
        get page(): Page {
          const page = pages.get(key);
          if (!page) throw new Error(`${LABELS[key]} has not opened the task pane yet`);
          return page;
        },
      };
    });
    const url = child.url;
    const paneUrl = kind === "wps" ? `${url}/wps/taskpane.html` : `${url}/addin/taskpane.html`;
    const syncs: SyncEntry[] = [];
    const server = child;
    const read = <T>(body: (db: Database.Database) => T): T => {
      const db = new Database(dbFile, { readonly: true });
      try {
        return body(db);
      } finally {
        db.close();
      }
    };

    const world: World = {
      kind,
      artifacts,
      url,
      dbFile,
      people,
      syncs,
      async open(key, workbook) {
        const page = await openPane(people[key].browser, paneUrl, {
          kind,
          hostBundle,
          viewport: PANE,
          ...(workbook ? { workbook } : {}),
        });
        pages.set(key, page);
        return page;
      },
      async anotherComputer(key, workbook) {
        const browser = await launch(`${LABELS[key]} (another computer)`);
        return openPane(browser, paneUrl, { kind, hostBundle, viewport: PANE, workbook });
      },
      async measure(key, step, action, body, budget) {
        const page = people[key].page;
        const before = await syncCount(page);
        await body();
        const count = (await syncCount(page)) - before;
        syncs.push({ step, who: LABELS[key], action, syncs: count, budget: budget ?? null });
        return count;
      },
      allow(...statuses) {
        statuses.forEach((s) => allowed.add(s));
        for (const b of browsers) b.guard.allow(...statuses);
      },
      unexpectedErrors() {
        allowed.clear();
        return browsers.flatMap((b) => b.guard.take().map((e) => `${b.label}: ${e}`));
      },
      async screenshot(key, name) {
        await people[key].page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
      },
      rows: () =>
        read((db) =>
          (
            db
              .prepare(
                "SELECT seq, unit, status, progress, version, updated_by AS updatedBy FROM report_rows WHERE period_id = ? ORDER BY seq, unit",
              )
              .all(PERIOD) as StoredRow[]
          ).map((r) => ({ ...r })),
        ),
      historyCount: () =>
        read((db) => (db.prepare("SELECT COUNT(*) AS n FROM history").get() as { n: number }).n),
      async close() {
        await Promise.all(browsers.map((b) => b.browser.close()));
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
    return world;
  } catch (error) {
    await Promise.all(browsers.map((b) => b.browser.close()));
    await child?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The fixture city's unit directory in a fresh database, and nothing else (no periods, no users):
 * `keywork demo` would seed periods too, and step 1 starts from none.
 */
async function seedUnits(dbFile: string): Promise<void> {
  const store = openSqliteStore(dbFile);
  try {
    await store.migrate();
    await store.replaceUnits(fixtureUnits());
  } finally {
    await store.close();
  }
}

/** The sync counts as a table, one line per action, for the run's output. */
export function syncTable(entries: readonly SyncEntry[]): string {
  const head = ["step", "who", "action", "syncs", "budget"];
  const rows = entries.map((e) => [
    e.step,
    e.who,
    e.action,
    String(e.syncs),
    e.budget === null ? "" : `≤ ${e.budget}`,
  ]);
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (cells: string[]) => cells.map((c, i) => c + " ".repeat(widths[i]! - width(c))).join(" | ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n");
}

/** Display width: CJK characters take two columns in a terminal. */
function width(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u2e80-\u9fff\uff00-\uffef]/u.test(ch) ? 2 : 1;
  return n;
}

export function writeSyncCounts(entries: readonly SyncEntry[], dir: string = ARTIFACTS): string {
  const file = join(dir, "sync-counts.json");
  writeFileSync(file, `${JSON.stringify({ budgets: BUDGETS, actions: entries }, null, 2)}\n`);
  return file;
}

// ------------------------------------------------------------------ a person at the workbook

/**
 * Writes one cell of the `_keywork` block of the active sheet: the metadata field `field` (kind,
 * period, unit …) gets `value`. Through Excel's API in the page, as a person with a macro would
 * (the sheet is very hidden: Excel's own UI cannot show it).
 */
export async function forgeMetadata(page: Page, field: string, value: string): Promise<void> {
  if (await isWps(page)) {
    // In WPS: 开发工具 → a JS macro does the same through the WPS API.
    await page.evaluate(
      ([field, value]) => {
        const book = (globalThis as unknown as { Application: WpsApp }).Application.ActiveWorkbook;
        const name = book.ActiveSheet.Name;
        const meta = book.Worksheets.Item("_keywork");
        const used = meta.UsedRange;
        const grid = used.Value2 as unknown[][];
        const block = grid[0]!.findIndex((v, c) => v === "keywork-sheet" && grid[0]![c + 2] === name);
        if (block === -1) throw new Error(`no _keywork block for ${name}`);
        const row = grid.findIndex((r) => r[block] === field);
        if (row === -1) throw new Error(`no ${field} in the _keywork block`);
        meta.Cells(used.Row + row, used.Column + block + 1).Value2 = value;
      },
      [field, value] as const,
    );
    return;
  }
  await page.evaluate(
    async ([field, value]) => {
      const excel = (globalThis as unknown as { Excel: typeof Excel }).Excel;
      await excel.run(async (context) => {
        const active = context.workbook.worksheets.getActiveWorksheet();
        active.load("name");
        const meta = context.workbook.worksheets.getItem("_keywork");
        const used = meta.getUsedRange(true);
        used.load("values,rowIndex,columnIndex");
        await context.sync();
        const grid = used.values;
        const block = grid[0]!.findIndex((v, c) => v === "keywork-sheet" && grid[0]![c + 2] === active.name);
        if (block === -1) throw new Error(`no _keywork block for ${active.name}`);
        const row = grid.findIndex((r) => r[block] === field);
        if (row === -1) throw new Error(`no ${field} in the _keywork block`);
        meta.getCell(used.rowIndex + row, used.columnIndex + block + 1).values = [[value]];
        await context.sync();
      });
    },
    [field, value] as const,
  );
}

/**
 * Unprotects the active sheet (no password: 审阅 → 撤销工作表保护) and overwrites the whole row of
 * this 序号, columns A–E, as a person would.
 */
export async function rewriteRow(
  page: Page,
  seq: number,
  cells: [number, string, string, string, string],
): Promise<void> {
  if (await isWps(page)) {
    // 审阅 → 撤销工作表保护, then typing over the row.
    await page.evaluate(
      ([seq, cells]) => {
        const sheet = (globalThis as unknown as { Application: WpsApp }).Application.ActiveWorkbook
          .ActiveSheet;
        sheet.Unprotect();
        const used = sheet.UsedRange;
        const i = (used.Value2 as unknown[][]).findIndex((r) => r[0] === seq);
        if (i === -1) throw new Error(`no row of 序号 ${seq}`);
        const row = used.Row + i;
        sheet.Range(`A${row}:E${row}`).Value2 = [cells];
      },
      [seq, cells] as const,
    );
    return;
  }
  await page.evaluate(
    async ([seq, cells]) => {
      const excel = (globalThis as unknown as { Excel: typeof Excel }).Excel;
      await excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getActiveWorksheet();
        sheet.protection.unprotect();
        const used = sheet.getUsedRange(true);
        used.load("values,rowIndex");
        await context.sync();
        const i = used.values.findIndex((r) => r[0] === seq);
        if (i === -1) throw new Error(`no row of 序号 ${seq}`);
        sheet.getRangeByIndexes(used.rowIndex + i, 0, 1, 5).values = [cells];
        await context.sync();
      });
    },
    [seq, cells] as const,
  );
}
