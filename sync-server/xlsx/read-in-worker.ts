// Reading a workbook off the request thread: reads run in worker threads with a heap cap and a time
// limit, at most WORKER_LIMITS.concurrency at once, so a hostile file costs one worker (ended at the
// limit and answered 413/422), never the server's event loop or its memory. Threads are kept for the
// next read (starting one loads the TypeScript loader: about half a second), and replaced when one ends.
import { Worker } from "node:worker_threads";
import { UnreadableWorkbookError, UploadRejectedError, type WorkbookLimitCode } from "./read-errors.ts";
import type { WorkerAnswer, WorkerRequest } from "./read-worker-main.ts";
import { READ_LIMITS, type ReadLimits, type ReadWorkbook } from "./read-xlsx.ts";

export interface WorkerLimits {
  /** Wall-clock time one read may take, start-up of the worker included. */
  timeMs: number;
  /** V8 heap of one worker (old generation); unpacked bytes are bounded separately by ReadLimits. */
  heapMb: number;
  /** Reads running at once; more wait their turn. */
  concurrency: number;
  /** Reads waiting; beyond that the server is busy (503). */
  queue: number;
}

export const WORKER_LIMITS: WorkerLimits = { timeMs: 20_000, heapMb: 192, concurrency: 2, queue: 32 };

/** Too many reads waiting: a server condition, not the file's fault. */
export class ReaderBusyError extends Error {
  readonly status = 503;
  readonly code = "busy";
}

const WORKER_URL = new URL("./read-worker.mjs", import.meta.url);

let running = 0;
const waiting: (() => void)[] = [];

async function slot(limits: WorkerLimits): Promise<() => void> {
  if (running >= limits.concurrency) {
    if (waiting.length >= limits.queue)
      throw new ReaderBusyError(
        "服务器正忙于读取其他工作簿,请稍后重试 / the server is busy reading other workbooks; try again shortly",
      );
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else running++;
  return () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
}

export async function readWorkbookInWorker(
  data: Buffer | ArrayBuffer | Uint8Array,
  options: { metadata?: boolean; limits?: ReadLimits; worker?: WorkerLimits } = {},
): Promise<ReadWorkbook> {
  const worker = options.worker ?? WORKER_LIMITS;
  const release = await slot(worker);
  try {
    const index = idle.findIndex((t) => t.heapMb === worker.heapMb);
    const thread = index >= 0 ? idle.splice(index, 1)[0]! : new ReaderThread(worker.heapMb);
    try {
      // A copy the worker owns (transferred, not cloned again): the caller's buffer stays usable.
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data.slice(0)) : new Uint8Array(data);
      return await thread.read(
        { id: 0, data: bytes, limits: options.limits ?? READ_LIMITS, metadata: options.metadata ?? false },
        worker.timeMs,
      );
    } finally {
      // Back to the pool after a refusal too (a thread left aside would live on, unused, for ever);
      // never more idle threads than may run at once.
      if (!thread.dead) {
        if (idle.length < worker.concurrency) idle.push(thread);
        else thread.stop();
      }
    }
  } finally {
    release();
  }
}

/** Threads waiting for their next read (unref'd, so they never keep a CLI process alive). */
const idle: ReaderThread[] = [];
/** Every thread not yet ended, idle or reading. */
const live = new Set<ReaderThread>();

/** How many reader threads exist now (for tests: they must not pile up). */
export function readerThreadCount(): number {
  return live.size;
}
let nextId = 1;

/**
 * One reader thread, reused read after read. A read that passes the time limit, runs the heap out or
 * makes the thread exit ends the thread (`dead`); a refused workbook does not.
 */
class ReaderThread {
  readonly thread: Worker;
  dead = false;
  private pending: { id: number; resolve(w: ReadWorkbook): void; reject(e: Error): void } | null = null;

  constructor(readonly heapMb: number) {
    this.thread = new Worker(WORKER_URL, {
      resourceLimits: {
        maxOldGenerationSizeMb: heapMb,
        maxYoungGenerationSizeMb: Math.min(32, Math.max(4, Math.floor(heapMb / 8))),
        stackSizeMb: 4,
      },
    });
    this.thread.unref();
    live.add(this);
    this.thread.on("message", (answer: WorkerAnswer) => {
      const pending = this.pending;
      if (!pending || answer.id !== pending.id) return;
      this.pending = null;
      this.thread.unref();
      if (answer.ok) pending.resolve(answer.workbook);
      else if (answer.kind === "refused")
        pending.reject(new UploadRejectedError(answer.code as WorkbookLimitCode, answer.message));
      else
        pending.reject(
          Object.assign(new Error(`workbook reader failed: ${answer.message}`), { stack: answer.stack }),
        );
    });
    this.thread.on("error", (error: Error & { code?: string }) => {
      this.end(
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? new UploadRejectedError(
              "too-large",
              `读取工作簿所需内存超过上限 ${this.heapMb} MB / reading the workbook needs more than the limit of ${this.heapMb} MB of memory`,
            )
          : error,
      );
    });
    this.thread.on("exit", (code) => {
      this.end(
        new UnreadableWorkbookError(
          `读取工作簿的线程意外结束(${code}) / the workbook reader stopped unexpectedly (exit ${code})`,
        ),
      );
    });
  }

  read(request: WorkerRequest, timeMs: number): Promise<ReadWorkbook> {
    const id = nextId++;
    return new Promise<ReadWorkbook>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.end(
          new UploadRejectedError(
            "too-slow",
            `读取工作簿超过时间上限 ${timeMs / 1000} 秒 / reading the workbook took longer than the limit of ${timeMs / 1000} s`,
          ),
        );
      }, timeMs);
      this.pending = {
        id,
        resolve: (w) => (clearTimeout(timer), resolve(w)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
      this.thread.ref();
      this.thread.postMessage({ ...request, id }, [request.data.buffer as ArrayBuffer]);
    });
  }

  /** Ends a thread that is not needed any more. */
  stop(): void {
    this.end(new Error("reader thread stopped"));
  }

  /** The thread is finished: the read in progress fails with `error`, the thread is stopped. */
  private end(error: Error): void {
    if (!this.dead) {
      this.dead = true;
      live.delete(this);
      const at = idle.indexOf(this);
      if (at >= 0) idle.splice(at, 1);
      void this.thread.terminate();
    }
    const pending = this.pending;
    this.pending = null;
    pending?.reject(error);
  }
}
