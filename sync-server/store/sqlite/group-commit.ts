// Group commit for the SQLite store. With synchronous=FULL every COMMIT waits for the disk, and that
// wait, not the SQL, bounds how many submissions one process can write per second. Submissions that
// arrive together (in the same turn of the event loop, or while the previous group was being
// written) are therefore applied in ONE write transaction, each inside its own SAVEPOINT: a conflict
// or an error in one rolls back only its savepoint, the others stay, and one COMMIT (one disk flush)
// makes them all durable before any of their promises resolves.
//
// better-sqlite3 is synchronous, so once BEGIN IMMEDIATE has the write lock the whole group runs
// without yielding; only waiting for the lock (another process writing) is asynchronous, so that a
// busy file never blocks this process's event loop.
import type Database from "better-sqlite3";

/** At most this many submissions, and about this many rows, in one transaction. */
export const MAX_GROUP_SUBMISSIONS = 64;
export const MAX_GROUP_ROWS = 20_000;
/** How long to wait for another process's write lock before giving up (as busy_timeout did). */
export const LOCK_WAIT_MS = 10_000;

interface Pending<I, O> {
  input: I;
  size: number;
  resolve(value: O): void;
  reject(error: unknown): void;
}

export interface GroupCommitOptions {
  /** Told the size of each group (submissions, and their rows) once it is committed. */
  onCommit?: (submissions: number, rows: number) => void;
}

export class GroupCommit<I, O> {
  private queue: Pending<I, O>[] = [];
  private scheduled = false;
  private running: Promise<void> | null = null;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;
  private readonly savepoint: Database.Statement;
  private readonly release: Database.Statement;
  private readonly rollbackTo: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    /** Applies one item inside the open transaction; throws to have its savepoint rolled back. */
    private readonly apply: (input: I) => O,
    private readonly options: GroupCommitOptions = {},
  ) {
    this.begin = db.prepare("BEGIN IMMEDIATE");
    this.commit = db.prepare("COMMIT");
    this.rollback = db.prepare("ROLLBACK");
    this.savepoint = db.prepare("SAVEPOINT submission");
    this.release = db.prepare("RELEASE submission");
    this.rollbackTo = db.prepare("ROLLBACK TO submission");
  }

  /** Queues one item; resolves once the transaction holding it is committed. */
  submit(input: I, size = 1): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, size, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when nothing is queued or being written (before closing the database). */
  async idle(): Promise<void> {
    while (this.running || this.queue.length > 0 || this.scheduled) {
      await (this.running ?? new Promise((r) => setImmediate(r)));
    }
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    // setImmediate, not a microtask: requests whose bodies were read in this same turn of the event
    // loop reach the store before the group is taken.
    setImmediate(() => {
      this.scheduled = false;
      this.running = this.drain().finally(() => {
        this.running = null;
        if (this.queue.length > 0) this.schedule();
      });
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      try {
        await this.lock();
      } catch (error) {
        // Nobody got the lock for LOCK_WAIT_MS: every waiting submission fails, none was written.
        for (const p of this.queue.splice(0)) p.reject(error);
        return;
      }
      this.writeGroup(this.take());
    }
  }

  private take(): Pending<I, O>[] {
    let rows = 0;
    let n = 0;
    while (n < this.queue.length && n < MAX_GROUP_SUBMISSIONS) {
      if (n > 0 && rows + this.queue[n]!.size > MAX_GROUP_ROWS) break;
      rows += this.queue[n]!.size;
      n++;
    }
    return this.queue.splice(0, n);
  }

  /** BEGIN IMMEDIATE without blocking the event loop while another process holds the lock. */
  private async lock(): Promise<void> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      this.db.pragma("busy_timeout = 0");
      try {
        this.begin.run();
        return;
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) throw error;
      } finally {
        this.db.pragma(`busy_timeout = ${LOCK_WAIT_MS}`);
      }
      await new Promise((r) => setTimeout(r, 1 + Math.random() * 4));
    }
  }

  /** Runs with the transaction open; leaves it committed or rolled back. */
  private writeGroup(group: Pending<I, O>[]): void {
    const done: { pending: Pending<I, O>; ok: boolean; value: unknown }[] = [];
    for (let i = 0; i < group.length; i++) {
      const pending = group[i]!;
      this.savepoint.run();
      try {
        const value = this.apply(pending.input);
        this.release.run();
        done.push({ pending, ok: true, value });
      } catch (error) {
        if (this.db.inTransaction) {
          this.rollbackTo.run();
          this.release.run();
          done.push({ pending, ok: false, value: error });
          continue;
        }
        // Some errors (disk full, I/O) end the whole transaction: this one fails, the ones before it
        // (not committed, not answered) go back to the front of the queue, those after it too.
        pending.reject(error);
        this.queue.unshift(...done.map((d) => d.pending), ...group.slice(i + 1));
        return;
      }
    }
    try {
      this.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.rollback.run();
      for (const d of done) d.pending.reject(error);
      return;
    }
    this.options.onCommit?.(
      group.length,
      group.reduce((rows, p) => rows + p.size, 0),
    );
    for (const d of done) {
      if (d.ok) d.pending.resolve(d.value as O);
      else d.pending.reject(d.value);
    }
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}
