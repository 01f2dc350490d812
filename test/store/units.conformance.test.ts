// The unit directory's store contract (saveUnits, mergeUnits for rename and merge, listRetiredUnits)
// and the rollover's openPeriod, every adapter: SQLite always, SQL Server when configured.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../schema/index.ts";
import { DEFAULT_VOCABULARY } from "../../schema/statuses.ts";
import { PeriodExistsError, type NewAuditEntry, type Store } from "../../sync-server/store/store.ts";
import { T0, at, period, row, submission, units, user } from "./data.ts";
import { ADAPTERS, type StoreHarness } from "./harness.ts";

const KJJ = "市科技局";
const CZJ = "市财政局";
const SWJ = "市商务局";
const COUNTY = "xx县政府";

const audit = (action: string, target: string): NewAuditEntry => ({
  at: T0,
  actor: "cli:test",
  action,
  target,
  detail: null,
});

/** Task 1 shared by 市科技局 and 市财政局, task 2 of 市商务局, task 3 naming xx县政府 twice (redacted source). */
const smallPlan = (): Plan => ({
  title: "测试计划",
  sections: [
    {
      no: "一",
      title: "任务",
      subsections: [
        {
          title: null,
          items: [
            { seq: 1, task: "第一项。", units: [KJJ, CZJ] },
            { seq: 2, task: "第二项。", units: [SWJ] },
            { seq: 3, task: "第三项。", units: [COUNTY, COUNTY, KJJ] },
          ],
        },
      ],
    },
  ],
});

const taskUnits = async (store: Store, periodId: string) => {
  const p = (await store.getPeriod(periodId))!;
  const plan = (await store.getPlan(p.planId))!;
  return plan.sections[0]!.subsections[0]!.items.map((t) => t.units);
};

