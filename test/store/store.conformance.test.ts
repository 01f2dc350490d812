// One store contract, every adapter: SQLite always, SQL Server when KEYWORK_TEST_MSSQL_URL is set.
// Each test starts from an empty, migrated database (harness.ts).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_VOCABULARY } from "../../schema/statuses.ts";
import { readMigrations } from "../../sync-server/store/migrations.ts";
import { splitBatches } from "../../sync-server/store/mssql/batches.ts";
import {
  PeriodExistsError,
  UnknownUnitError,
  UsernameTakenError,
  type Store,
  type SubmissionOutcome,
} from "../../sync-server/store/store.ts";
import { LEAD, T0, at, bigPlan, fixturePlan, period, row, seeded, submission, units, user } from "./data.ts";
import { ADAPTERS, MSSQL_SKIPPED_LINE, MSSQL_URL, type StoreHarness } from "./harness.ts";

if (MSSQL_URL === undefined) console.log(MSSQL_SKIPPED_LINE);

/** Code-point order (SQLite's BINARY order), the order aliases are listed in. */
const byCodePoint = (list: string[]) =>
  [...list].sort((a, b) => {
    const x = [...a].map((c) => c.codePointAt(0)!);
    const y = [...b].map((c) => c.codePointAt(0)!);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  });

const OTHER = "市商务局";

