// better-sqlite3 compiles SQL on every db.prepare(): under load that was the store's largest single
// cost (a token lookup, a period and the unit directory per request). The store's methods prepare
// their statements where they use them, which keeps each method readable; this cache makes that cheap
// by handing back the statement already compiled for the same text. Safe because the store only
// calls run/get/all (never pluck/raw/expand, which would change a shared statement's mode, nor
// iterate, which would hold it busy), and SQLite recompiles a cached statement by itself after a
// migration changes the schema.
import type Database from "better-sqlite3";

/** At most this many distinct statements are kept; the store has a few dozen. */
const LIMIT = 500;

export function cachePreparedStatements(db: Database.Database): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      if (cache.size >= LIMIT) cache.clear();
      cache.set(source, statement);
    }
    return statement;
  }) as typeof db.prepare;
}
