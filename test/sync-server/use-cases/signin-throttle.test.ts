// Sign-in throttling on a real SQLite file with a clock the test moves: a growing wait per (name,
// address), per address over all names, no lock a stranger can cause, and counts shared by processes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { loadConfig } from "../../../sync-server/config.ts";
import { AppError } from "../../../sync-server/errors.ts";
import { openSqliteStore } from "../../../sync-server/store/sqlite/index.ts";
import type { Store } from "../../../sync-server/store/store.ts";
import type { Deps } from "../../../sync-server/use-cases/context.ts";
import { SIGNIN_REFUSED, signIn } from "../../../sync-server/use-cases/sessions.ts";
import { waitAfter } from "../../../sync-server/use-cases/signin-throttle.ts";
import { addUser } from "../../../sync-server/use-cases/users.ts";

let dir: string;
let stores: Store[];
let clock: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "keywork-throttle-"));
  stores = [];
  clock = Date.parse("2026-06-30T08:00:00.000Z");
});
afterEach(async () => {
  await Promise.all(stores.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** A process's view: its own store handle on the shared file, the shared test clock. */
async function processOn(env: Record<string, string> = {}): Promise<Deps> {
  const store = openSqliteStore(join(dir, "keywork.db"));
  stores.push(store);
  await store.migrate();
  const config = loadConfig({
    SIGNIN_SLOW_AFTER: "3",
    SIGNIN_MAX_FAILURES: "6",
    SIGNIN_LOCK_MINUTES: "15",
    SIGNIN_ADDRESS_SLOW_AFTER: "8",
    ...env,
  });
  return { store, config, logger: pino({ level: "silent" }), now: () => new Date(clock) };
}

const advance = (ms: number) => void (clock += ms);

async function outcome(deps: Deps, username: string, password: string, address: string) {
  try {
    await signIn(deps, username, password, address);
    return "signed in";
  } catch (error) {
    if (error instanceof AppError && error.status === 401 && error.message === SIGNIN_REFUSED)
      return "refused";
    throw error;
  }
}

async function withCoordinator(deps: Deps) {
  await addUser(deps, {
    username: "coordinator",
    name: "督查室",
    role: "coordinator",
    unit: null,
    password: "the-right-password",
  });
}

describe("the wait after failed sign-ins", () => {
  test("grows by doubling from SIGNIN_SLOW_AFTER failures and is SIGNIN_LOCK_MINUTES from SIGNIN_MAX_FAILURES", () => {
    const lock = 15 * 60_000;
    expect([0, 1, 2, 3, 4, 5, 6, 9].map((f) => waitAfter(f, 3, 6, lock))).toEqual([
      0,
      0,
      0,
      1000,
      2000,
      4000,
      lock,
      lock,
    ]);
    expect(waitAfter(40, 3, Number.POSITIVE_INFINITY, lock)).toBe(lock);
    expect(waitAfter(3, 10, 3, lock)).toBe(lock);
  });

  test("an attempt before the wait is over is refused even with the right password; after it, it succeeds", async () => {
    const deps = await processOn();
    await withCoordinator(deps);
    for (let i = 0; i < 3; i++)
      expect(await outcome(deps, "coordinator", "guess", "10.0.0.9")).toBe("refused");
    advance(500);
    expect(await outcome(deps, "coordinator", "the-right-password", "10.0.0.9")).toBe("refused");
    // The refused attempt counted (4 failures): the next must come 2 s after it.
    advance(1999);
    expect(await outcome(deps, "coordinator", "the-right-password", "10.0.0.9")).toBe("refused");
    advance(4000);
    expect(await outcome(deps, "coordinator", "the-right-password", "10.0.0.9")).toBe("signed in");
    // Success clears the name's count from that address.
    expect(await outcome(deps, "coordinator", "guess", "10.0.0.9")).toBe("refused");
    expect(await outcome(deps, "coordinator", "the-right-password", "10.0.0.9")).toBe("signed in");
  });

  test("a stranger's guesses from another address never stop the coordinator", async () => {
    const deps = await processOn();
    await withCoordinator(deps);
    for (let i = 0; i < 50; i++) {
      expect(await outcome(deps, "coordinator", `guess-${i}`, "203.0.113.66")).toBe("refused");
      advance(10);
    }
    expect(await outcome(deps, "coordinator", "the-right-password", "198.51.100.7")).toBe("signed in");
    // The stranger's own address is held off, right password or not.
    expect(await outcome(deps, "coordinator", "the-right-password", "203.0.113.66")).toBe("refused");
  });

  test("after SIGNIN_MAX_FAILURES the name waits SIGNIN_LOCK_MINUTES from that address, then counts anew", async () => {
    const deps = await processOn();
    await withCoordinator(deps);
    for (let i = 0; i < 6; i++) {
      expect(await outcome(deps, "coordinator", "guess", "10.0.0.9")).toBe("refused");
      advance(60_000);
    }
    advance(14 * 60_000 - 60_000 - 1);
    expect(await outcome(deps, "coordinator", "the-right-password", "10.0.0.9")).toBe("refused");
    advance(15 * 60_000 + 1);
    expect(await outcome(deps, "coordinator", "the-right-password", "10.0.0.9")).toBe("signed in");
  });

  test("one address spraying many names is slowed after SIGNIN_ADDRESS_SLOW_AFTER failures", async () => {
    const deps = await processOn();
    await withCoordinator(deps);
    for (let i = 0; i < 8; i++) expect(await outcome(deps, `name-${i}`, "guess", "10.0.0.5")).toBe("refused");
    // A fresh name from that address, even the right password, must now wait.
    expect(await outcome(deps, "coordinator", "the-right-password", "10.0.0.5")).toBe("refused");
    advance(2001);
    expect(await outcome(deps, "coordinator", "the-right-password", "10.0.0.5")).toBe("signed in");
  });

  test("failures made through two processes on one database add up", async () => {
    const first = await processOn();
    const second = await processOn();
    await withCoordinator(first);
    // Six failures, alternating processes, two at a time: all counted (SIGNIN_MAX_FAILURES = 6).
    for (let i = 0; i < 3; i++) {
      const pair = await Promise.all([
        outcome(first, "coordinator", "guess", "10.0.0.9"),
        outcome(second, "coordinator", "guess", "10.0.0.9"),
      ]);
      expect(pair).toEqual(["refused", "refused"]);
      advance(10_000);
    }
    expect(await outcome(second, "coordinator", "the-right-password", "10.0.0.9")).toBe("refused");
    expect(await outcome(first, "coordinator", "the-right-password", "10.0.0.9")).toBe("refused");
    expect(await outcome(first, "coordinator", "the-right-password", "10.0.0.10")).toBe("signed in");
  });

  test("a whole office signing in at once from one address is let in: only failures count", async () => {
    const deps = await processOn();
    const people = Array.from({ length: 40 }, (_, i) => `staff${i}`);
    for (const username of people)
      await addUser(deps, {
        username,
        name: username,
        role: "viewer",
        unit: null,
        password: "pw-of-the-office",
      });
    const outcomes = await Promise.all(people.map((u) => outcome(deps, u, "pw-of-the-office", "10.1.1.1")));
    expect(outcomes.every((o) => o === "signed in")).toBe(true);
  });

  test("of many attempts sent at once while slowed, only one is checked", async () => {
    const deps = await processOn();
    await withCoordinator(deps);
    for (let i = 0; i < 3; i++) await outcome(deps, "coordinator", "guess", "10.0.0.9");
    advance(1000);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => outcome(deps, "coordinator", "the-right-password", "10.0.0.9")),
    );
    expect(outcomes.filter((o) => o === "signed in")).toHaveLength(1);
  });
});
