// Who writes the SQLite store's submissions. For a database file, a thread of its own
// (writer-thread-main.ts) with its own connection: under load the SQL and each COMMIT's wait for the
// disk then run beside the event loop that parses, checks and answers requests, instead of stopping
// it. For `:memory:` (one connection is the whole database) the store's own connection, in the same
// group commit. Either way a submission's promise resolves only once its group is committed.
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";
import type { SubmissionInput, SubmissionOutcome } from "../store.ts";
import { GroupCommit, type GroupCommitOptions } from "./group-commit.ts";
import { applySubmission, submissionStatements, type SubmissionStatements } from "./submissions.ts";

export interface SubmissionWriter {
  apply(input: SubmissionInput): Promise<SubmissionOutcome>;
  /** Resolves when no submission is waiting for its answer. */
  idle(): Promise<void>;
  /** Waits for the submissions already given, then stops. */
  close(): Promise<void>;
}

/** Messages to the writer thread and back. */
export type ToWriter =
  { kind: "apply"; submissions: { id: number; input: SubmissionInput }[] } | { kind: "close" };
export type FromWriter =
  | { kind: "commit"; size: number; rows: number }
  | { kind: "done"; id: number; ok: true; value: SubmissionOutcome }
  | {
      kind: "done";
      id: number;
      ok: false;
      error: { message: string; code: string | null; stack: string | null };
    };

/** Group commit on the store's own connection (the `:memory:` database). */
export function inThreadWriter(db: Database.Database, options: GroupCommitOptions): SubmissionWriter {
  let statements: SubmissionStatements | null = null;
  const group = new GroupCommit<SubmissionInput, SubmissionOutcome>(
    db,
    (input) => applySubmission((statements ??= submissionStatements(db)), input),
    options,
  );
  return {
    apply: (input) => group.submit(input, input.rows.length),
    idle: () => group.idle(),
    close: () => group.idle(),
  };
}

const THREAD_URL = new URL("./writer-thread.mjs", import.meta.url);

interface Waiting {
  resolve(outcome: SubmissionOutcome): void;
  reject(error: Error): void;
}

/** The writer thread, started at the first submission and started again if it ever dies. */
export class ThreadWriter implements SubmissionWriter {
  private thread: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private outbox: { id: number; input: SubmissionInput }[] = [];
  private idleWaiters: (() => void)[] = [];
  private nextId = 1;

  constructor(
    private readonly file: string,
    private readonly options: GroupCommitOptions = {},
  ) {}

  apply(input: SubmissionInput): Promise<SubmissionOutcome> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve, reject });
      // The submissions of one turn of the event loop go to the thread in one message, so that they
      // reach its group commit together, as they would on this thread.
      if (this.outbox.push({ id, input }) === 1) setImmediate(() => this.send());
    });
  }

  private send(): void {
    const submissions = this.outbox.splice(0);
    const thread = this.thread ?? this.start();
    // Keeps the process alive while an answer is due, not longer (a CLI command must be able to end).
    thread.ref();
    thread.postMessage({ kind: "apply", submissions } satisfies ToWriter);
  }

  async idle(): Promise<void> {
    while (this.waiting.size > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    await this.idle();
    const thread = this.thread;
    if (!thread) return;
    this.thread = null;
    const exited = new Promise((resolve) => thread.once("exit", resolve));
    // Kept alive until it has closed its connection: an unreferenced thread would let the process end first.
    thread.ref();
    thread.postMessage({ kind: "close" } satisfies ToWriter);
    await exited;
  }

  private start(): Worker {
    const thread = new Worker(THREAD_URL, {
      workerData: { file: this.file, reportCommits: this.options.onCommit !== undefined },
    });
    thread.unref();
    thread.on("message", (message: FromWriter) => this.answer(message));
    thread.on("error", (error) => this.stopped(thread, error));
    thread.on("exit", (code) =>
      this.stopped(
        thread,
        new Error(
          `提交写入线程意外结束(${code}) / the submission writer stopped unexpectedly (exit ${code})`,
        ),
      ),
    );
    this.thread = thread;
    return thread;
  }

  private answer(message: FromWriter): void {
    if (message.kind === "commit") {
      this.options.onCommit?.(message.size, message.rows);
      return;
    }
    const waiting = this.waiting.get(message.id);
    if (!waiting) return;
    this.waiting.delete(message.id);
    if (message.ok) waiting.resolve(message.value);
    else {
      const { message: text, code, stack } = message.error;
      waiting.reject(Object.assign(new Error(text), code ? { code } : {}, stack ? { stack } : {}));
    }
    this.settled();
  }

  /** The thread died: every submission waiting on it fails (none is answered as written unless it was). */
  private stopped(thread: Worker, error: Error): void {
    if (this.thread === thread) this.thread = null;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
    this.settled();
  }

  private settled(): void {
    if (this.waiting.size > 0) return;
    this.thread?.unref();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