describe.each(ADAPTERS)("$name store", (adapter) => {
  describe.skipIf(!adapter.enabled)("conforms to the Store contract", () => {
    let h: StoreHarness;
    // Creating a database takes a few seconds on SQL Server (minutes on Azure SQL Database).
    beforeAll(async () => {
      h = adapter.harness();
      await h.setUp();
    }, 300_000);
    afterEach(async () => h.afterEach());
    afterAll(async () => h?.dispose());

    describe("migrations", () => {
      it("applies every migration once; migrating again is a no-op", { timeout: 300_000 }, async () => {
        const store = await h.unmigrated();
        expect(await store.migrate()).toEqual(adapter.migrations);
        expect(await store.migrate()).toEqual([]);
        await store.replaceUnits(units());
        expect(await store.migrate()).toEqual([]);
        expect((await store.listUnits()).length).toBe(units().length);
        await store.ping();
      });

      if (adapter.name === "mssql") {
        it("runs every migration file again by hand (as sqlcmd would) without error or change", async () => {
          const store = await h.fresh();
          await store.replaceUnits(units());
          for (const migration of readMigrations(
            new URL("../../sync-server/store/mssql/migrations/", import.meta.url),
          )) {
            for (const batch of splitBatches(migration.sql)) await h.raw(batch.text);
          }
          expect(await store.migrate()).toEqual([]);
          expect((await store.listUnits()).length).toBe(units().length);
        });
      }

      it("a fresh store is empty and answers ping", async () => {
        const store = await h.fresh();
        await store.ping();
        expect(store.dialect).toBe(adapter.name);
        expect(await store.listUnits()).toEqual([]);
        expect(await store.listPeriods()).toEqual([]);
        expect(await store.countUsers()).toBe(0);
        expect(await store.getPlan(1)).toBeNull();
        expect(await store.getPeriod("2022-H1")).toBeNull();
      });
    });

    describe("units", () => {
      it("stores the directory in order with its aliases", async () => {
        const store = await h.fresh();
        const directory = units();
        await store.replaceUnits(directory);
        expect(await store.listUnits()).toEqual(
          directory.map((u) => ({ ...u, aliases: byCodePoint(u.aliases) })),
        );
      });

      it("replaces kinds, positions and aliases; keeps unlisted units and the aliases they hold", async () => {
        const store = await h.fresh();
        await store.replaceUnits([
          { name: "市发展改革委", kind: "bureau", aliases: ["市发改委", "发改委"] },
          { name: "市商务局", kind: "bureau", aliases: [] },
          { name: "xx县政府", kind: "county", aliases: ["xx县"] },
        ]);
        expect(await store.listUnits()).toEqual([
          { name: "市发展改革委", kind: "bureau", aliases: ["发改委", "市发改委"] },
          { name: "市商务局", kind: "bureau", aliases: [] },
          { name: "xx县政府", kind: "county", aliases: ["xx县"] },
        ]);
        // xx县政府 moves first and takes 发改委 from 市发展改革委, which is listed after it.
        await store.replaceUnits([
          { name: "xx县政府", kind: "district", aliases: ["xx县", "发改委"] },
          { name: "市发展改革委", kind: "bureau", aliases: ["市发改委"] },
        ]);
        expect(await store.listUnits()).toEqual([
          { name: "xx县政府", kind: "district", aliases: ["xx县", "发改委"] },
          // 市发展改革委 now has position 1, like the unlisted 市商务局 kept from before: ties go by name.
          { name: "市发展改革委", kind: "bureau", aliases: ["市发改委"] },
          { name: "市商务局", kind: "bureau", aliases: [] },
        ]);
        // An alias held by a unit not in the list stays with it; the first claim in a list wins.
        await store.replaceUnits([
          { name: "市商务局", kind: "bureau", aliases: ["市发改委", "商务局", "口岸办"] },
          { name: "市口岸办", kind: "bureau", aliases: ["口岸办"] },
        ]);
        const listed = await store.listUnits();
        expect(listed.find((u) => u.name === "市商务局")!.aliases).toEqual(["口岸办", "商务局"]);
        expect(listed.find((u) => u.name === "市口岸办")!.aliases).toEqual([]);
        expect(listed.find((u) => u.name === "市发展改革委")!.aliases).toEqual(["市发改委"]);
      });

      it("compares names exactly: case, width and full-width punctuation all count", async () => {
        const store = await h.fresh();
        const names = [
          "Abc局",
          "abc局",
          "ＡＢＣ局",
          "市自然资源和规划局(林业局)",
          "市自然资源和规划局（林业局）",
          "𠀀县政府",
        ];
        await store.replaceUnits(names.map((name) => ({ name, kind: "bureau", aliases: [`${name}简称`] })));
        expect((await store.listUnits()).map((u) => [u.name, u.aliases])).toEqual(
          names.map((n) => [n, [`${n}简称`]]),
        );
      });
    });

    describe("users", () => {
      it("creates, finds and counts users", async () => {
        const store = await h.fresh();
        await store.replaceUnits(units());
        const created = await store.createUser({
          username: "fgw.li",
          name: "李明",
          unit: LEAD,
          role: "reporter",
          passwordHash: "scrypt$16384$8$1$c2FsdA$aGFzaA",
        });
        expect(created).toEqual({
          id: expect.any(Number),
          username: "fgw.li",
          name: "李明",
          unit: LEAD,
          role: "reporter",
          passwordHash: "scrypt$16384$8$1$c2FsdA$aGFzaA",
          disabled: false,
          mustChangePassword: false,
          phone: null,
          email: null,
        });
        const coordinator = await store.createUser({
          username: "duchashi",
          name: "督查室",
          unit: null,
          role: "coordinator",
          passwordHash: "x",
        });
        expect(coordinator.unit).toBeNull();
        expect(await store.findUserByUsername("fgw.li")).toEqual(created);
        expect(await store.findUserById(created.id)).toEqual(created);
        expect(await store.findUserByUsername("nobody")).toBeNull();
        expect(await store.findUserById(created.id + 1000)).toBeNull();
        expect(await store.countUsers()).toBe(2);
      });

      it("refuses a taken username (UsernameTakenError) and an unknown unit (UnknownUnitError)", async () => {
        const store = await h.fresh();
        await store.replaceUnits(units());
        await store.createUser({
          username: "alice",
          name: "A",
          unit: LEAD,
          role: "reporter",
          passwordHash: "x",
        });
        await expect(
          store.createUser({ username: "alice", name: "B", unit: OTHER, role: "viewer", passwordHash: "y" }),
        ).rejects.toBeInstanceOf(UsernameTakenError);
        const unknown = store.createUser({
          username: "bob",
          name: "B",
          unit: "市不存在局",
          role: "reporter",
          passwordHash: "x",
        });
        await expect(unknown).rejects.toBeInstanceOf(UnknownUnitError);
        await expect(unknown).rejects.toMatchObject({ unit: "市不存在局" });
        // Usernames compare exactly, as SQLite compares them.
        const upper = await store.createUser({
          username: "Alice",
          name: "C",
          unit: LEAD,
          role: "viewer",
          passwordHash: "z",
        });
        expect(upper.username).toBe("Alice");
        expect(await store.countUsers()).toBe(2);
      });

      it("keeps a changed password", async () => {
        const store = await h.fresh();
        const u = await store.createUser({
          username: "carol",
          name: "C",
          unit: null,
          role: "viewer",
          passwordHash: "old",
        });
        await store.setPassword(u.id, "new");
        expect((await store.findUserByUsername("carol"))!.passwordHash).toBe("new");
      });
    });

    describe("tokens", () => {
      it("finds a token until it expires, with its user; forgets a deleted one", async () => {
        const store = await h.fresh();
        const u = await store.createUser({
          username: "dave",
          name: "D",
          unit: null,
          role: "coordinator",
          passwordHash: "x",
        });
        const session = {
          hash: "a".repeat(64),
          userId: u.id,
          kind: "session" as const,
          createdAt: T0,
          expiresAt: at(60),
        };
        const api = {
          hash: "b".repeat(64),
          userId: u.id,
          kind: "api" as const,
          createdAt: T0,
          expiresAt: null,
        };
        await store.createToken(session);
        await store.createToken(api);
        expect(await store.findToken(session.hash, at(59))).toEqual({ token: session, user: u });
        expect(await store.findToken(session.hash, at(60))).toBeNull();
        expect(await store.findToken(session.hash, at(61))).toBeNull();
        expect(await store.findToken(api.hash, "2099-01-01T00:00:00.000Z")).toEqual({ token: api, user: u });
        expect(await store.findToken("c".repeat(64), T0)).toBeNull();
        await store.deleteToken(session.hash);
        expect(await store.findToken(session.hash, T0)).toBeNull();
        expect(await store.findToken(api.hash, T0)).not.toBeNull();
      });

      it("purges expired tokens and old idempotency answers, and nothing else", async () => {
        const store = await h.fresh();
        const u = await store.createUser({
          username: "erin",
          name: "E",
          unit: null,
          role: "coordinator",
          passwordHash: "x",
        });
        const token = (hash: string, expiresAt: string | null) => ({
          hash,
          userId: u.id,
          kind: "session" as const,
          createdAt: T0,
          expiresAt,
        });
        await store.createToken(token("1".repeat(64), at(10)));
        await store.createToken(token("2".repeat(64), at(100)));
        await store.createToken({ ...token("3".repeat(64), null), kind: "api" });
        expect(await store.purgeExpired(at(50), T0)).toEqual({ tokens: 1, answers: 0 });
        expect(await store.findToken("2".repeat(64), at(50))).not.toBeNull();
        expect(await store.findToken("3".repeat(64), at(50))).not.toBeNull();

        await seeded(store);
        const submit = (key: string, at: string) =>
          store.applySubmission({
            periodId: "2022-H1",
            unit: "市科技局",
            user: { id: u.id, username: u.username },
            rows: [
              {
                seq: 9,
                status: "序时推进",
                progress: `进展 ${key}`,
                baseVersion: key === "old-key-1" ? 0 : 1,
              },
            ],
            idempotencyKey: key,
            requestHash: key,
            at,
          });
        expect((await submit("old-key-1", at(0))).kind).toBe("applied");
        expect((await submit("new-key-2", at(100))).kind).toBe("applied");
        expect(await store.purgeExpired(at(200), at(50))).toEqual({ tokens: 1, answers: 1 });
        // The old key is forgotten (a new request); the recent one still replays.
        expect((await submit("new-key-2", at(300))).kind).toBe("replayed");
        expect(await store.history("2022-H1", 9)).toHaveLength(2);
      });
    });

    describe("shared limits (sign-in counters, rate limits, leases)", () => {
      it("counts sign-in attempts per key with the attempt before, and starts again after expiry", async () => {
        const store = await h.fresh();
        expect(await store.countSigninAttempt(["n:kjj|a:1.2.3.4", "a:1.2.3.4"], at(0), at(15))).toEqual([
          { key: "n:kjj|a:1.2.3.4", failures: 1, previousAt: null },
          { key: "a:1.2.3.4", failures: 1, previousAt: null },
        ]);
        expect(await store.countSigninAttempt(["n:kjj|a:1.2.3.4"], at(1), at(16))).toEqual([
          { key: "n:kjj|a:1.2.3.4", failures: 2, previousAt: at(0) },
        ]);
        expect(await store.countSigninAttempt(["a:1.2.3.4"], at(2), at(17))).toEqual([
          { key: "a:1.2.3.4", failures: 2, previousAt: at(0) },
        ]);
        // Past its expiry (16) the key counts from 1 again.
        expect(await store.countSigninAttempt(["n:kjj|a:1.2.3.4"], at(16), at(31))).toEqual([
          { key: "n:kjj|a:1.2.3.4", failures: 1, previousAt: null },
        ]);
        await store.clearSigninAttempts("n:kjj|a:1.2.3.4");
        expect((await store.countSigninAttempt(["n:kjj|a:1.2.3.4"], at(16), at(31)))[0]!.failures).toBe(1);
        // The address key was not cleared (expires at 17).
        expect((await store.countSigninAttempt(["a:1.2.3.4"], at(16), at(31)))[0]!.failures).toBe(3);
      });

      it("peeks at unexpired counters and claims a slot with compare-and-set", async () => {
        const store = await h.fresh();
        const other = await h.another();
        await store.countSigninAttempt(["n:a|a:1", "a:1"], at(0), at(15));
        await store.countSigninAttempt(["n:a|a:1"], at(1), at(16));
        expect(await store.peekSignin(["n:a|a:1", "a:1", "a:2"], at(2))).toEqual([
          { key: "n:a|a:1", failures: 2, lastAt: at(1) },
          { key: "a:1", failures: 1, lastAt: at(0) },
        ]);
        expect(await store.peekSignin(["a:1"], at(15))).toEqual([]);
        const claims = await Promise.all([
          store.claimSignin("n:a|a:1", at(1), at(3)),
          other.claimSignin("n:a|a:1", at(1), at(3)),
        ]);
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect((await store.peekSignin(["n:a|a:1"], at(3)))[0]!.lastAt).toBe(at(3));
      });

      it("counts every one of 40 simultaneous sign-in attempts made through several handles", async () => {
        const store = await h.fresh();
        const stores = [store, ...(await Promise.all(Array.from({ length: 3 }, () => h.another())))];
        const counts = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            stores[i % stores.length]!.countSigninAttempt(["n:coordinator|a:9.9.9.9"], at(1), at(15)),
          ),
        );
        // Each attempt saw a different count: none was lost or counted twice.
        expect(counts.map((c) => c[0]!.failures).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 40 }, (_, i) => i + 1),
        );
      });

      it("counts requests in the caller's window; after the window a new one starts", async () => {
        const store = await h.fresh();
        const other = await h.another();
        // Windows of one minute: a window that started after `windowAfter` (now − 1 min) goes on.
        const hit = (s: Store, key: string, minute: number) =>
          s.hitRateLimit(key, at(minute), at(minute - 1));
        expect(await hit(store, "a:1.2.3.4", 10)).toEqual({ hits: 1, windowStart: at(10) });
        expect(await hit(other, "a:1.2.3.4", 10.5)).toEqual({ hits: 2, windowStart: at(10) });
        expect(await hit(store, "u:7", 10.5)).toEqual({ hits: 1, windowStart: at(10.5) });
        expect(await hit(store, "a:1.2.3.4", 11)).toEqual({ hits: 1, windowStart: at(11) });
        const hits = await Promise.all(
          Array.from({ length: 30 }, (_, i) => hit([store, other][i % 2]!, "u:8", 20)),
        );
        expect(hits.map((x) => x.hits).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 30 }, (_, i) => i + 1),
        );
      });

      it("purges expired sign-in counters and ended rate windows only", async () => {
        const store = await h.fresh();
        await store.countSigninAttempt(["a:old"], at(0), at(10));
        await store.countSigninAttempt(["a:new"], at(0), at(30));
        await store.hitRateLimit("a:old", at(5), at(4));
        await store.hitRateLimit("a:new", at(19.5), at(18.5));
        expect(await store.purgeLimits(at(20), at(19))).toEqual({ signins: 1, rateLimits: 1 });
        expect(await store.purgeLimits(at(20), at(19))).toEqual({ signins: 0, rateLimits: 0 });
        expect((await store.countSigninAttempt(["a:new"], at(21), at(40)))[0]!.failures).toBe(2);
        expect((await store.hitRateLimit("a:new", at(20), at(19))).hits).toBe(2);
      });

      it("gives a lease to one holder until it expires; the holder renews and releases it", async () => {
        const store = await h.fresh();
        const other = await h.another();
        expect(await store.acquireLease("housekeeping", "p1", at(0), at(50))).toBe(true);
        expect(await other.acquireLease("housekeeping", "p2", at(10), at(60))).toBe(false);
        expect(await store.acquireLease("housekeeping", "p1", at(20), at(70))).toBe(true);
        expect(await other.acquireLease("housekeeping", "p2", at(60), at(110))).toBe(false);
        expect(await other.acquireLease("housekeeping", "p2", at(70), at(120))).toBe(true);
        await store.releaseLease("housekeeping", "p1"); // not p1's any more: nothing happens
        expect(await store.acquireLease("housekeeping", "p1", at(80), at(130))).toBe(false);
        await other.releaseLease("housekeeping", "p2");
        expect(await store.acquireLease("housekeeping", "p1", at(80), at(130))).toBe(true);
      });

      it("gives a free lease to exactly one of many processes asking at once", async () => {
        const store = await h.fresh();
        const stores = [store, ...(await Promise.all(Array.from({ length: 3 }, () => h.another())))];
        const taken = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            stores[i % stores.length]!.acquireLease("housekeeping", `p${i}`, at(0), at(50)),
          ),
        );
        expect(taken.filter(Boolean)).toHaveLength(1);
      });
    });

    describe("plans and periods", () => {
      it("round-trips the fixture plan exactly, repeated units in their positions", async () => {
        const store = await h.fresh();
        const plan = fixturePlan();
        const p = await seeded(store);
        expect(p).toEqual({
          id: "2022-H1",
          title: "2022-H1 重点工作进展情况统计表",
          planId: expect.any(Number),
          dueAt: "2022-07-10",
          locked: false,
          previousPeriodId: null,
          createdAt: T0,
        });
        const stored = await store.getPlan(p.planId);
        expect(stored).toEqual({ ...plan, id: p.planId, vocabulary: DEFAULT_VOCABULARY });
        const repeated = plan.sections
          .flatMap((s) => s.subsections.flatMap((ss) => ss.items))
          .filter((t) => new Set(t.units).size < t.units.length);
        expect(repeated.length).toBeGreaterThan(0);
        const storedTasks = new Map(
          stored!.sections
            .flatMap((s) => s.subsections.flatMap((ss) => ss.items))
            .map((t) => [t.seq, t.units]),
        );
        for (const task of repeated) expect(storedTasks.get(task.seq)).toEqual(task.units);
      });

      it("refuses an existing period (PeriodExistsError) and an unknown unit (UnknownUnitError), storing nothing", async () => {
        const store = await h.fresh();
        const first = await seeded(store);
        await expect(
          store.publishPlan(fixturePlan(), DEFAULT_VOCABULARY, period("2022-H1"), at(5)),
        ).rejects.toBeInstanceOf(PeriodExistsError);
        const stray = bigPlan(2, "市不存在局");
        const refused = store.publishPlan(stray, DEFAULT_VOCABULARY, period("2022-07"), at(6));
        await expect(refused).rejects.toBeInstanceOf(UnknownUnitError);
        await expect(refused).rejects.toMatchObject({ unit: "市不存在局" });
        expect(await store.listPeriods()).toEqual([first]);
        expect(await store.getPlan(first.planId + 1)).toBeNull();
      });

      it("lists periods in creation order, keeps due dates as entered, locks and unlocks", async () => {
        const store = await h.fresh();
        await store.replaceUnits(units());
        const plan = fixturePlan();
        const h1 = await store.publishPlan(
          plan,
          DEFAULT_VOCABULARY,
          period("2021-H2", { dueAt: null, title: "2021下半年" }),
          at(0),
        );
        const q3 = await store.publishPlan(
          plan,
          DEFAULT_VOCABULARY,
          period("2022-Q3", { dueAt: "2022-10-10T16:00:00.000Z", previousPeriodId: "2021-H2" }),
          at(2),
        );
        const h2 = await store.publishPlan(
          plan,
          DEFAULT_VOCABULARY,
          period("2022-H1", { dueAt: "2022-07-10", previousPeriodId: "2021-H2" }),
          at(2),
        );
        expect(h1).toMatchObject({ dueAt: null, title: "2021下半年", createdAt: at(0) });
        expect(q3).toMatchObject({ dueAt: "2022-10-10T16:00:00.000Z", previousPeriodId: "2021-H2" });
        expect(q3.planId).not.toBe(h1.planId);
        expect((await store.listPeriods()).map((p) => p.id)).toEqual(["2021-H2", "2022-H1", "2022-Q3"]);
        await store.setPeriodLocked("2022-H1", true);
        expect(await store.getPeriod("2022-H1")).toEqual({ ...h2, locked: true });
        await store.setPeriodLocked("2022-H1", false);
        expect(await store.getPeriod("2022-H1")).toEqual(h2);
      });
    });

    describe("submissions", () => {
      const applied = (outcome: SubmissionOutcome) => {
        if (outcome.kind !== "applied")
          throw new Error(`expected applied, got ${JSON.stringify(outcome).slice(0, 300)}`);
        return outcome.response;
      };

      async function setUp(store: Store) {
        await seeded(store);
        return user(store, LEAD);
      }

      it("inserts a first report at version 1 and updates it with the right base", async () => {
        const store = await h.fresh();
        const u = await setUp(store);
        expect(
          applied(await store.applySubmission(submission(u, [row(1, 0, "一季度增长5%。")], { at: at(1) }))),
        ).toEqual({
          rows: [{ seq: 1, version: 1, changed: true }],
        });
        expect(await store.listReports("2022-H1")).toEqual([
          {
            periodId: "2022-H1",
            seq: 1,
            unit: LEAD,
            status: "序时推进",
            progress: "一季度增长5%。",
            version: 1,
            updatedBy: u.username,
            updatedAt: at(1),
          },
        ]);
        expect(
          applied(
            await store.applySubmission(
              submission(u, [row(1, 1, "上半年增长6%。", "已完成")], { at: at(2) }),
            ),
          ),
        ).toEqual({
          rows: [{ seq: 1, version: 2, changed: true }],
        });
        expect(await store.listReports("2022-H1", LEAD)).toEqual([
          {
            periodId: "2022-H1",
            seq: 1,
            unit: LEAD,
            status: "已完成",
            progress: "上半年增长6%。",
            version: 2,
            updatedBy: u.username,
            updatedAt: at(2),
          },
        ]);
        expect(await store.history("2022-H1", 1)).toEqual([
          {
            id: expect.any(Number),
            periodId: "2022-H1",
            seq: 1,
            unit: LEAD,
            version: 1,
            oldStatus: null,
            oldProgress: null,
            newStatus: "序时推进",
            newProgress: "一季度增长5%。",
            changedBy: u.username,
            changedAt: at(1),
          },
          {
            id: expect.any(Number),
            periodId: "2022-H1",
            seq: 1,
            unit: LEAD,
            version: 2,
            oldStatus: "序时推进",
            oldProgress: "一季度增长5%。",
            newStatus: "已完成",
            newProgress: "上半年增长6%。",
            changedBy: u.username,
            changedAt: at(2),
          },
        ]);
        const [first, second] = await store.history("2022-H1", 1);
        expect(second!.id).toBeGreaterThan(first!.id);
      });

      it("refuses a row changed since its base (a conflict with theirs and mine) and writes nothing", async () => {
        const store = await h.fresh();
        const u = await setUp(store);
        const other = await user(store, LEAD);
        applied(await store.applySubmission(submission(u, [row(1, 0, "甲")], { at: at(1) })));
        applied(await store.applySubmission(submission(other, [row(1, 1, "乙")], { at: at(2) })));
        const outcome = await store.applySubmission(
          submission(u, [row(1, 1, "丙", "进度滞后")], { at: at(3) }),
        );
        expect(outcome).toEqual({
          kind: "conflict",
          conflicts: [
            {
              seq: 1,
              mine: { status: "进度滞后", progress: "丙", baseVersion: 1 },
              theirs: {
                status: "序时推进",
                progress: "乙",
                version: 2,
                updatedBy: other.username,
                updatedAt: at(2),
              },
            },
          ],
        });
        // A row never reported, sent with a base above 0, conflicts with an empty "theirs".
        expect(await store.applySubmission(submission(u, [row(2, 3, "丁")]))).toEqual({
          kind: "conflict",
          conflicts: [
            {
              seq: 2,
              mine: { status: "序时推进", progress: "丁", baseVersion: 3 },
              theirs: { status: "", progress: "", version: 0, updatedBy: null, updatedAt: null },
            },
          ],
        });
        expect(await store.listReports("2022-H1")).toMatchObject([{ seq: 1, progress: "乙", version: 2 }]);
        expect(await store.history("2022-H1", 1)).toHaveLength(2);
        expect(await store.history("2022-H1", 2)).toEqual([]);
      });

      it("leaves an unchanged row alone, whatever its base; any difference, trailing space or case, is a change", async () => {
        const store = await h.fresh();
        const u = await setUp(store);
        applied(await store.applySubmission(submission(u, [row(1, 0, "abc")], { at: at(1) })));
        // Same content, stale base: not a conflict, nothing written.
        expect(
          applied(await store.applySubmission(submission(u, [row(1, 0, "abc")], { at: at(2) }))),
        ).toEqual({ rows: [{ seq: 1, version: 1, changed: false }] });
        expect(
          applied(await store.applySubmission(submission(u, [row(1, 1, "abc")], { at: at(3) }))),
        ).toEqual({ rows: [{ seq: 1, version: 1, changed: false }] });
        expect(await store.listReports("2022-H1")).toMatchObject([{ version: 1, updatedAt: at(1) }]);
        expect(await store.history("2022-H1", 1)).toHaveLength(1);
        // SQL's = ignores trailing spaces and a _CI_ collation ignores case; the store must not.
        expect((await store.applySubmission(submission(u, [row(1, 0, "abc ")]))).kind).toBe("conflict");
        expect(
          applied(await store.applySubmission(submission(u, [row(1, 1, "abc ")], { at: at(4) }))),
        ).toEqual({ rows: [{ seq: 1, version: 2, changed: true }] });
        expect(
          applied(await store.applySubmission(submission(u, [row(1, 2, "ABC ")], { at: at(5) }))),
        ).toEqual({ rows: [{ seq: 1, version: 3, changed: true }] });
        expect((await store.listReports("2022-H1"))[0]).toMatchObject({ progress: "ABC ", version: 3 });
      });

      it("is all or nothing: one conflicting row refuses the whole batch", async () => {
        const store = await h.fresh();
        const u = await setUp(store);
        applied(await store.applySubmission(submission(u, [row(2, 0, "二")], { at: at(1) })));
        applied(await store.applySubmission(submission(u, [row(2, 1, "二改")], { at: at(2) })));
        const outcome = await store.applySubmission(
          submission(u, [row(1, 0, "一"), row(2, 1, "二再改"), row(3, 0, "三")], { at: at(3) }),
        );
        expect(outcome.kind).toBe("conflict");
        expect(outcome.kind === "conflict" && outcome.conflicts.map((c) => c.seq)).toEqual([2]);
        expect((await store.listReports("2022-H1")).map((r) => [r.seq, r.progress, r.version])).toEqual([
          [2, "二改", 2],
        ]);
        expect(await store.history("2022-H1", 1)).toEqual([]);
        expect(await store.history("2022-H1", 3)).toEqual([]);
      });

      it("answers rows in the order sent, lists reports by 序号 then unit", async () => {
        const store = await h.fresh();
        const u = await setUp(store);
        const v = await user(store, OTHER);
        expect(
          applied(
            await store.applySubmission(submission(u, [row(5, 0, "五"), row(1, 0, "一"), row(3, 0, "三")])),
          ),
        ).toEqual({
          rows: [
            { seq: 5, version: 1, changed: true },
            { seq: 1, version: 1, changed: true },
            { seq: 3, version: 1, changed: true },
          ],
        });
        applied(await store.applySubmission(submission(v, [row(3, 0, "商务三"), row(2, 0, "商务二")])));
        expect((await store.listReports("2022-H1")).map((r) => [r.seq, r.unit])).toEqual([
          [1, LEAD],
          [2, OTHER],
          [3, LEAD],
          [3, OTHER],
          [5, LEAD],
        ]);
        expect((await store.listReports("2022-H1", OTHER)).map((r) => r.seq)).toEqual([2, 3]);
        expect(await store.listReports("2021-H2")).toEqual([]);
      });

      it("answers a retry with the first answer, refuses a reused key with another body, keeps keys per user", async () => {
        const store = await h.fresh();
        const u = await setUp(store);
        const v = await user(store, LEAD);
        const first = submission(u, [row(1, 0, "一")], { key: "key-0001-abcdef", hash: "h1", at: at(1) });
        const answer = applied(await store.applySubmission(first));
        expect(await store.applySubmission({ ...first, at: at(2) })).toEqual({
          kind: "replayed",
          response: answer,
        });
        expect(await store.applySubmission({ ...first, requestHash: "h2", rows: [row(1, 1, "改")] })).toEqual(
          { kind: "key-reused" },
        );
        expect(await store.history("2022-H1", 1)).toHaveLength(1);
        // Keys are exact: another case is another key.
        expect(
          (
            await store.applySubmission(
              submission(u, [row(1, 1, "改")], { key: "KEY-0001-ABCDEF", hash: "h3", at: at(3) }),
            )
          ).kind,
        ).toBe("applied");
        // Another user's identical key is theirs.
        expect(
          (
            await store.applySubmission(
              submission(v, [row(1, 2, "再改")], { key: "key-0001-abcdef", hash: "h1", at: at(4) }),
            )
          ).kind,
        ).toBe("applied");
        // The answer survives a restart (another store on the same database).
        const again = await h.another();
        expect(await again.applySubmission(first)).toEqual({ kind: "replayed", response: answer });
        expect((await store.listReports("2022-H1"))[0]).toMatchObject({ version: 3 });
      });

      it("stores no answer for a conflict: the same key with a corrected base then applies", async () => {
        const store = await h.fresh();
        const u = await setUp(store);
        applied(await store.applySubmission(submission(u, [row(1, 0, "一")])));
        expect(
          (
            await store.applySubmission(
              submission(u, [row(1, 0, "二")], { key: "key-conflict-1", hash: "a" }),
            )
          ).kind,
        ).toBe("conflict");
        expect(
          (
            await store.applySubmission(
              submission(u, [row(1, 1, "二")], { key: "key-conflict-1", hash: "b" }),
            )
          ).kind,
        ).toBe("applied");
      });

      it("stores an answer for an unchanged batch too", async () => {
        const store = await h.fresh();
        const u = await setUp(store);
        applied(await store.applySubmission(submission(u, [row(1, 0, "一")])));
        const same = submission(u, [row(1, 1, "一")], { key: "key-unchanged-1", hash: "u" });
        const answer = applied(await store.applySubmission(same));
        expect(answer).toEqual({ rows: [{ seq: 1, version: 1, changed: false }] });
        expect(await store.applySubmission(same)).toEqual({ kind: "replayed", response: answer });
      });

      it("refuses writes to a locked or unknown period, still answering a retry", async () => {
        const store = await h.fresh();
        const u = await setUp(store);
        const first = submission(u, [row(1, 0, "一")], { key: "key-locked-0001", hash: "l1" });
        const answer = applied(await store.applySubmission(first));
        await store.setPeriodLocked("2022-H1", true);
        expect(await store.applySubmission(submission(u, [row(1, 1, "二")]))).toEqual({ kind: "locked" });
        expect(await store.applySubmission(submission(u, [row(2, 0, "二")]))).toEqual({ kind: "locked" });
        expect(await store.applySubmission(first)).toEqual({ kind: "replayed", response: answer });
        expect(await store.applySubmission(submission(u, [row(1, 0, "x")], { periodId: "2030-H1" }))).toEqual(
          { kind: "locked" },
        );
        expect((await store.listReports("2022-H1")).map((r) => [r.seq, r.version])).toEqual([[1, 1]]);
        await store.setPeriodLocked("2022-H1", false);
        expect((await store.applySubmission(submission(u, [row(1, 1, "二")]))).kind).toBe("applied");
      });

      it("resolves the open returns of the rows a submission changes, and only those", async () => {
        const store = await h.fresh();
        const u = await setUp(store);
        applied(
          await store.applySubmission(submission(u, [row(1, 0, "一"), row(2, 0, "二")], { at: at(1) })),
        );
        const r1 = await store.createReturn({
          periodId: "2022-H1",
          seq: 1,
          unit: LEAD,
          comment: "请补充“x%”的具体数值。",
          createdBy: "duchashi",
          at: at(2),
        });
        expect(r1).toEqual({
          id: expect.any(Number),
          periodId: "2022-H1",
          seq: 1,
          unit: LEAD,
          comment: "请补充“x%”的具体数值。",
          createdBy: "duchashi",
          createdAt: at(2),
          resolvedAt: null,
        });
        const r2 = await store.createReturn({
          periodId: "2022-H1",
          seq: 2,
          unit: LEAD,
          comment: "请更新",
          createdBy: "duchashi",
          at: at(3),
        });
        const r3 = await store.createReturn({
          periodId: "2022-H1",
          seq: 1,
          unit: OTHER,
          comment: "他单位",
          createdBy: "duchashi",
          at: at(4),
        });
        expect(await store.listReturns("2022-H1")).toEqual([r1, r2, r3]);
        expect(await store.listReturns("2022-H1", { unit: OTHER })).toEqual([r3]);
        // Row 1 changes, row 2 is sent unchanged.
        applied(
          await store.applySubmission(
            submission(u, [row(1, 1, "一（已补充）"), row(2, 1, "二")], { at: at(5) }),
          ),
        );
        expect(await store.listReturns("2022-H1")).toEqual([{ ...r1, resolvedAt: at(5) }, r2, r3]);
        expect(await store.listReturns("2022-H1", { openOnly: true })).toEqual([r2, r3]);
        expect(await store.listReturns("2022-H1", { openOnly: true, unit: LEAD })).toEqual([r2]);
        expect(await store.listReturns("2021-H2")).toEqual([]);
      });

      it("stores Chinese text, emoji, quotes, SQL and 4,000 characters verbatim", async () => {
        const store = await h.fresh();
        const u = await setUp(store);
        const pieces = [
          "市发展改革委",
          "😀",
          "𠀀",
          "（全角）",
          "'; DROP TABLE report_rows; --",
          "N'x'",
          '"q"',
          "\t",
          "\n",
          "\r\n",
          "¥",
          "  ",
        ];
        let long = "";
        for (let i = 0; [...long].length < 4000; i++) long += pieces[i % pieces.length];
        long = [...long].slice(0, 4000).join("");
        expect([...long]).toHaveLength(4000);
        expect(long.length).toBeGreaterThan(4000);
        const status = "进度滞后";
        applied(
          await store.applySubmission(
            submission(u, [row(1, 0, long, status), row(2, 0, "  前后空格  "), row(3, 0, "")], { at: at(1) }),
          ),
        );
        const reports = await store.listReports("2022-H1");
        expect(reports.map((r) => r.progress)).toEqual([long, "  前后空格  ", ""]);
        expect(reports[0]!.status).toBe(status);
        expect((await store.history("2022-H1", 1))[0]!.newProgress).toBe(long);
        // The same text again is "unchanged": it came back exactly.
        expect(applied(await store.applySubmission(submission(u, [row(1, 1, long, status)])))).toEqual({
          rows: [{ seq: 1, version: 1, changed: false }],
        });
      });

      it("takes a 3,000-row batch in one submission, and updates it whole", async () => {
        const store = await h.fresh();
        await store.replaceUnits(units());
        await store.publishPlan(bigPlan(3000), DEFAULT_VOCABULARY, period("2022-H1"), T0);
        const u = await user(store, LEAD);
        const rows = Array.from({ length: 3000 }, (_, i) =>
          row(i + 1, 0, `第${i + 1}项：按计划推进，完成投资${i}亿元。`),
        );
        const first = applied(
          await store.applySubmission(
            submission(u, rows, { key: "key-bulk-000001", hash: "bulk1", at: at(1) }),
          ),
        );
        expect(first.rows).toHaveLength(3000);
        expect(first.rows.every((r, i) => r.seq === i + 1 && r.version === 1 && r.changed)).toBe(true);
        const second = applied(
          await store.applySubmission(
            submission(
              u,
              rows.map((r) => ({ ...r, baseVersion: 1, progress: `${r.progress}（更新）` })),
              { at: at(2) },
            ),
          ),
        );
        expect(second.rows.every((r) => r.version === 2 && r.changed)).toBe(true);
        const reports = await store.listReports("2022-H1", LEAD);
        expect(reports).toHaveLength(3000);
        expect(reports[2999]).toMatchObject({
          seq: 3000,
          version: 2,
          progress: "第3000项：按计划推进，完成投资2999亿元。（更新）",
          updatedAt: at(2),
        });
        expect((await store.history("2022-H1", 1500)).map((e) => e.version)).toEqual([1, 2]);
      });

      it("applies exactly one of 50 concurrent submissions from the same stale base (several processes)", async () => {
        const store = await h.fresh();
        const u = await setUp(store);
        applied(await store.applySubmission(submission(u, [row(1, 0, "起点")], { at: at(1) })));
        const stores = [store, ...(await Promise.all(Array.from({ length: 4 }, () => h.another())))];
        const outcomes = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            stores[i % stores.length]!.applySubmission(
              submission(u, [row(1, 1, `并发第${i}份`)], {
                key: `key-race-${String(i).padStart(4, "0")}`,
                hash: `r${i}`,
                at: at(2),
              }),
            ),
          ),
        );
        expect(outcomes.filter((o) => o.kind === "applied")).toHaveLength(1);
        expect(outcomes.filter((o) => o.kind === "conflict")).toHaveLength(49);
        const history = await store.history("2022-H1", 1);
        expect(history.map((e) => e.version)).toEqual([1, 2]);
        const winner = outcomes.findIndex((o) => o.kind === "applied");
        expect(history[1]!.newProgress).toBe(`并发第${winner}份`);
        expect((await store.listReports("2022-H1"))[0]).toMatchObject({
          version: 2,
          progress: `并发第${winner}份`,
        });
      });

      it("applies exactly one of 50 concurrent first reports of the same row", async () => {
        const store = await h.fresh();
        const u = await setUp(store);
        const stores = [store, ...(await Promise.all(Array.from({ length: 4 }, () => h.another())))];
        const outcomes = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            stores[i % stores.length]!.applySubmission(submission(u, [row(7, 0, `首报${i}`)])),
          ),
        );
        expect(outcomes.filter((o) => o.kind === "applied")).toHaveLength(1);
        expect(outcomes.filter((o) => o.kind === "conflict")).toHaveLength(49);
        expect(await store.history("2022-H1", 7)).toHaveLength(1);
      });

      it("applies a retried submission once when the retries race it", async () => {
        const store = await h.fresh();
        const u = await setUp(store);
        const stores = [store, ...(await Promise.all(Array.from({ length: 4 }, () => h.another())))];
        const same = submission(u, [row(1, 0, "一"), row(2, 0, "二")], {
          key: "key-retry-race-1",
          hash: "rr",
        });
        const outcomes = await Promise.all(
          Array.from({ length: 10 }, (_, i) => stores[i % stores.length]!.applySubmission(same)),
        );
        expect(outcomes.filter((o) => o.kind === "applied")).toHaveLength(1);
        expect(outcomes.filter((o) => o.kind === "replayed")).toHaveLength(9);
        const answer = outcomes.find((o) => o.kind === "applied")!;
        for (const o of outcomes)
          expect(o.kind === "applied" || o.kind === "replayed" ? o.response : null).toEqual(
            answer.kind === "applied" ? answer.response : null,
          );
        expect(await store.history("2022-H1", 1)).toHaveLength(1);
      });

      it("keeps the history append-only, also against SQL typed by hand", async () => {
        const store = await h.fresh();
        const u = await setUp(store);
        applied(await store.applySubmission(submission(u, [row(1, 0, "一")])));
        await expect(h.raw("UPDATE history SET new_progress = 'tampered'")).rejects.toThrow(/append-only/u);
        await expect(h.raw("DELETE FROM history")).rejects.toThrow(/append-only/u);
        expect(await store.history("2022-H1", 1)).toMatchObject([{ newProgress: "一" }]);
      });
    });
  });
});
