// A request context: the queue of operations and the sync that applies them in order.
// A failing operation rejects the sync; what ran before it stays applied, the rest is dropped,
// and nothing loaded in that batch is delivered (office.js discards the whole response).

import { HostFailure, errorFromFailure, officeError } from "./errors.ts";
import type { WorkbookModel } from "./model.ts";
import type { ContextLike, Delivery, Operation } from "./proxy.ts";

/** What all contexts of one host share. */
export interface HostRuntime {
  model: WorkbookModel;
  syncs: number;
  /** An operation queued on a context whose Excel.run had finished; the next sync reports it. */
  stray: string | undefined;
}

export class RequestContextCore implements ContextLike {
  readonly runtime: HostRuntime;
  readonly trackedObjects = { add: (_object: unknown) => undefined, remove: (_object: unknown) => undefined };
  completedSyncs = 0;
  private pending: Operation[] = [];
  private closed = false;

  constructor(runtime: HostRuntime) {
    this.runtime = runtime;
  }

  get model(): WorkbookModel {
    return this.runtime.model;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  enqueue(operation: Operation): void {
    if (this.closed) this.runtime.stray ??= operation.location;
    this.pending.push(operation);
  }

  /** Called when Excel.run's batch has finished: its proxies are released. */
  close(): void {
    this.closed = true;
  }

  async sync<T>(passThroughValue?: T): Promise<T> {
    this.runtime.syncs++;
    const batch = this.pending;
    this.pending = [];
    await Promise.resolve(); // a round trip: code after an un-awaited sync still sees unloaded proxies
    try {
      this.refuseReleasedObjects(batch);
      const deliveries = batch.map(runOperation).filter((d): d is Delivery => d !== undefined);
      for (const deliver of deliveries) deliver();
      return passThroughValue as T;
    } finally {
      this.completedSyncs++;
    }
  }

  private refuseReleasedObjects(batch: Operation[]): void {
    const stray = this.runtime.stray;
    if (stray !== undefined) {
      this.runtime.stray = undefined;
      throw officeError("InvalidObjectPath", stray);
    }
    const first = batch[0];
    if (this.closed && first) throw officeError("InvalidObjectPath", first.location);
  }
}

function runOperation(operation: Operation): Delivery | undefined {
  try {
    return operation.run() ?? undefined;
  } catch (e) {
    if (e instanceof HostFailure) throw errorFromFailure(e, operation.location);
    throw e;
  }
}
