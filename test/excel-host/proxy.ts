// The proxy-object machinery every Excel object shares, with office.js's rules:
// - reading a property that was not loaded and synced throws PropertyNotLoaded;
// - setting a property or calling a method only queues an operation, applied at the next sync;
// - a proxy finds its document object lazily, when a queued operation first needs it.

import { HostFailure, OfficeExtensionError, defaultMessage, fail, propertyNotLoaded } from "./errors.ts";
import { emptyTree, parseLoad, type LoadTree } from "./load-spec.ts";
import type { WorkbookModel } from "./model.ts";

/** Runs at sync time: applies a change, or computes a load and returns how to hand it to the proxy. */
export type Delivery = () => void;
export interface Operation {
  location: string;
  run: () => Delivery | void;
}

/** The part of a request context proxies need (context.ts implements it). */
export interface ContextLike {
  readonly model: WorkbookModel;
  readonly completedSyncs: number;
  enqueue(operation: Operation): void;
}

export type Reader<T> = (target: T, workbook: WorkbookModel) => unknown;

export interface ObjectMeta<T> {
  typeName: string;
  /** Scalar properties a load can fetch, computed from the document object. */
  scalars: Record<string, Reader<T>>;
  /** Properties that are proxies themselves (range.format …). */
  navigations?: Record<string, (self: AnyClientObject) => AnyClientObject>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyClientObject = ClientObject<any>;

export abstract class ClientObject<T> {
  readonly context: ContextLike;
  private readonly meta: ObjectMeta<T>;
  private readonly resolver: () => T | null;
  private readonly createdBy: string;
  private readonly bornAt: number;
  private resolution: { target: T | null } | undefined;
  private readonly loaded = new Map<string, unknown>();

  protected constructor(
    context: ContextLike,
    meta: ObjectMeta<T>,
    resolver: () => T | null,
    createdBy: string,
  ) {
    this.context = context;
    this.meta = meta;
    this.resolver = resolver;
    this.createdBy = createdBy;
    this.bornAt = context.completedSyncs;
  }

  /** The document object, found on first use and kept for the context's lifetime (null: a null object). */
  resolve(): T | null {
    if (!this.resolution) {
      try {
        this.resolution = { target: this.resolver() };
      } catch (e) {
        if (e instanceof HostFailure && !e.location) throw new HostFailure(e.code, e.detail, this.createdBy);
        throw e;
      }
    }
    const target = this.resolution.target;
    if (target !== null && !this.stillExists(target, this.context.model)) {
      throw new HostFailure("ItemNotFound", `${this.meta.typeName} no longer exists`, this.createdBy);
    }
    return target;
  }

  /** Overridden where the document object can disappear (a deleted sheet). */
  protected stillExists(_target: T, _workbook: WorkbookModel): boolean {
    return true;
  }

  get isNullObject(): boolean {
    if (this.context.completedSyncs <= this.bornAt)
      throw propertyNotLoaded("isNullObject", this.meta.typeName);
    return this.knownNull();
  }

  private knownNull(): boolean {
    try {
      return this.resolve() === null;
    } catch {
      return false;
    }
  }

  /** A property value as of the last sync that loaded it (or as last set). */
  protected read<V>(name: string): V {
    if (this.loaded.has(name)) return this.loaded.get(name) as V;
    if (this.context.completedSyncs > this.bornAt && this.knownNull()) return undefined as V;
    throw propertyNotLoaded(name, this.meta.typeName);
  }

  /** A property write: kept locally (as office.js does) and applied at sync. */
  protected write(
    name: string,
    value: unknown,
    apply: (target: T, value: unknown, workbook: WorkbookModel) => void,
  ) {
    this.loaded.set(name, value);
    // Serialised at sync time, like office.js: later mutation of the array before sync is sent too.
    this.queue(`${this.meta.typeName}.${name}`, (target, workbook) =>
      apply(target, jsonCopy(value), workbook),
    );
  }

  /** A method call, applied at sync. */
  protected queue(location: string, action: (target: T, workbook: WorkbookModel) => void): void {
    this.context.enqueue({
      location,
      run: () => {
        const target = this.resolve();
        if (target !== null) action(target, this.context.model); // calls on a null object do nothing
      },
    });
  }

