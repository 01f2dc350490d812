// `keywork serve --workers N`: one port, N server processes (node:cluster). The primary migrates the
// database once, forks the workers, restarts one that dies (with a growing pause when a worker keeps
// dying at start, so a broken configuration does not spin the CPU), and on SIGTERM/SIGINT lets every
// worker finish its requests in flight before exiting 0. Workers hold no state another needs: the
// database is the only thing they share.
import cluster, { type Worker } from "node:cluster";
import { availableParallelism } from "node:os";
import type { Logger } from "pino";

/** A worker that dies sooner than this after its start counts as failing at start. */
const HEALTHY_AFTER_MS = 5_000;
const FIRST_PAUSE_MS = 250;
const LONGEST_PAUSE_MS = 30_000;
/** Workers still busy this long after a shutdown signal are killed. */
const DRAIN_MS = 30_000;

/** `--workers` or WORKERS: a whole number from 1, or `auto` for one per available core. */
export function parseWorkers(value: string | undefined): number | null {
  if (value === undefined || value === "") return 1;
  if (value === "auto") return availableParallelism();
  if (!/^[1-9]\d{0,2}$/u.test(value)) return null;
  return Number(value);
}

/** The message a worker sends the primary once it listens. */
export interface ListeningMessage {
  type: "keywork:listening";
  url: string;
  port: number;
}

export function isListeningMessage(m: unknown): m is ListeningMessage {
  return typeof m === "object" && m !== null && (m as { type?: unknown }).type === "keywork:listening";
}

/** How long to wait before restarting a worker that has failed `failures` times in a row at start. */
export function restartPause(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** (failures - 1));
}

export interface PrimaryOptions {
  workers: number;
  logger: Logger;
  /** PORT for the first worker (0: any free port; the others then share the port it got). */
  port: number;
  /** Called once every first worker listens, with the address they share. */
  onListening(url: string): void;
}

/**
 * Runs the primary until a signal ends it; resolves with the exit code. The workers are this same
 * program (`cluster.isWorker`), started with KEYWORK_WORKER=1.
 */
export function runPrimary(options: PrimaryOptions): Promise<number> {
  return new Promise<number>((resolve) => {
    const primary = new Primary(options, resolve);
    cluster.on("exit", (worker, code, signal) => primary.exited(worker, code, signal));
    process.on("SIGTERM", () => primary.stop("SIGTERM"));
    process.on("SIGINT", () => primary.stop("SIGINT"));
    void primary.startAll();
  });
}

/** The primary's workers: forking, restarting, stopping. */
class Primary {
  private readonly logger: Logger;
  private port: number;
  private url = "";
  private stopping = false;
  private started = false;
  private exitCode = 0;
  private readonly startedAt = new Map<Worker, number>();
  // Ours, not cluster.workers: a dead worker stays listed there until its IPC channel closes.
  private readonly live = new Set<Worker>();
  // node:cluster shares one listening socket between workers that ask for the same address and
  // port, PORT=0 included; a worker asking for the port the first one got would try to bind it anew.
  // So every worker asks for the configured PORT while some worker holds the socket, and only a
  // restart after every worker died asks for the port they had, to keep the address.
  private readonly holding = new Set<Worker>();
  private failuresAtStart = 0;

  constructor(
    private readonly options: PrimaryOptions,
    private readonly resolve: (exitCode: number) => void,
  ) {
    this.logger = options.logger;
    this.port = options.port;
  }

  /** The first worker finds the port (PORT=0 picks one), then the others join it. */
  async startAll(): Promise<void> {
    const { options, logger } = this;
    try {
      const first = await this.listening(this.fork());
      this.port = first.port;
      this.url = first.url;
      await Promise.all(Array.from({ length: options.workers - 1 }, () => this.listening(this.fork())));
    } catch (error) {
      logger.error({ err: error }, "a worker could not start; stopping");
      process.stderr.write(`keywork: ${(error as Error).message}\n`);
      this.exitCode = 1;
      this.stop("startup failure");
      return;
    }
    this.started = true;
    logger.info(
      { url: this.url, workers: options.workers, pids: [...this.live].map((w) => w.process.pid) },
      "keywork workers listening",
    );
    options.onListening(this.url);
  }

  private fork(): Worker {
    const ask = this.holding.size > 0 || this.url === "" ? this.options.port : this.port;
    const worker = cluster.fork({ KEYWORK_WORKER: "1", PORT: String(ask) });
    this.startedAt.set(worker, Date.now());
    this.live.add(worker);
    return worker;
  }

  private listening(worker: Worker): Promise<ListeningMessage> {
    return new Promise<ListeningMessage>((resolve, reject) => {
      const onMessage = (m: unknown) => {
        if (!isListeningMessage(m)) return;
        this.holding.add(worker);
        worker.off("exit", onExit);
        resolve(m);
      };
      const onExit = (code: number | null, signal: string | null) => {
        worker.off("message", onMessage);
        reject(new Error(`worker ${worker.id} exited before listening (${signal ?? code})`));
      };
      worker.on("message", onMessage);
      worker.once("exit", onExit);
    });
  }

  exited(worker: Worker, code: number, signal: string): void {
    const lived = Date.now() - (this.startedAt.get(worker) ?? 0);
    this.startedAt.delete(worker);
    this.live.delete(worker);
    this.holding.delete(worker);
    if (this.stopping || !this.started) {
      if (code !== 0) this.exitCode = 1;
      this.logger.info({ worker: worker.id, pid: worker.process.pid, code, signal }, "worker stopped");
      if (this.stopping) this.finish();
      return;
    }
    this.failuresAtStart = lived < HEALTHY_AFTER_MS ? this.failuresAtStart + 1 : 0;
    const pause = restartPause(this.failuresAtStart);
    this.logger.warn(
      { worker: worker.id, pid: worker.process.pid, code, signal, restartInMs: pause },
      "worker died; restarting it",
    );
    setTimeout(() => {
      if (this.stopping) return;
      const replacement = this.fork();
      this.listening(replacement).then(
        () => this.logger.warn({ worker: replacement.id, pid: replacement.process.pid }, "worker restarted"),
        () => undefined, // its exit is reported (and retried) by this same handler
      );
    }, pause).unref();
  }

  stop(signal: string): void {
    if (this.stopping) {
      // A second signal: no more waiting.
      for (const w of this.live) w.process.kill("SIGKILL");
      return;
    }
    this.stopping = true;
    this.logger.info({ signal }, "shutting down: workers finish their requests");
    for (const w of this.live) w.process.kill("SIGTERM");
    setTimeout(() => {
      for (const w of this.live) w.process.kill("SIGKILL");
    }, DRAIN_MS).unref();
    this.finish();
  }

  private finish(): void {
    if (this.live.size === 0) this.resolve(this.exitCode);
  }
}
