// Which SQL Server errors mean "run the whole transaction again", and the loop that does it.
// Every retried unit is a complete transaction that re-reads what it decides on, so a retry can
// only come to a correct answer: a deadlock victim applies the batch (or finds a conflict), a
// duplicate idempotency key is answered from the stored first answer.

/** Chosen as deadlock victim: the server rolled the transaction back. */
export const DEADLOCK = 1205;
/** Violation of a PRIMARY KEY / UNIQUE constraint, and of a unique index. */
export const DUPLICATE_KEY = 2627;
export const DUPLICATE_KEY_INDEX = 2601;
/** Foreign key or CHECK constraint violated. */
export const CONSTRAINT_VIOLATION = 547;
/** Raised by the adapter's own batches (THROW 50002) when a row it had locked did not match; cannot happen under the locks taken, retried all the same. */
export const ROW_MOVED = 50002;

/** The SQL Server error number of an mssql RequestError (or of what it wraps), if any. */
export function sqlErrorNumber(error: unknown): number | undefined {
  const e = error as {
    number?: unknown;
    originalError?: { info?: { number?: unknown }; number?: unknown };
  } | null;
  if (e === null || typeof e !== "object") return undefined;
  for (const n of [e.number, e.originalError?.info?.number, e.originalError?.number]) {
    if (typeof n === "number") return n;
  }
  return undefined;
}

/** The numbers of the error and of the errors the server reported before it in the same batch. */
export function sqlErrorNumbers(error: unknown): number[] {
  const numbers: number[] = [];
  const first = sqlErrorNumber(error);
  if (first !== undefined) numbers.push(first);
  const preceding = (error as { precedingErrors?: unknown[] } | null)?.precedingErrors;
  if (Array.isArray(preceding)) {
    for (const p of preceding) {
      const n = sqlErrorNumber(p);
      if (n !== undefined) numbers.push(n);
    }
  }
  return numbers;
}

export const isDeadlock = (error: unknown) => sqlErrorNumbers(error).includes(DEADLOCK);
export const isDuplicateKey = (error: unknown) =>
  sqlErrorNumbers(error).some((n) => n === DUPLICATE_KEY || n === DUPLICATE_KEY_INDEX);

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  retryable(error: unknown): boolean;
  /** Pause before attempt `n` (2, 3 …). */
  delayMs(n: number): number;
  sleep(ms: number): Promise<void>;
}

/** Exponential back-off with full jitter: two deadlocked transactions do not meet again in step. */
export function jitteredDelay(
  n: number,
  random: () => number = Math.random,
  baseMs = 20,
  capMs = 1000,
): number {
  return Math.round(random() * Math.min(capMs, baseMs * 2 ** (n - 1)));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const DEFAULT_RETRY: RetryOptions = {
  attempts: 5,
  retryable: (error) => {
    const numbers = sqlErrorNumbers(error);
    return numbers.includes(DEADLOCK) || numbers.includes(ROW_MOVED);
  },
  delayMs: (n) => jitteredDelay(n),
  sleep,
};

export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  options: RetryOptions = DEFAULT_RETRY,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= options.attempts || !options.retryable(error)) throw error;
      await options.sleep(options.delayMs(n + 1));
    }
  }
}
