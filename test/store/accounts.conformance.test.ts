// Accounts' store contract (issue 11), every adapter: SQLite always, SQL Server when configured.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  LastCoordinatorError,
  UnknownUnitError,
  UsernameTakenError,
  type NewAuditEntry,
  type NewUser,
  type Store,
} from "../../sync-server/store/store.ts";
import { ADAPTERS, type StoreHarness } from "./harness.ts";

const AT = "2022-07-01T08:00:00.000Z";
const audit = (
  action: string,
  target: string,
  detail: Record<string, unknown> | null = null,
): NewAuditEntry => ({
  at: AT,
  actor: "cli:root",
  action,
  target,
  detail,
});

const person = (username: string, over: Partial<NewUser> = {}): NewUser => ({
  username,
  name: `${username} 姓名`,
  unit: "市科技局",
  role: "reporter",
  passwordHash: `hash-of-${username}`,
  ...over,
});

async function withUnits(store: Store): Promise<Store> {
  await store.replaceUnits([
    { name: "市科技局", kind: "市直部门", aliases: [] },
    { name: "市财政局", kind: "市直部门", aliases: [] },
  ]);
  return store;
}

async function signedIn(store: Store, userId: number, hash: string, kind: "session" | "api" = "session") {
  await store.createToken({ hash, userId, kind, createdAt: AT, expiresAt: null });
}

