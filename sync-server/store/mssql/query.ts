// Every statement the adapter sends is a constant defined with `query(text, params)`: the text names
// its inputs as @parameters and `params` gives each an explicit SQL Server type. `run` binds exactly
// those, checks each value against its type first (tedious would let the server cut a too-long
// NVARCHAR(n) value silently), and never builds SQL from values.
import sql from "mssql";
import { StoreUnavailableError } from "../store.ts";

export interface Param<T> {
  /** The T-SQL type as declared, e.g. NVARCHAR(100). */
  readonly declared: string;
  readonly sqlType: () => sql.ISqlType;
  accepts(value: unknown): value is T;
}

function param<T>(
  declared: string,
  sqlType: () => sql.ISqlType,
  accepts: (value: unknown) => boolean,
): Param<T> {
  return { declared, sqlType, accepts: accepts as (value: unknown) => value is T };
}

export const P = {
  int: param<number>(
    "INT",
    () => sql.Int(),
    (v) => Number.isInteger(v) && (v as number) >= -2_147_483_648 && (v as number) <= 2_147_483_647,
  ),
  bit: param<boolean>(
    "BIT",
    () => sql.Bit(),
    (v) => typeof v === "boolean",
  ),
  /** A point in time, stored to the millisecond in UTC. */
  time: param<Date>(
    "DATETIME2(3)",
    () => sql.DateTime2(3),
    (v) => v instanceof Date && !Number.isNaN(v.getTime()),
  ),
  /** Unicode text of at most `n` UTF-16 code units (NVARCHAR counts code units, as JavaScript does). */
  text: (n: number) =>
    param<string>(
      `NVARCHAR(${n})`,
      () => sql.NVarChar(n),
      (v) => typeof v === "string" && v.length <= n,
    ),
  maxText: param<string>(
    "NVARCHAR(MAX)",
    () => sql.NVarChar(sql.MAX),
    (v) => typeof v === "string",
  ),
  /** A JSON document opened on the server with OPENJSON. */
  json: param<string>(
    "NVARCHAR(MAX)",
    () => sql.NVarChar(sql.MAX),
    (v) => typeof v === "string",
  ),
  nullable<T>(p: Param<T>): Param<T | null> {
    return param<T | null>(`${p.declared} NULL`, p.sqlType, (v) => v === null || p.accepts(v));
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parameter of any value type
export type Params = Record<string, Param<any>>;
export type Values<Q extends Params> = { [K in keyof Q]: Q[K] extends Param<infer T> ? T : never };

export interface Query<Q extends Params> {
  readonly text: string;
  readonly params: Q;
}

export function query<Q extends Params>(text: string, params: Q): Query<Q> {
  return { text, params };
}

export type Row = Record<string, unknown>;

/** A pool (auto-commit) or an open transaction. */
export type Target = sql.ConnectionPool | sql.Transaction;

export async function run<Q extends Params>(
  target: Target,
  q: Query<Q>,
  values: Values<Q>,
): Promise<Row[][]> {
  const request = new sql.Request(target as sql.ConnectionPool);
  for (const name of Object.keys(q.params)) {
    const p = q.params[name]!;
    const value: unknown = values[name];
    // The message names the parameter and its type, never the value (it may be a password hash).
    if (!p.accepts(value))
      throw new TypeError(`SQL parameter @${name}: the value is not a valid ${p.declared}`);
    request.input(name, p.sqlType(), value);
  }
  try {
    const result = await request.query(q.text);
    return (result.recordsets as unknown as Row[][] | undefined) ?? [];
  } catch (error) {
    throw unavailable(error) ?? error;
  }
}

// The database cannot take writes or cannot be reached: read-only (3906), an availability-group
// replica not accessible or not primary (976, 983), data or log file full (1105, 9002), or the
// connection broke. Answered 503 like the SQLite store's vanished file; other errors pass unchanged.
const UNAVAILABLE_NUMBERS = new Set([3906, 976, 983, 1105, 9002]);
const UNAVAILABLE_CODES = new Set(["ESOCKET", "ECONNCLOSED", "ENOTOPEN", "ECONNRESET"]);

function unavailable(error: unknown): StoreUnavailableError | null {
  const e = error as {
    number?: unknown;
    code?: unknown;
    message?: unknown;
    originalError?: { number?: unknown; info?: { number?: unknown } };
  } | null;
  const numbers = [e?.number, e?.originalError?.number, e?.originalError?.info?.number];
  const hit =
    numbers.some((n) => typeof n === "number" && UNAVAILABLE_NUMBERS.has(n)) ||
    (typeof e?.code === "string" && UNAVAILABLE_CODES.has(e.code));
  if (!hit) return null;
  return new StoreUnavailableError(
    `数据库暂不可写或无法连接 / the database cannot be written or reached: ${String(e?.message)}`,
  );
}

/** Runs a script batch (a migration) that takes no parameters. */
export async function runBatch(target: Target, batch: string): Promise<void> {
  await new sql.Request(target as sql.ConnectionPool).batch(batch);
}
