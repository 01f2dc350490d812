// The audit log's store contract, every adapter: SQLite always, SQL Server when configured.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { NewAuditEntry } from "../../sync-server/store/store.ts";
import { ADAPTERS, type StoreHarness } from "./harness.ts";

const entry = (n: number, over: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
  at: `2022-07-01T08:00:0${n}.000Z`,
  actor: "coordinator",
  action: "period.lock",
  target: `2022-H${n}`,
  detail: { n, 名称: "市科技局" },
  ...over,
});

describe.each(ADAPTERS)("$name store audit log", (adapter) => {
  describe.skipIf(!adapter.enabled)("conforms to the Store contract", () => {
    let h: StoreHarness;
    beforeAll(async () => {
      h = adapter.harness();
      await h.setUp();
    }, 300_000);
    afterEach(async () => h.afterEach());
    afterAll(async () => h?.dispose());

    it("keeps what was appended and lists the newest first", async () => {
      const store = await h.fresh();
      const first = await store.appendAudit(entry(1));
      const second = await store.appendAudit(entry(2, { detail: null }));
      expect(second.id).toBeGreaterThan(first.id);
      expect(await store.listAudit({ limit: 10 })).toEqual([second, first]);
      expect(first).toMatchObject({
        actor: "coordinator",
        target: "2022-H1",
        detail: { n: 1, 名称: "市科技局" },
      });
    });

    it("pages backwards from an id and filters by action and actor", async () => {
      const store = await h.fresh();
      const a = await store.appendAudit(entry(1));
      const b = await store.appendAudit(entry(2, { action: "user.disable", target: "kjj" }));
      const c = await store.appendAudit(entry(3, { actor: "cli:root" }));
      expect((await store.listAudit({ limit: 1 })).map((e) => e.id)).toEqual([c.id]);
      expect((await store.listAudit({ limit: 10, before: c.id })).map((e) => e.id)).toEqual([b.id, a.id]);
      expect((await store.listAudit({ limit: 10, action: "user.disable" })).map((e) => e.id)).toEqual([b.id]);
      expect((await store.listAudit({ limit: 10, actor: "cli:root" })).map((e) => e.id)).toEqual([c.id]);
    });

    it("keeps the audit log append-only, also against SQL typed by hand", async () => {
      const store = await h.fresh();
      await store.appendAudit(entry(1));
      await expect(h.raw("UPDATE audit_log SET actor = 'someone'")).rejects.toThrow(/append-only/u);
      await expect(h.raw("DELETE FROM audit_log")).rejects.toThrow(/append-only/u);
      expect(await store.listAudit({ limit: 10 })).toMatchObject([{ actor: "coordinator" }]);
    });
  });
});
