// End to end, as several people: the real task pane, built and served by a real `keywork serve` on a
// fresh SQLite file, in Debian's Chromium (one fresh profile per person, as on their own computers), on
// the Excel stand-in in place of office.js. A coordinator publishes the fixture workbook as 2022-H1;
// two reporters of 市科技局 (A1, A2) and one of 市财政局 (B) — who share task 19 — pull, validate,
// submit, run into a conflict and settle it; A1 tampers with the workbook and is refused; the
// coordinator locks the period and pulls the merged sheet, which matches GET /merged.xlsx.
// Screenshots of each step's pane and the sync counts per action go to test-artifacts/e2e/.
//
// The same scenarios run for WPS 表格 (the WPS add-in's pane on the WPS stand-in, screenshots in
// test-artifacts/wps/): describeThreeUsers("excel") in three-users.test.ts, ("wps") in
// wps-three-users.test.ts. Only the host differs; the steps, texts and checks are these.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { HIGHLIGHT_COLOURS } from "../../addin/excel/highlight.ts";
import { t } from "../../addin/taskpane/i18n.ts";
import { SUMMARY_SHEET } from "../../schema/merged-layout.ts";
import type { SheetSnapshot, WorkbookSnapshot } from "../excel-host/snapshot.ts";
import { snapshotFromXlsx, snapshotToXlsx } from "../excel-host/xlsx.ts";
import { fixtureDocument, fixturePath } from "../support/fixtures.ts";
import { api } from "../support/server.ts";
import { click, message, signIn, tabsOf, tid, type, workbookOf } from "../support/taskpane.ts";
import {
  ACCOUNTS,
  BUDGETS,
  PERIOD,
  forgeMetadata,
  rewriteRow,
  startWorld,
  syncTable,
  writeSyncCounts,
  type HostKind,
  type PersonKey,
  type World,
} from "./support.ts";

const TITLE = "2022上半年重点工作进展情况统计表";
const zh = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t("zh", key, params);