describe.each(ADAPTERS)("$name store unit directory", (adapter) => {
  describe.skipIf(!adapter.enabled)("conforms to the Store contract", () => {
    let h: StoreHarness;
    beforeAll(async () => {
      h = adapter.harness();
      await h.setUp();
    }, 300_000);
    afterEach(async () => h.afterEach());
    afterAll(async () => h?.dispose());

    it("saveUnits adds new units at the end and updates listed ones, keeping the others", async () => {
      const store = await h.fresh();
      await store.saveUnits(
        [
          { name: "甲局", kind: "bureau", aliases: ["甲"] },
          { name: "乙局", kind: "bureau", aliases: [] },
        ],
        audit("units.import", "2"),
      );
      await store.saveUnits(
        [
          { name: "丙局", kind: "zone", aliases: [] },
          { name: "甲局", kind: "other", aliases: ["甲甲"] },
        ],
        audit("units.import", "2"),
      );
      expect(await store.listUnits()).toEqual([
        { name: "甲局", kind: "other", aliases: ["甲甲"] },
        { name: "乙局", kind: "bureau", aliases: [] },
        { name: "丙局", kind: "zone", aliases: [] },
      ]);
    });

    it("saveUnits moves an alias to the unit that now lists it, and writes its audit entry", async () => {
      const store = await h.fresh();
      await store.saveUnits(
        [
          { name: "甲局", kind: "bureau", aliases: ["简称"] },
          { name: "乙局", kind: "bureau", aliases: [] },
        ],
        audit("units.import", "2"),
      );
      await store.saveUnits(
        [{ name: "乙局", kind: "bureau", aliases: ["简称"] }],
        audit("unit.update", "乙局"),
      );
      expect((await store.listUnits()).map((u) => [u.name, u.aliases])).toEqual([
        ["甲局", []],
        ["乙局", ["简称"]],
      ]);
      expect((await store.listAudit({ limit: 10 })).map((e) => e.action)).toEqual([
        "unit.update",
        "units.import",
      ]);
    });

    it("a directory already read is read again after another process saves, renames or merges", async () => {
      const store = await h.fresh();
      await store.replaceUnits(units());
      const before = await store.listUnits();
      expect(await store.listUnits()).toEqual(before);
      const other = await h.another();
      await other.saveUnits([{ name: SWJ, kind: "bureau", aliases: ["商务局"] }], audit("unit.save", SWJ));
      expect((await store.listUnits()).find((u) => u.name === SWJ)!.aliases).toEqual(["商务局"]);
      await other.mergeUnits(
        { from: [KJJ], into: "市科学技术局", kind: "bureau", at: at(5) },
        audit("unit.rename", KJJ),
      );
      const names = (await store.listUnits()).map((u) => u.name);
      expect(names).toContain("市科学技术局");
      expect(names).not.toContain(KJJ);
    });

    it("hands out a directory that cannot be changed by its reader", async () => {
      const store = await h.fresh();
      await store.replaceUnits(units());
      const listed = await store.listUnits();
      expect(() => (listed as { name: string }[]).push({ name: "x" })).toThrow(TypeError);
      expect(() => (listed[0]!.aliases as string[]).push("x")).toThrow(TypeError);
      expect((await store.listUnits()).length).toBe(units().length);
    });

    it("a rename retires the old name, makes it an alias, and moves accounts", async () => {
      const store = await h.fresh();
      await store.replaceUnits(units());
      const reporter = await user(store, KJJ);
      const outcome = await store.mergeUnits(
        { from: [KJJ], into: "市科学技术局", kind: "bureau", at: at(5) },
        audit("unit.rename", KJJ),
      );
      expect(outcome).toMatchObject({ periods: [], users: 1 });
      const listed = await store.listUnits();
      expect(listed.map((u) => u.name)).not.toContain(KJJ);
      expect(listed.find((u) => u.name === "市科学技术局")).toEqual({
        name: "市科学技术局",
        kind: "bureau",
        aliases: [KJJ],
      });
      expect(await store.listRetiredUnits()).toEqual([
        { name: KJJ, kind: "bureau", retiredInto: "市科学技术局", retiredAt: at(5) },
      ]);
      expect((await store.findUserById(reporter.id))!.unit).toBe("市科学技术局");
      expect(await store.listAudit({ limit: 1 })).toMatchObject([{ action: "unit.rename", target: KJJ }]);
    });

    it("a rename keeps the new name in the old one's place in the directory", async () => {
      const store = await h.fresh();
      await store.replaceUnits(units());
      const before = (await store.listUnits()).map((u) => u.name);
      await store.mergeUnits(
        { from: [KJJ], into: "市科学技术局", kind: "bureau", at: at(5) },
        audit("unit.rename", KJJ),
      );
      expect((await store.listUnits()).map((u) => u.name)).toEqual(
        before.map((n) => (n === KJJ ? "市科学技术局" : n)),
      );
    });

    it("an open period gets a new plan version with the new name; the old plan is not changed", async () => {
      const store = await h.fresh();
      await store.replaceUnits(units());
      const open = await store.publishPlan(smallPlan(), DEFAULT_VOCABULARY, period("2022-H2"), T0);
      const outcome = await store.mergeUnits(
        { from: [KJJ], into: "市科学技术局", kind: "bureau", at: at(5) },
        audit("unit.rename", KJJ),
      );
      expect(outcome.periods).toEqual(["2022-H2"]);
      const moved = (await store.getPeriod("2022-H2"))!;
      expect(moved.planId).not.toBe(open.planId);
      expect(await taskUnits(store, "2022-H2")).toEqual([
        ["市科学技术局", CZJ],
        [SWJ],
        [COUNTY, COUNTY, "市科学技术局"],
      ]);
      // The published plan itself is as it was (every process caches plans by id).
      const old = (await store.getPlan(open.planId))!;
      expect(old.sections[0]!.subsections[0]!.items[0]!.units).toEqual([KJJ, CZJ]);
      expect((await store.getPlan(moved.planId))!.title).toBe(old.title);
    });

    it("a locked period keeps its plan, its report rows and its returns under the old name", async () => {
      const store = await h.fresh();
      await store.replaceUnits(units());
      const past = await store.publishPlan(smallPlan(), DEFAULT_VOCABULARY, period("2022-H1"), T0);
      const reporter = await user(store, KJJ);
      await store.applySubmission(submission(reporter, [row(1, 0, "上半年科技局进展。")]));
      await store.createReturn({
        periodId: "2022-H1",
        seq: 1,
        unit: KJJ,
        comment: "请补充",
        createdBy: "c",
        at: at(2),
      });
      await store.setPeriodLocked("2022-H1", true);
      const outcome = await store.mergeUnits(
        { from: [KJJ], into: "市科学技术局", kind: "bureau", at: at(5) },
        audit("unit.rename", KJJ),
      );
      expect(outcome).toMatchObject({ periods: [], reports: 0, returns: 0 });
      expect((await store.getPeriod("2022-H1"))!.planId).toBe(past.planId);
      expect((await store.listReports("2022-H1")).map((r) => r.unit)).toEqual([KJJ]);
      expect((await store.listReturns("2022-H1")).map((r) => r.unit)).toEqual([KJJ]);
      expect((await store.history("2022-H1", 1)).map((e) => e.unit)).toEqual([KJJ]);
    });

    it("report rows and open returns of an open period move; resolved returns and the history stay", async () => {
      const store = await h.fresh();
      await store.replaceUnits(units());
      await store.publishPlan(smallPlan(), DEFAULT_VOCABULARY, period("2022-H1"), T0);
      const reporter = await user(store, KJJ);
      await store.createReturn({
        periodId: "2022-H1",
        seq: 1,
        unit: KJJ,
        comment: "已改",
        createdBy: "c",
        at: at(1),
      });
      await store.applySubmission(submission(reporter, [row(1, 0, "科技局进展。")], { at: at(2) }));
      await store.createReturn({
        periodId: "2022-H1",
        seq: 3,
        unit: KJJ,
        comment: "请补充",
        createdBy: "c",
        at: at(3),
      });
      const outcome = await store.mergeUnits(
        { from: [KJJ], into: "市科学技术局", kind: "bureau", at: at(5) },
        audit("unit.rename", KJJ),
      );
      expect(outcome).toMatchObject({ periods: ["2022-H1"], reports: 1, returns: 1 });
      expect(await store.listReports("2022-H1")).toMatchObject([
        { seq: 1, unit: "市科学技术局", progress: "科技局进展。", version: 1 },
      ]);
      expect((await store.listReturns("2022-H1")).map((r) => [r.seq, r.unit])).toEqual([
        [1, KJJ],
        [3, "市科学技术局"],
      ]);
      expect((await store.history("2022-H1", 1)).map((e) => e.unit)).toEqual([KJJ]);
    });

    it("a merge into a new unit: both names become its aliases, a shared task names it once, the latest row stays", async () => {
      const store = await h.fresh();
      await store.replaceUnits(units());
      await store.publishPlan(smallPlan(), DEFAULT_VOCABULARY, period("2022-H1"), T0);
      const kjj = await user(store, KJJ);
      const czj = await user(store, CZJ);
      await store.applySubmission(submission(kjj, [row(1, 0, "科技局的文字。")], { at: at(1) }));
      await store.applySubmission(submission(czj, [row(1, 0, "财政局的文字，更晚。")], { at: at(2) }));
      const outcome = await store.mergeUnits(
        { from: [KJJ, CZJ], into: "市科技财政局", kind: "bureau", at: at(5) },
        audit("unit.merge", "市科技财政局"),
      );
      expect(outcome).toMatchObject({ periods: ["2022-H1"], users: 2, reports: 1 });
      expect(await taskUnits(store, "2022-H1")).toEqual([
        ["市科技财政局"],
        [SWJ],
        [COUNTY, COUNTY, "市科技财政局"],
      ]);
      expect(await store.listReports("2022-H1")).toMatchObject([
        { seq: 1, unit: "市科技财政局", progress: "财政局的文字，更晚。" },
      ]);
      const merged = (await store.listUnits()).find((u) => u.name === "市科技财政局")!;
      expect([...merged.aliases].sort()).toEqual([CZJ, KJJ].sort());
      expect((await store.listRetiredUnits()).map((r) => r.name).sort()).toEqual([CZJ, KJJ].sort());
    });

    it("a merge into an existing unit keeps it and takes the other's aliases and earlier names", async () => {
      const store = await h.fresh();
      await store.replaceUnits(units());
      await store.mergeUnits(
        { from: [KJJ], into: "市科学技术局", kind: "bureau", at: at(1) },
        audit("unit.rename", KJJ),
      );
      await store.mergeUnits(
        { from: ["市科学技术局"], into: CZJ, kind: "bureau", at: at(2) },
        audit("unit.merge", CZJ),
      );
      const czj = (await store.listUnits()).find((u) => u.name === CZJ)!;
      expect([...czj.aliases].sort()).toEqual([KJJ, "市科学技术局"].sort());
      expect((await store.listRetiredUnits()).map((r) => [r.name, r.retiredInto])).toEqual([
        [KJJ, CZJ],
        ["市科学技术局", CZJ],
      ]);
    });

    it("openPeriod opens a period on a published plan, linked to the previous one, with its audit entry", async () => {
      const store = await h.fresh();
      await store.replaceUnits(units());
      const first = await store.publishPlan(smallPlan(), DEFAULT_VOCABULARY, period("2022-H1"), T0);
      const next = await store.openPeriod(
        { id: "2022-H2", title: "下半年", dueAt: "2022-12-31", previousPeriodId: "2022-H1" },
        first.planId,
        at(10),
        audit("period.new", "2022-H2"),
      );
      expect(next).toMatchObject({
        id: "2022-H2",
        title: "下半年",
        planId: first.planId,
        dueAt: "2022-12-31",
        locked: false,
        previousPeriodId: "2022-H1",
        createdAt: at(10),
      });
      expect(await store.listAudit({ limit: 5 })).toMatchObject([
        { action: "period.new", target: "2022-H2" },
      ]);
      await expect(
        store.openPeriod(
          { id: "2022-H2", title: "again", dueAt: null, previousPeriodId: null },
          first.planId,
          at(11),
          audit("period.new", "2022-H2"),
        ),
      ).rejects.toBeInstanceOf(PeriodExistsError);
      expect(await store.listAudit({ limit: 5 })).toHaveLength(1);
    });
  });
});
