// What the pane keeps in its own storage (localStorage), namespaced by server URL: the session token,
// the unit directory and, per period and unit, what offline validation needs. Never in the workbook.
import type { Unit } from "../../schema/model.ts";
import type { Session } from "../../schema/api.ts";
import type { PeriodCache } from "./logic/my-sheet.ts";

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const PREFIX = "keywork:v1";

export const keys = {
  lastServer: `${PREFIX}:server`,
  session: (server: string) => `${PREFIX}:session:${server}`,
  units: (server: string) => `${PREFIX}:units:${server}`,
  period: (server: string, period: string, unit: string) => `${PREFIX}:period:${server}:${period}:${unit}`,
  lastPeriod: (server: string) => `${PREFIX}:last-period:${server}`,
};

/** A Map-backed store for tests and for webviews where localStorage is unavailable. */
export function memoryStore(): KeyValueStore & { dump(): Record<string, string> } {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    dump: () => Object.fromEntries(map),
  };
}

/** localStorage when usable (it throws in some locked-down webviews), else memory for this session. */
export function browserStore(): KeyValueStore {
  try {
    const ls = globalThis.localStorage;
    const probe = `${PREFIX}:probe`;
    ls.setItem(probe, "1");
    ls.removeItem(probe);
    return ls;
  } catch {
    return memoryStore();
  }
}

function readJson<T>(store: KeyValueStore, key: string): T | null {
  const text = store.getItem(key);
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    store.removeItem(key);
    return null;
  }
}

export function loadSession(store: KeyValueStore, server: string, now: Date): Session | null {
  const session = readJson<Session>(store, keys.session(server));
  if (!session || typeof session.token !== "string") return null;
  if (Date.parse(session.expiresAt) <= now.getTime()) {
    store.removeItem(keys.session(server));
    return null;
  }
  return session;
}

export function saveSession(store: KeyValueStore, server: string, session: Session): void {
  store.setItem(keys.session(server), JSON.stringify(session));
  store.setItem(keys.lastServer, server);
}

export function clearSession(store: KeyValueStore, server: string): void {
  store.removeItem(keys.session(server));
}

export function loadUnits(store: KeyValueStore, server: string): Unit[] | null {
  return readJson<Unit[]>(store, keys.units(server));
}

export function saveUnits(store: KeyValueStore, server: string, units: readonly Unit[]): void {
  store.setItem(keys.units(server), JSON.stringify(units));
}

export function loadPeriodCache(
  store: KeyValueStore,
  server: string,
  period: string,
  unit: string,
): PeriodCache | null {
  return readJson<PeriodCache>(store, keys.period(server, period, unit));
}

export function savePeriodCache(
  store: KeyValueStore,
  server: string,
  period: string,
  unit: string,
  cache: PeriodCache,
): void {
  try {
    store.setItem(keys.period(server, period, unit), JSON.stringify(cache));
  } catch {
    // Storage full: validation then runs without plan checks; nothing else depends on it.
  }
}