/** 市科技局's tasks in the fixture plan (it leads or shares them), and 市财政局's. */
const KJJ_TASKS = [9, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
const CZJ_TASKS = [19, 41];
const A1_TEXT = (seq: number) => `第${seq}项:上半年完成年度目标的六成,三个子项目已开工,下半年组织验收。`;
const B_TEXT = (seq: number) => `财政局第${seq}项:奖补资金已拨付到位,会同科技局开展绩效评价。`;
const A2_ON_15 = { status: "进度滞后", progress: "乙:第15项受设计方案调整影响,进度滞后约一个月,正在协调。" };
const A1_ON_15 = { status: "序时推进", progress: "甲:第15项设计方案已获批复,建设按计划推进,七月开工。" };

let world: World;

export function describeThreeUsers(kind: HostKind): void {
  beforeAll(async () => {
    world = await startWorld(kind);
  }, 120_000);

  afterEach(() => {
    // Any console error fails the step, except the HTTP answers the step itself expected.
    expect(world.unexpectedErrors()).toEqual([]);
  });

  afterAll(async () => {
    if (!world) return;
    // WPS's API is synchronous: there are no round trips to count there.
    if (world.syncs.length > 0 && world.kind === "excel") {
      const file = writeSyncCounts(world.syncs, world.artifacts);
      console.log(
        `Excel syncs per task-pane action (stand-in's syncCount(), before/after each click):\n${syncTable(world.syncs)}\n(${file})`,
      );
    }
    await world.close();
  });
  describeScenarios(kind);
}

// ------------------------------------------------------------------ helpers

const page = (key: PersonKey) => world.people[key].page;
const sheetOf = (book: WorkbookSnapshot, name: string): SheetSnapshot => {
  const sheet = book.sheets.find((s) => s.name === name);
  if (!sheet) throw new Error(`no sheet ${name} in ${book.sheets.map((s) => s.name).join(", ")}`);
  return sheet;
};
/** 序号 of the task rows (numbers in column A), in sheet order. */
const seqsOf = (sheet: SheetSnapshot) =>
  sheet.cells.map((r) => r[0]).filter((v): v is number => typeof v === "number");
/** The A1 address of this 序号's cell in column C (完成状态) or D (工作进展情况). */
function cellOf(sheet: SheetSnapshot, seq: number, column: "C" | "D"): string {
  const row = sheet.cells.findIndex((r) => r[0] === seq);
  if (row === -1) throw new Error(`no 序号 ${seq} on ${sheet.name}`);
  return `${column}${row + 1}`;
}
/** The cells filled with an issue colour (error or warning). */
const highlighted = (sheet: SheetSnapshot) =>
  Object.fromEntries(
    Object.entries(sheet.fills).filter(([, colour]) => Object.values(HIGHLIGHT_COLOURS).includes(colour)),
  );
const rowOf = (sheet: SheetSnapshot, seq: number) => sheet.cells.find((r) => r[0] === seq)!;

/** 一键报送 then 确认报送, counted as one submission; returns the preview's 序号. */
async function submit(
  key: PersonKey,
  step: string,
  action = "一键报送 (prepare + confirm)",
): Promise<number[]> {
  let previewed: number[] = [];
  const syncs = await world.measure(
    key,
    step,
    action,
    async () => {
      const pane = page(key);
      await click(pane, "submit");
      if (!(await pane.isVisible(tid("confirm-submit"))))
        throw new Error(`no preview to confirm: ${(await message(pane)).text}`);
      previewed = await pane
        .locator(tid("preview-item"))
        .evaluateAll((items) => items.map((li) => Number(li.getAttribute("data-seq"))));
      await click(pane, "confirm-submit");
    },
    BUDGETS.submit,
  );
  expect(syncs).toBeLessThanOrEqual(BUDGETS.submit);
  return previewed;
}

async function pullMine(key: PersonKey, step: string): Promise<void> {
  await world.measure(key, step, "获取本单位任务", () => click(page(key), "pull-mine"));
}

async function historyOf(seq: number) {
  const answer = await api<{
    entries: {
      unit: string;
      version: number;
      oldProgress: string | null;
      newStatus: string;
      newProgress: string;
      changedBy: string;
    }[];
  }>(world, "GET", `/periods/${PERIOD}/tasks/${seq}/history`, { token: world.people.coordinator.token });
  expect(answer.status).toBe(200);
  return answer.body.entries;
}

async function download(path: string, token: string): Promise<Buffer> {
  const res = await fetch(`${world.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

// ------------------------------------------------------------------ the scenarios

function describeScenarios(kind: HostKind): void {
  describe.sequential(`three users of two units on one server, in the task pane (${kind})`, () => {
    describe("1. publish", () => {
      test("the coordinator opens the pane on the fixture workbook and publishes its sheet as period 2022-H1", async () => {
        const fixture = await snapshotFromXlsx(fixturePath("progress-2022h1-part.xlsx"));
        const pane = await world.open("coordinator", fixture);
        // Served by the server itself, the pane proposes that server.
        expect(await pane.inputValue(tid("server-url"))).toBe(world.url);
        await signIn(pane, ACCOUNTS.coordinator.username, ACCOUNTS.coordinator.password);
        expect(await pane.textContent(tid("period"))).toBe(zh("noPeriods"));

        await pane.fill(tid("publish-period"), PERIOD);
        await pane.fill(tid("publish-title"), TITLE);
        await pane.fill(tid("publish-due"), "2022-07-10");
        await world.measure("coordinator", "1", "发布计划 (publish the active sheet)", () =>
          click(pane, "publish"),
        );
        expect(await message(pane)).toEqual({ kind: "success", text: zh("published", { period: PERIOD }) });
        expect(await pane.inputValue(tid("period"))).toBe(PERIOD);
        await world.screenshot("coordinator", "01-coordinator-published");

        const periods = await api<{
          periods: { id: string; title: string; dueAt: string | null; locked: boolean }[];
        }>(world, "GET", "/periods", { token: world.people.coordinator.token });
        expect(periods.body.periods.map((p) => [p.id, p.title, p.dueAt?.slice(0, 10), p.locked])).toEqual([
          [PERIOD, TITLE, "2022-07-10", false],
        ]);
        // The plan is the fixture sheet's: every task, its text and its units, in order.
        const merged = await api<{
          sections: { subsections: { tasks: { seq: number; task: string; units: string[] }[] }[] }[];
        }>(world, "GET", `/periods/${PERIOD}/merged`, { token: world.people.coordinator.token });
        const published = merged.body.sections.flatMap((s) =>
          s.subsections.flatMap((ss) => ss.tasks.map((x) => ({ seq: x.seq, task: x.task, units: x.units }))),
        );
        const expected = fixtureDocument().sections.flatMap((s) =>
          s.subsections.flatMap((ss) => ss.items.map((x) => ({ seq: x.seq, task: x.task, units: x.units }))),
        );
        expect(published).toHaveLength(67);
        expect(published).toEqual(expected);
        expect(world.rows()).toEqual([]);
      });
    });

    describe("2. fill, validate, submit", () => {
      test("reporter A1 connects and pulls 本单位任务: the unit's 11 tasks in a new protected sheet", async () => {
        const pane = await world.open("a1");
        await signIn(pane, ACCOUNTS.a1.username, ACCOUNTS.a1.password);
        expect(await pane.textContent(tid("who"))).toContain("市科技局");
        expect(await pane.inputValue(tid("period"))).toBe(PERIOD);
        await pullMine("a1", "2");
        expect(await message(pane)).toEqual({
          kind: "success",
          text: zh("pulled", { count: 11, sheet: `${PERIOD} 市科技局` }),
        });
        const book = await workbookOf(pane);
        expect(book.activeSheet).toBe(`${PERIOD} 市科技局`);
        const sheet = sheetOf(book, `${PERIOD} 市科技局`);
        expect(seqsOf(sheet)).toEqual(KJJ_TASKS);
        expect(sheet.protected).toBe(true);
        expect(sheetOf(book, "_keywork").visibility).toBe("VeryHidden");
        // In WPS: the very hidden sheet is not among the tabs, the pulled one is.
        if (world.kind === "wps") expect(await tabsOf(pane)).toEqual(["Sheet1", `${PERIOD} 市科技局`]);
        await world.screenshot("a1", "02-a1-pulled");
      });

      test("A1 fills the sheet, then types an unknown status and clears a progress cell: 校验 lists both and highlights the two cells", async () => {
        const pane = page("a1");
        // Typed through Excel's API in the page (see support/taskpane.ts `type`): the stand-in applies
        // what typing does — Excel's typing of values, and refusal of the locked task columns.
        for (const seq of KJJ_TASKS) await type(pane, seq, "序时推进", A1_TEXT(seq));
        // The drop-down does not stop a paste: an unknown status; and a progress cell emptied.
        await type(pane, 14, "基本完成", A1_TEXT(14));
        await type(pane, 16, "序时推进", "");

        const syncs = await world.measure(
          "a1",
          "2",
          "校验 (validate)",
          () => click(pane, "validate"),
          BUDGETS.validate,
        );
        expect(syncs).toBeLessThanOrEqual(BUDGETS.validate);
        const sheet = sheetOf(await workbookOf(pane), `${PERIOD} 市科技局`);
        const unknownStatus = cellOf(sheet, 14, "C");
        const emptyProgress = cellOf(sheet, 16, "D");
        expect(await message(pane)).toEqual({
          kind: "error",
          text: zh("validateSummary", { error: 2, warning: 0, info: 0 }),
        });
        const items = pane.locator(tid("issue-item"));
        expect(
          await items.evaluateAll((els) =>
            els.map((li) => [
              li.getAttribute("data-severity"),
              li.getAttribute("data-cell"),
              li.getAttribute("data-seq"),
            ]),
          ),
        ).toEqual([
          ["error", unknownStatus, "14"],
          ["error", emptyProgress, "16"],
        ]);
        expect(await items.nth(0).textContent()).toContain("基本完成");
        // The two cells, and only they, are filled with the error colour (the others keep the layout's).
        expect(highlighted(sheet)).toEqual({
          [unknownStatus]: HIGHLIGHT_COLOURS.error,
          [emptyProgress]: HIGHLIGHT_COLOURS.error,
        });
        await world.screenshot("a1", "03-a1-validated");
      });

      test("clicking an issue selects its cell", async () => {
        const pane = page("a1");
        for (const n of [1, 0]) {
          const item = `${tid("issue-item")} >> nth=${n}`;
          const cell = await pane.getAttribute(item, "data-cell");
          await world.measure("a1", "2", "select an issue's cell", () => click(pane, item));
          expect((await workbookOf(pane)).selection).toEqual({ sheet: `${PERIOD} 市科技局`, address: cell });
        }
        await world.screenshot("a1", "04-a1-issue-selected");
      });

      test("after the fixes, 一键报送 previews the changed rows and submits them; the database holds exactly those rows", async () => {
        const pane = page("a1");
        await type(pane, 14, "已完成", A1_TEXT(14));
        await type(pane, 16, "序时推进", A1_TEXT(16));
        const before = world.historyCount();
        const previewed = await submit("a1", "2");
        expect(previewed).toEqual(KJJ_TASKS);
        expect(await message(pane)).toEqual({ kind: "success", text: zh("submitted", { changed: 11 }) });
        expect(await pane.locator(tid("result-item")).count()).toBe(11);
        await world.screenshot("a1", "05-a1-submitted");
        // The highlights of the fixed cells are gone.
        expect(highlighted(sheetOf(await workbookOf(pane), `${PERIOD} 市科技局`))).toEqual({});

        expect(world.rows()).toEqual(
          KJJ_TASKS.map((seq) => ({
            seq,
            unit: "市科技局",
            status: seq === 14 ? "已完成" : "序时推进",
            progress: A1_TEXT(seq),
            version: 1,
            updatedBy: ACCOUNTS.a1.username,
          })),
        );
        expect(world.historyCount()).toBe(before + 11);
      });
    });

    describe("3. two units on one task, and a conflict within a unit", () => {
      test("reporter B submits 市财政局's report on task 19: no conflict with 市科技局's row, both are kept", async () => {
        const pane = await world.open("b");
        await signIn(pane, ACCOUNTS.b.username, ACCOUNTS.b.password);
        await pullMine("b", "3");
        expect(seqsOf(sheetOf(await workbookOf(pane), `${PERIOD} 市财政局`))).toEqual(CZJ_TASKS);
        for (const seq of CZJ_TASKS) await type(pane, seq, "序时推进", B_TEXT(seq));
        expect(await submit("b", "3")).toEqual(CZJ_TASKS);
        expect(await message(pane)).toEqual({ kind: "success", text: zh("submitted", { changed: 2 }) });
        await world.screenshot("b", "06-b-submitted");

        const task19 = world.rows().filter((r) => r.seq === 19);
        expect(task19).toEqual([
          {
            seq: 19,
            unit: "市科技局",
            status: "序时推进",
            progress: A1_TEXT(19),
            version: 1,
            updatedBy: ACCOUNTS.a1.username,
          },
          {
            seq: 19,
            unit: "市财政局",
            status: "序时推进",
            progress: B_TEXT(19),
            version: 1,
            updatedBy: ACCOUNTS.b.username,
          },
        ]);
      });

      test("A1 and A2 pull the same rows; A2 submits a change to task 15", async () => {
        const a2 = await world.open("a2");
        await signIn(a2, ACCOUNTS.a2.username, ACCOUNTS.a2.password);
        await pullMine("a2", "3");
        await pullMine("a1", "3");
        const a1Sheet = sheetOf(await workbookOf(page("a1")), `${PERIOD} 市科技局 (2)`);
        const a2Sheet = sheetOf(await workbookOf(a2), `${PERIOD} 市科技局`);
        // Both start from what A1 submitted.
        expect(rowOf(a1Sheet, 15).slice(0, 4)).toEqual(rowOf(a2Sheet, 15).slice(0, 4));
        expect(rowOf(a2Sheet, 15)[3]).toBe(A1_TEXT(15));

        await type(a2, 15, A2_ON_15.status, A2_ON_15.progress);
        expect(await submit("a2", "3")).toEqual([15]);
        expect(await message(a2)).toEqual({ kind: "success", text: zh("submitted", { changed: 1 }) });
        await world.screenshot("a2", "07-a2-submitted");
        expect(world.rows().find((r) => r.seq === 15 && r.unit === "市科技局")).toMatchObject({
          ...A2_ON_15,
          version: 2,
          updatedBy: ACCOUNTS.a2.username,
        });
      });

      test("A1, still on the old version, submits a different change to task 15: the conflict view shows mine and theirs, nothing saved", async () => {
        world.allow(409);
        const pane = page("a1");
        await type(pane, 15, A1_ON_15.status, A1_ON_15.progress);
        const before = world.rows();
        expect(await submit("a1", "3", "一键报送 → conflict (prepare + confirm)")).toEqual([15]);
        expect(await message(pane)).toEqual({ kind: "error", text: zh("conflictNotSaved", { count: 1 }) });
        const item = pane.locator(`${tid("conflict-item")}[data-seq="15"]`);
        expect(await pane.locator(tid("conflict-item")).count()).toBe(1);
        const mine = await item.locator(tid("conflict-mine")).textContent();
        const theirs = await item.locator(tid("conflict-theirs")).textContent();
        expect(mine).toContain(A1_ON_15.status);
        expect(mine).toContain(A1_ON_15.progress);
        expect(theirs).toContain(A2_ON_15.status);
        expect(theirs).toContain(A2_ON_15.progress);
        expect(theirs).toContain(ACCOUNTS.a2.username);
        await world.screenshot("a1", "08-a1-conflict");
        expect(world.rows()).toEqual(before);
      });

      test("keep mine resubmits on the new version and wins; the row's history shows both changes", async () => {
        const pane = page("a1");
        const syncs = await world.measure(
          "a1",
          "3",
          "保留我的 (resubmit on the new version)",
          () => click(pane, `${tid("keep-mine")}[data-seq="15"]`),
          BUDGETS.submit,
        );
        expect(syncs).toBeLessThanOrEqual(BUDGETS.submit);
        expect(await message(pane)).toEqual({
          kind: "success",
          text: zh("conflictResolved", { kept: 1, taken: 0 }),
        });
        expect(await pane.getAttribute(`${tid("result-item")}[data-seq="15"]`, "data-version")).toBe("3");
        await world.screenshot("a1", "09-a1-kept-mine");

        expect(world.rows().find((r) => r.seq === 15 && r.unit === "市科技局")).toMatchObject({
          ...A1_ON_15,
          version: 3,
          updatedBy: ACCOUNTS.a1.username,
        });
        const history = (await historyOf(15)).map((e) => ({
          unit: e.unit,
          version: e.version,
          by: e.changedBy,
          status: e.newStatus,
          old: e.oldProgress,
          new: e.newProgress,
        }));
        expect(history).toEqual([
          {
            unit: "市科技局",
            version: 1,
            by: ACCOUNTS.a1.username,
            status: "序时推进",
            old: null,
            new: A1_TEXT(15),
          },
          {
            unit: "市科技局",
            version: 2,
            by: ACCOUNTS.a2.username,
            status: A2_ON_15.status,
            old: A1_TEXT(15),
            new: A2_ON_15.progress,
          },
          {
            unit: "市科技局",
            version: 3,
            by: ACCOUNTS.a1.username,
            status: A1_ON_15.status,
            old: A2_ON_15.progress,
            new: A1_ON_15.progress,
          },
        ]);
      });
    });

    describe("4. writing another unit's task", () => {
      test("A1 sets the unit in the hidden _keywork sheet to 市财政局 and submits task 19: the server refuses (403), nothing stored", async () => {
        world.allow(403);
        const pane = page("a1");
        await forgeMetadata(pane, "unit", "市财政局");
        await type(pane, 19, "已完成", "改写:以财政局名义改写第19项的进展。");
        const rows = world.rows();
        const history = world.historyCount();
        // The pane cannot tell: the sheet's rows are all 市科技局's own. The server can.
        expect(await submit("a1", "4", "一键报送 → 403 (forged _keywork unit)")).toEqual([19]);
        const shown = await message(pane);
        expect(shown.kind).toBe("error");
        expect(shown.text).toMatch(/^无权执行此操作:只能查看和报送本单位\(市科技局\)的任务/u);
        await world.screenshot("a1", "10-a1-forged-unit-refused");
        expect(world.rows()).toEqual(rows);
        expect(world.historyCount()).toBe(history);
      });

      test("A1 rewrites a row as task 41 with 市科技局 in its unit column: 校验 on the computer that pulled the tasks refuses it before sending", async () => {
        const pane = page("a1");
        await pullMine("a1", "4");
        expect((await workbookOf(pane)).activeSheet).toBe(`${PERIOD} 市科技局 (3)`);
        const task41 = fixtureDocument()
          .sections.flatMap((s) => s.subsections.flatMap((ss) => ss.items))
          .find((x) => x.seq === 41)!;
        await rewriteRow(pane, 20, [
          41,
          task41.task,
          "序时推进",
          "以科技局名义填报第41项的进展情况。",
          "市科技局",
        ]);
        const rows = world.rows();
        await world.measure("a1", "4", "一键报送 → refused offline (prepare)", () => click(pane, "submit"));
        const shown = await message(pane);
        expect(shown.kind).toBe("error");
        expect(shown.text).toMatch(/^有 \d+ 个错误,请先改正再报送$/u);
        const flagged = await pane
          .locator(`${tid("issue-item")}[data-severity="error"]`)
          .evaluateAll((els) => els.map((li) => li.getAttribute("data-seq")));
        expect(flagged).toContain("41");
        expect(await pane.isVisible(tid("preview"))).toBe(false);
        await world.screenshot("a1", "11-a1-unit-column-caught-offline");
        expect(world.rows()).toEqual(rows);
      });

      test("the same workbook opened on another computer, with no cached tasks, reaches the server: refused (403), nothing stored", async () => {
        world.allow(403);
        // The file travels as .xlsx (e-mail): dumped from A1's stand-in, loaded into a fresh one.
        const file = await snapshotToXlsx(await workbookOf(page("a1")));
        const elsewhere = await world.anotherComputer("a1", await snapshotFromXlsx(file));
        await signIn(elsewhere, ACCOUNTS.a1.username, ACCOUNTS.a1.password);
        expect((await workbookOf(elsewhere)).activeSheet).toBe(`${PERIOD} 市科技局 (3)`);
        const rows = world.rows();
        const history = world.historyCount();
        await click(elsewhere, "submit");
        expect(
          await elsewhere
            .locator(tid("preview-item"))
            .evaluateAll((els) => els.map((li) => li.getAttribute("data-seq"))),
        ).toEqual(["41"]);
        await click(elsewhere, "confirm-submit");
        const shown = await message(elsewhere);
        expect(shown.kind).toBe("error");
        expect(shown.text).toMatch(/^无权执行此操作:序号 41 不是市科技局承担的任务/u);
        await elsewhere.screenshot({
          path: join(world.artifacts, "12-a1-other-computer-refused.png"),
          fullPage: true,
        });
        expect(world.rows()).toEqual(rows);
        expect(world.historyCount()).toBe(history);
      });
    });

    describe("5. lock and the merged sheet", () => {
      test("the coordinator locks the period; a reporter's submit then shows the locked message", async () => {
        world.allow(423);
        const coordinator = page("coordinator");
        await world.measure("coordinator", "5", "锁定 (lock)", () => click(coordinator, "lock"));
        expect(await message(coordinator)).toEqual({
          kind: "success",
          text: zh("lockedDone", { period: PERIOD }),
        });
        expect(await coordinator.isVisible(tid("unlock"))).toBe(true);
        await world.screenshot("coordinator", "13-coordinator-locked");

        const b = page("b");
        await type(b, 41, "已完成", "财政局第41项:截止日后补充的进展。");
        const rows = world.rows();
        expect(await submit("b", "5", "一键报送 → 423 locked (prepare + confirm)")).toEqual([41]);
        expect(await message(b)).toEqual({ kind: "error", text: zh("periodLocked", { period: PERIOD }) });
        await world.screenshot("b", "14-b-locked");
        expect(world.rows()).toEqual(rows);
      });

      test("the coordinator pulls the merged sheet: all 67 tasks, both units' text on task 19, missing units marked, a summary sheet with charts", async () => {
        const pane = page("coordinator");
        const syncs = await world.measure(
          "coordinator",
          "5",
          "拉取全市汇总 (pull merged)",
          () => click(pane, "pull-merged"),
          BUDGETS.pullMerged,
        );
        expect(syncs).toBeLessThanOrEqual(BUDGETS.pullMerged);
        expect(await message(pane)).toEqual({
          kind: "success",
          text: zh("mergedPulled", { sheet: PERIOD, summary: SUMMARY_SHEET }),
        });
        await world.screenshot("coordinator", "15-coordinator-merged");

        const book = await workbookOf(pane);
        expect(book.activeSheet).toBe(PERIOD);
        const merged = sheetOf(book, PERIOD);
        const planned = fixtureDocument().sections.flatMap((s) =>
          s.subsections.flatMap((ss) => ss.items.map((x) => x.seq)),
        );
        expect(seqsOf(merged)).toEqual(planned);
        expect(seqsOf(merged)).toHaveLength(67);
        const stored = world.rows();
        const text = (seq: number, unit: string) =>
          stored.find((r) => r.seq === seq && r.unit === unit)!.progress;
        // Task 19: each unit's text under its name.
        expect(rowOf(merged, 19)[3]).toBe(
          `【市科技局】${text(19, "市科技局")}\n【市财政局】${text(19, "市财政局")}`,
        );
        // Task 18: 市科技局 reported, xx市政府 did not.
        expect(rowOf(merged, 18)[3]).toBe(`【市科技局】${text(18, "市科技局")}\n【xx市政府】未报送`);
        // Task 41: 市财政局 reported, 市经济和信息化局 did not.
        expect(rowOf(merged, 41)[3]).toBe(`【市经济和信息化局】未报送\n【市财政局】${text(41, "市财政局")}`);
        // Nobody reported task 1.
        expect(rowOf(merged, 1)[2]).toBe("未报送");
        const reported = new Set(stored.map((r) => r.seq));
        expect(planned.filter((seq) => rowOf(merged, seq)[2] === "未报送")).toEqual(
          planned.filter((seq) => !reported.has(seq)),
        );

        // The summary sheet: status by section and coverage by unit, each with its chart over its rows.
        const summary = sheetOf(book, SUMMARY_SHEET);
        expect(summary.cells[0]![0]).toBe(`${TITLE} 汇总`);
        expect(summary.charts.map((c) => [c.type, c.title])).toEqual([
          ["ColumnStacked", zh("chartByStatus")],
          ["BarClustered", zh("chartByUnit")],
        ]);
        for (const chart of summary.charts) expect(chart.sourceRange).toMatch(/^汇总!A\d+:[A-Z]+\d+$/u);
        // The coordinator's coverage: 市科技局 and 市财政局 complete, the others not.
        const coverage = await pane
          .locator(tid("coverage-item"))
          .evaluateAll((els) =>
            els.map((li) => [li.getAttribute("data-unit"), li.getAttribute("data-complete")]),
          );
        expect(coverage).toContainEqual(["市科技局", "true"]);
        expect(coverage).toContainEqual(["市财政局", "true"]);
        expect(coverage).toContainEqual(["xx市政府", "false"]);
      });

      test("the stand-in's workbook dumped to .xlsx matches GET /merged.xlsx, cell by cell, on the merged sheet and the summary", async () => {
        const mine = await snapshotToXlsx(await workbookOf(page("coordinator")));
        const theirs = await download(`/periods/${PERIOD}/merged.xlsx`, world.people.coordinator.token);
        writeFileSync(join(world.artifacts, "merged-from-task-pane.xlsx"), mine);
        writeFileSync(join(world.artifacts, "merged-from-server.xlsx"), theirs);
        const [a, b] = await Promise.all([readWorkbook(mine), readWorkbook(theirs)]);
        for (const name of [PERIOD, SUMMARY_SHEET]) {
          const left = a.getWorksheet(name);
          const right = b.getWorksheet(name);
          expect(left, `stand-in sheet ${name}`).toBeDefined();
          expect(right, `server sheet ${name}`).toBeDefined();
          // Every cell's value over both used areas (a merged area's value in its top-left cell), and
          // the merged areas themselves.
          expect(values(left!)).toEqual(values(right!));
          expect(merges(left!)).toEqual(merges(right!));
        }
        // Not two empty sheets alike: the merged sheet has the 67 tasks, the summary a row per section.
        const tasks = values(a.getWorksheet(PERIOD)!).filter((row) => typeof row[0] === "number");
        expect(tasks).toHaveLength(67);
        const sections = fixtureDocument().sections.length;
        expect(values(a.getWorksheet(SUMMARY_SHEET)!).length).toBeGreaterThan(sections + 3);
      });
    });
  });
}

// ------------------------------------------------------------------ workbook comparison

async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}

type Plain = string | number | boolean | null;

/** The sheet's values as a rectangle, trailing empty rows and columns dropped; text, numbers, booleans. */
function values(sheet: ExcelJS.Worksheet): Plain[][] {
  const grid: Plain[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row: Plain[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const cell = sheet.getCell(r, c);
      // exceljs reads a merged area's value in each of its cells: keep it in the top-left one only.
      const slave = cell.isMerged && cell.master.address !== cell.address;
      row.push(slave ? null : plain(cell.value));
    }
    while (row.length > 0 && row[row.length - 1] === null) row.pop();
    grid.push(row);
  }
  while (grid.length > 0 && grid[grid.length - 1]!.length === 0) grid.pop();
  return grid;
}

function plain(value: ExcelJS.CellValue): Plain {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return value.toISOString();
  if ("richText" in value) return value.richText.map((run) => run.text).join("");
  if ("formula" in value) return plain((value.result ?? null) as ExcelJS.CellValue);
  if ("text" in value) return String(value.text);
  if ("error" in value) return String(value.error);
  return JSON.stringify(value);
}

function merges(sheet: ExcelJS.Worksheet): string[] {
  return [...(sheet.model.merges ?? [])].sort();
}
