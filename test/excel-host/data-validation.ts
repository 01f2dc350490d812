// Range.dataValidation: list rules (drop-downs), their prompt/alert, and clear().

import { qualifiedAddress } from "./address.ts";
import { fail } from "./errors.ts";
import { guardProtected } from "./guard.ts";
import { isAlive, type ListRule, type ValidationArea, type WorkbookModel } from "./model.ts";
import { ClientObject, type ContextLike, type ObjectMeta } from "./proxy.ts";
import type { RangeTarget } from "./range.ts";
import { allValid, areasTouching, clearRule, parseRule, ruleAt, setRule } from "./validation.ts";

function ruleJson(rule: ListRule) {
  return { list: { inCellDropDown: rule.inCellDropDown, source: rule.source } };
}

const META: ObjectMeta<RangeTarget> = {
  typeName: "DataValidation",
  scalars: {
    rule: (t) => {
      const found = ruleAt(t.sheet, t.rect);
      return found === "none" ? {} : found === "mixed" ? null : ruleJson(found.rule);
    },
    type: (t) => {
      const found = ruleAt(t.sheet, t.rect);
      return found === "none" ? "None" : found === "mixed" ? "Inconsistent" : "List";
    },
    valid: (t, workbook) => allValid(workbook, t.sheet, t.rect),
    ignoreBlanks: (t) => single(t, (a) => a.ignoreBlanks, true),
    errorAlert: (t) => single(t, (a) => ({ ...a.errorAlert }), null),
    prompt: (t) => single(t, (a) => ({ ...a.prompt }), null),
  },
};

function single<V>(t: RangeTarget, pick: (area: ValidationArea) => V, none: V): V | null {
  const found = ruleAt(t.sheet, t.rect);
  return found === "none" ? none : found === "mixed" ? null : pick(found);
}

export class DataValidation extends ClientObject<RangeTarget> {
  constructor(context: ContextLike, resolver: () => RangeTarget | null, createdBy: string) {
    super(context, META, resolver, createdBy);
  }

  protected override stillExists(target: RangeTarget, workbook: WorkbookModel): boolean {
    return isAlive(workbook, target.sheet);
  }

  get rule(): unknown {
    return this.read("rule");
  }
  /** A list source may be a Range proxy; it becomes the "=Sheet!$A$1:$A$9" reference Excel stores. */
  set rule(rule: unknown) {
    const source = (rule as { list?: { source?: unknown } } | null)?.list?.source;
    if (source instanceof ClientObject) this.sameContext(source);
    this.write("rule", withRangeSource(rule, source), (t, v) => {
      const list = (v as { list?: { source?: unknown } } | null)?.list;
      if (list && source instanceof ClientObject)
        list.source = rangeReference(source.resolve() as RangeTarget | null);
      setRule(t.sheet, t.rect, parseRule(v));
    });
  }

  get type(): string {
    return this.read("type");
  }
  get valid(): boolean {
    return this.read("valid");
  }

  get ignoreBlanks(): boolean | null {
    return this.read("ignoreBlanks");
  }
  set ignoreBlanks(ignore: boolean | null) {
    this.write("ignoreBlanks", ignore, (t, v) => this.updateAreas(t, (a) => (a.ignoreBlanks = v !== false)));
  }

  get errorAlert(): unknown {
    return this.read("errorAlert");
  }
  set errorAlert(alert: unknown) {
    this.write("errorAlert", alert, (t, v) => this.updateAreas(t, (a) => Object.assign(a.errorAlert, v)));
  }

  get prompt(): unknown {
    return this.read("prompt");
  }
  set prompt(prompt: unknown) {
    this.write("prompt", prompt, (t, v) => this.updateAreas(t, (a) => Object.assign(a.prompt, v)));
  }

  clear(): void {
    this.queue("DataValidation.clear", (t) => clearRule(t.sheet, t.rect));
  }

  private updateAreas(t: RangeTarget, change: (area: ValidationArea) => void): void {
    guardProtected(t.sheet, "changing data validation");
    areasTouching(t.sheet, t.rect).forEach(change);
  }
}

// JSON would flatten the proxy; keep a placeholder the sync replaces with the proxy's address.
function withRangeSource(rule: unknown, source: unknown): unknown {
  if (!(source instanceof ClientObject)) return rule;
  const r = rule as { list: Record<string, unknown> };
  return { ...r, list: { ...r.list, source: "=range" } };
}

function rangeReference(target: RangeTarget | null): string {
  if (!target) return fail("InvalidArgument", "the list source range does not exist");
  return `=${qualifiedAddress(target.sheet.name, target.rect)
    .replace(/!([A-Z]+)(\d+)/, "!$$$1$$$2")
    .replace(/:([A-Z]+)(\d+)$/, ":$$$1$$$2")}`;
}