  /** A method whose primitive result is readable after sync (ClientResult). */
  protected queueResult<R>(
    location: string,
    action: (target: T, workbook: WorkbookModel) => R,
  ): ClientResult<R> {
    const result = new ClientResult<R>();
    this.context.enqueue({
      location,
      run: () => {
        const target = this.resolve();
        const value = target === null ? (null as R) : action(target, this.context.model);
        return () => result.deliver(value);
      },
    });
    return result;
  }

  /** Looks the object up at this point of the batch, as office.js's getItem does; a miss fails the sync. */
  protected instantiate(child: AnyClientObject, location: string): void {
    this.context.enqueue({ location, run: () => void child.resolve() });
  }

  protected sameContext(other: unknown): void {
    if (other instanceof ClientObject && other.context !== this.context) {
      throw new OfficeExtensionError("InvalidRequestContext", defaultMessage("InvalidRequestContext"), {
        errorLocation: this.meta.typeName,
      });
    }
  }

  load(spec?: unknown): this {
    const tree = parseLoad(spec);
    this.context.enqueue({ location: `${this.meta.typeName}.load`, run: () => this.fetch(tree) });
    return this;
  }

  /** Computes a load now (inside a sync) and returns its delivery. */
  fetch(tree: LoadTree): Delivery {
    const target = this.resolve();
    if (target === null) return () => undefined;
    const values = new Map<string, unknown>();
    const deliveries: Delivery[] = [];
    const names = tree.all ? Object.keys(this.meta.scalars) : [...tree.names];
    for (const name of names) {
      const reader = this.meta.scalars[name];
      if (reader) values.set(name, reader(target, this.context.model));
      else deliveries.push(this.navigation(name).fetch(emptyTree(true)));
    }
    for (const [name, sub] of tree.children) deliveries.push(this.navigation(name).fetch(sub));
    return () => {
      for (const [name, value] of values) this.loaded.set(name, value);
      for (const deliver of deliveries) deliver();
    };
  }

  protected deliverLoaded(name: string, value: unknown): void {
    this.loaded.set(name, value);
  }

  private navigation(name: string): AnyClientObject {
    const nav = this.meta.navigations?.[name];
    if (!nav) return fail("InvalidArgument", `${this.meta.typeName} has no property "${name}" to load`);
    return nav(this);
  }

  /** office.js's set(): several properties at once, nested objects for navigation properties. */
  set(properties: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(properties)) {
      const nav = this.meta.navigations?.[name];
      if (nav && typeof value === "object" && value !== null) nav(this).set(value as Record<string, unknown>);
      else if (name in this.meta.scalars) (this as unknown as Record<string, unknown>)[name] = value;
      else
        throw new OfficeExtensionError("InvalidArgument", defaultMessage("InvalidArgument"), {
          errorLocation: `${this.meta.typeName}.set`,
        });
    }
  }

  /** The loaded properties as plain data (what console.log / JSON.stringify show). */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = {};
    for (const [name, value] of this.loaded) {
      json[name] = Array.isArray(value)
        ? value.map((v: unknown) => (v instanceof ClientObject ? v.toJSON() : v))
        : value;
    }
    for (const [name, nav] of Object.entries(this.meta.navigations ?? {})) {
      const child = nav(this).toJSON();
      if (Object.keys(child).length) json[name] = child;
    }
    return json;
  }

  track(): this {
    return this;
  }

  untrack(): this {
    return this;
  }
}

export class ClientResult<T> {
  private loaded = false;
  private result: T | undefined;

  get value(): T {
    if (!this.loaded) throw new OfficeExtensionError("ValueNotLoaded", defaultMessage("ValueNotLoaded"));
    return this.result as T;
  }

  deliver(value: T): void {
    this.result = value;
    this.loaded = true;
  }
}

function jsonCopy(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (value instanceof ClientObject) return value; // proxies are passed by reference (e.g. a list source range)
  return JSON.parse(JSON.stringify(value)) as unknown;
}