describe.each(ADAPTERS)("$name store accounts", (adapter) => {
  describe.skipIf(!adapter.enabled)("conforms to the Store contract", () => {
    let h: StoreHarness;
    beforeAll(async () => {
      h = adapter.harness();
      await h.setUp();
    }, 300_000);
    afterEach(async () => h.afterEach());
    afterAll(async () => h?.dispose());

    it("creates every account of a roster with its audit entry, and lists them by username", async () => {
      const store = await withUnits(await h.fresh());
      const created = await store.createUsers(
        [
          person("zz", { mustChangePassword: true, phone: "13800000000", email: "zz@example.cn" }),
          person("aa", { unit: null, role: "viewer", mustChangePassword: true }),
        ],
        audit("users.import", "roster", { count: 2 }),
      );
      expect(created.map((u) => u.username)).toEqual(["zz", "aa"]);
      expect(created[0]).toMatchObject({
        unit: "市科技局",
        role: "reporter",
        disabled: false,
        mustChangePassword: true,
        phone: "13800000000",
        email: "zz@example.cn",
      });
      expect((await store.listUsers()).map((u) => u.username)).toEqual(["aa", "zz"]);
      expect(await store.listAudit({ limit: 10 })).toMatchObject([
        { action: "users.import", target: "roster", detail: { count: 2 } },
      ]);
    });

    it("creates none of a roster when one username is taken, and writes no audit entry", async () => {
      const store = await withUnits(await h.fresh());
      await store.createUser(person("kjj"));
      await expect(
        store.createUsers([person("new1"), person("kjj")], audit("users.import", "roster")),
      ).rejects.toThrow(UsernameTakenError);
      expect((await store.listUsers()).map((u) => u.username)).toEqual(["kjj"]);
      expect(await store.listAudit({ limit: 10 })).toEqual([]);
    });

    it("creates none of a roster that names a unit outside the directory", async () => {
      const store = await withUnits(await h.fresh());
      const error = await store
        .createUsers([person("a1"), person("a2", { unit: "市不存在局" })], audit("users.import", "roster"))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnknownUnitError);
      expect((error as UnknownUnitError).unit).toBe("市不存在局");
      expect(await store.listUsers()).toEqual([]);
    });

    it("refuses a roster that repeats a username", async () => {
      const store = await withUnits(await h.fresh());
      await expect(
        store.createUsers([person("twice"), person("twice")], audit("users.import", "roster")),
      ).rejects.toThrow(UsernameTakenError);
      expect(await store.listUsers()).toEqual([]);
    });

    it("disabling an account ends its sessions and API tokens at once", async () => {
      const store = await withUnits(await h.fresh());
      const user = await store.createUser(person("kjj"));
      await signedIn(store, user.id, "a".repeat(64));
      await signedIn(store, user.id, "b".repeat(64), "api");
      expect(await store.findToken("a".repeat(64), AT)).not.toBeNull();
      const after = await store.updateUser("kjj", { disabled: true }, audit("user.disable", "kjj"));
      expect(after).toMatchObject({ username: "kjj", disabled: true });
      expect(await store.findToken("a".repeat(64), AT)).toBeNull();
      expect(await store.findToken("b".repeat(64), AT)).toBeNull();
      expect(await store.listAudit({ limit: 10 })).toMatchObject([{ action: "user.disable", target: "kjj" }]);
    });

    it("refuses the tokens of a disabled account even when they are still stored", async () => {
      const store = await withUnits(await h.fresh());
      const user = await store.createUser(person("kjj"));
      await store.updateUser("kjj", { disabled: true }, audit("user.disable", "kjj"));
      await signedIn(store, user.id, "c".repeat(64));
      expect(await store.findToken("c".repeat(64), AT)).toBeNull();
      await store.updateUser("kjj", { disabled: false }, audit("user.enable", "kjj"));
      expect(await store.findToken("c".repeat(64), AT)).not.toBeNull();
    });

    it("changes role and unit, and refuses a unit outside the directory", async () => {
      const store = await withUnits(await h.fresh());
      await store.createUser(person("kjj"));
      expect(
        await store.updateUser("kjj", { unit: "市财政局" }, audit("user.set-unit", "kjj")),
      ).toMatchObject({
        unit: "市财政局",
        role: "reporter",
      });
      expect(await store.updateUser("kjj", { role: "viewer" }, audit("user.set-role", "kjj"))).toMatchObject({
        unit: "市财政局",
        role: "viewer",
      });
      await expect(
        store.updateUser("kjj", { unit: "市不存在局" }, audit("user.set-unit", "kjj")),
      ).rejects.toThrow(UnknownUnitError);
      expect((await store.findUserByUsername("kjj"))!.unit).toBe("市财政局");
      expect(
        await store.updateUser("nobody", { disabled: true }, audit("user.disable", "nobody")),
      ).toBeNull();
      expect((await store.listAudit({ limit: 10 })).map((e) => e.action)).toEqual([
        "user.set-role",
        "user.set-unit",
      ]);
    });

    it("keeps at least one active coordinator", async () => {
      const store = await withUnits(await h.fresh());
      await store.createUser(person("boss", { role: "coordinator", unit: null }));
      await expect(
        store.updateUser("boss", { disabled: true }, audit("user.disable", "boss")),
      ).rejects.toThrow(LastCoordinatorError);
      await expect(
        store.updateUser("boss", { role: "viewer" }, audit("user.set-role", "boss")),
      ).rejects.toThrow(LastCoordinatorError);
      await store.createUser(person("deputy", { role: "coordinator", unit: null }));
      expect(await store.updateUser("boss", { disabled: true }, audit("user.disable", "boss"))).toMatchObject(
        {
          disabled: true,
        },
      );
      await expect(
        store.updateUser("deputy", { role: "reporter" }, audit("user.set-role", "deputy")),
      ).rejects.toThrow(LastCoordinatorError);
      expect((await store.listAudit({ limit: 10 })).map((e) => e.action)).toEqual(["user.disable"]);
    });

    it("replaces a password, ends the other sessions and keeps the one named", async () => {
      const store = await withUnits(await h.fresh());
      const user = await store.createUser(person("kjj", { mustChangePassword: true }));
      await signedIn(store, user.id, "d".repeat(64));
      await signedIn(store, user.id, "e".repeat(64));
      await signedIn(store, user.id, "f".repeat(64), "api");
      await store.replacePassword(
        user.id,
        { passwordHash: "new-hash", mustChangePassword: false, keepToken: "d".repeat(64) },
        audit("user.change-password", "kjj"),
      );
      expect(await store.findUserById(user.id)).toMatchObject({
        passwordHash: "new-hash",
        mustChangePassword: false,
      });
      expect(await store.findToken("d".repeat(64), AT)).not.toBeNull();
      expect(await store.findToken("e".repeat(64), AT)).toBeNull();
      expect(await store.findToken("f".repeat(64), AT)).not.toBeNull();
      await store.replacePassword(
        user.id,
        { passwordHash: "reset-hash", mustChangePassword: true, keepToken: null },
        audit("user.reset-password", "kjj"),
      );
      expect(await store.findToken("d".repeat(64), AT)).toBeNull();
      expect((await store.findUserById(user.id))!.mustChangePassword).toBe(true);
      expect((await store.listAudit({ limit: 10 })).map((e) => e.action)).toEqual([
        "user.reset-password",
        "user.change-password",
      ]);
    });
  });
});
