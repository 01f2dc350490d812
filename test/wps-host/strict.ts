// WPS's objects refuse what they do not have: reading or setting a member an object lacks, or calling
// with the wrong arguments, throws (WPS raises a script error there; it never answers undefined).
// Failures of the shared Excel rules (test/excel-host/, HostFailure) become WpsError.
import { HostFailure } from "../excel-host/errors.ts";

export class WpsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WpsError";
  }
}

/**
 * Calls into WPS so far (every member read, set or call on a WPS object, each a trip from the add-in's
 * page into WPS), in this JavaScript realm: what the add-in keeps independent of the number of rows.
 */
export const traffic = { calls: 0 };

/** Members a Promise or a test runner may probe on any object; they read undefined. */
const PROBES = new Set(["then", "toJSON", "constructor", "asymmetricMatch", "$$typeof", "nodeType"]);

/** Wraps an object so unknown members throw and every call turns rule failures into WpsError. */
export function strict<T extends object>(type: string, target: T): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      if (typeof key === "symbol" || PROBES.has(key)) return Reflect.get(object, key, receiver);
      if (!(key in object)) throw new WpsError(`${type} 对象没有成员 ${key} / ${type} has no member ${key}`);
      traffic.calls++;
      const value = guarded(() => Reflect.get(object, key, receiver) as unknown);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) =>
        guarded(() => (value as (...a: unknown[]) => unknown).apply(object, args));
    },
    set(object, key, value, receiver) {
      const descriptor = typeof key === "string" ? findSetter(object, key) : undefined;
      if (!descriptor)
        throw new WpsError(`${type} 的 ${String(key)} 不能赋值 / ${type}.${String(key)} cannot be set`);
      traffic.calls++;
      guarded(() => Reflect.set(object, key, value, receiver));
      return true;
    },
  });
}

function findSetter(object: object, key: string): PropertyDescriptor | undefined {
  for (let o: object | null = object; o; o = Object.getPrototypeOf(o) as object | null) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d) return d.set || d.writable ? d : undefined;
  }
  return undefined;
}

export function guarded<T>(body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof HostFailure) throw new WpsError(error.message);
    throw error;
  }
}

/** A 1-based index: an integer from 1 to max; 0 (a 0-based habit) throws, as in WPS. */
export function oneBased(value: unknown, max: number, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max)
    throw new WpsError(`${what} 下标越界:${String(value)}(从 1 到 ${max})/ ${what} index out of range`);
  return value;
}

export function expectType(value: unknown, type: "string" | "number" | "boolean", what: string): void {
  if (typeof value !== type)
    throw new WpsError(`${what} 需要 ${type} / ${what} wants a ${type}, got ${typeof value}`);
}
