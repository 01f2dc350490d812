// The SQL Server store's retry loop, driven by FAKE errors shaped like mssql's RequestError (no server
// here): what is retried, how often, with what pauses. Whether a retried transaction then comes to the
// right answer is the conformance suite's business, against a real server.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_RETRY,
  isDeadlock,
  isDuplicateKey,
  jitteredDelay,
  sqlErrorNumber,
  sqlErrorNumbers,
  withRetry,
  type RetryOptions,
} from "../../sync-server/store/mssql/retry.ts";

/** A fake mssql RequestError: the number where mssql puts it, and tedious's original beneath. */
const fakeRequestError = (number: number, message = `error ${number}`) =>
  Object.assign(new Error(message), {
    name: "RequestError",
    code: "EREQUEST",
    number,
    originalError: { info: { number, message } },
  });

function recorder(options: Partial<RetryOptions> = {}) {
  const pauses: number[] = [];
  const opts: RetryOptions = {
    ...DEFAULT_RETRY,
    delayMs: (n) => n * 10,
    sleep: async (ms) => void pauses.push(ms),
    ...options,
  };
  return { pauses, opts };
}

describe("retry of whole transactions (fake mssql errors)", () => {
  it("reads error numbers where mssql puts them, also of preceding errors in the batch", () => {
    expect(sqlErrorNumber(fakeRequestError(1205))).toBe(1205);
    expect(sqlErrorNumber({ originalError: { info: { number: 2627 } } })).toBe(2627);
    expect(sqlErrorNumber(new Error("plain"))).toBeUndefined();
    expect(sqlErrorNumber(null)).toBeUndefined();
    const withPreceding = Object.assign(fakeRequestError(3621), {
      precedingErrors: [fakeRequestError(2627)],
    });
    expect(sqlErrorNumbers(withPreceding)).toEqual([3621, 2627]);
    expect(isDuplicateKey(withPreceding)).toBe(true);
    expect(isDuplicateKey(fakeRequestError(2601))).toBe(true);
    expect(isDeadlock(fakeRequestError(1205))).toBe(true);
    expect(isDeadlock(fakeRequestError(1222))).toBe(false);
  });

  it("runs a deadlock victim again until it goes through", async () => {
    const { pauses, opts } = recorder();
    let calls = 0;
    const result = await withRetry(async (n) => {
      calls++;
      if (n < 3) throw fakeRequestError(1205, "Transaction (Process ID 57) was deadlocked on lock resources");
      return "done";
    }, opts);
    expect(result).toBe("done");
    expect(calls).toBe(3);
    expect(pauses).toEqual([20, 30]);
  });

  it("gives up after the last attempt with the deadlock error", async () => {
    const { pauses, opts } = recorder();
    let calls = 0;
    const failing = withRetry(async () => {
      calls++;
      throw fakeRequestError(1205);
    }, opts);
    await expect(failing).rejects.toMatchObject({ number: 1205 });
    expect(calls).toBe(DEFAULT_RETRY.attempts);
    expect(pauses).toHaveLength(DEFAULT_RETRY.attempts - 1);
  });

  it("retries the adapter's own 'row moved' error (50002), not other errors", async () => {
    for (const [number, expected] of [
      [50002, 2],
      [2627, 1],
      [547, 1],
      [8152, 1],
    ] as const) {
      const { opts } = recorder();
      let calls = 0;
      await withRetry(async () => {
        calls++;
        if (calls === 1) throw fakeRequestError(number);
        return null;
      }, opts).catch(() => undefined);
      expect(calls, `error ${number}`).toBe(expected);
    }
  });

  it("lets a submission retry a duplicate idempotency key, to re-read and replay", async () => {
    const { opts } = recorder({ retryable: (e) => DEFAULT_RETRY.retryable(e) || isDuplicateKey(e) });
    let calls = 0;
    const outcome = await withRetry(async () => {
      calls++;
      if (calls === 1) throw fakeRequestError(2627, "Violation of PRIMARY KEY constraint 'pk_idempotency'.");
      return { kind: "replayed" };
    }, opts);
    expect(outcome).toEqual({ kind: "replayed" });
    expect(calls).toBe(2);
  });

  it("pauses with exponential back-off and full jitter, capped", () => {
    expect(jitteredDelay(2, () => 0)).toBe(0);
    expect(jitteredDelay(2, () => 0.999)).toBe(40);
    expect(jitteredDelay(3, () => 0.5)).toBe(40);
    expect(jitteredDelay(30, () => 0.999)).toBeLessThanOrEqual(1000);
    for (let n = 2; n <= 5; n++) {
      const d = DEFAULT_RETRY.delayMs(n);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(20 * 2 ** (n - 1));
    }
  });
});
