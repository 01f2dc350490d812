// Excel.Workbook, its worksheet collection, and the request context that owns them.

import { RequestContextCore, type HostRuntime } from "./context.ts";
import { fail } from "./errors.ts";
import { splitCollectionLoad, type LoadTree } from "./load-spec.ts";
import { findSheet, type SheetModel, type WorkbookModel } from "./model.ts";
import {
  ClientObject,
  type ClientResult,
  type ContextLike,
  type Delivery,
  type ObjectMeta,
} from "./proxy.ts";
import { Range } from "./range.ts";
import { addSheet } from "./sheets.ts";
import { Worksheet } from "./worksheet.ts";

const COLLECTION_META: ObjectMeta<WorkbookModel> = { typeName: "WorksheetCollection", scalars: {} };

export class WorksheetCollection extends ClientObject<WorkbookModel> {
  constructor(context: ContextLike) {
    super(context, COLLECTION_META, () => context.model, "Workbook.worksheets");
  }

  get items(): Worksheet[] {
    return this.read("items");
  }

  override fetch(tree: LoadTree): Delivery {
    const { items } = splitCollectionLoad(tree, []);
    if (!items) return () => undefined;
    const sheets = this.context.model.sheets.map(
      (sheet) => new Worksheet(this.context, () => sheet, "WorksheetCollection.items"),
    );
    const deliveries = sheets.map((sheet) => sheet.fetch(items));
    return () => {
      this.deliverLoaded("items", sheets);
      deliveries.forEach((deliver) => deliver());
    };
  }

  add(name?: string): Worksheet {
    let created: SheetModel | undefined;
    const sheet = new Worksheet(
      this.context,
      () => created ?? fail("ItemNotFound", "the sheet was not added"),
      "WorksheetCollection.add",
    );
    this.queue("WorksheetCollection.add", (workbook) => {
      created = addSheet(workbook, name);
    });
    return sheet;
  }

  /** By name (case-insensitive, as Excel) or id; a missing sheet fails the sync with ItemNotFound. */
  getItem(key: string): Worksheet {
    return this.lookup("WorksheetCollection.getItem", key, true);
  }

  getItemOrNullObject(key: string): Worksheet {
    return this.lookup("WorksheetCollection.getItemOrNullObject", key, false);
  }

  private lookup(location: string, key: string, required: boolean): Worksheet {
    const sheet = new Worksheet(
      this.context,
      () => {
        const found =
          findSheet(this.context.model, key) ?? this.context.model.sheets.find((s) => s.id === key);
        if (!found && required) return fail("ItemNotFound", `no worksheet named "${key}"`);
        return found ?? null;
      },
      location,
    );
    this.instantiate(sheet, location);
    return sheet;
  }

  getActiveWorksheet(): Worksheet {
    const sheet = new Worksheet(
      this.context,
      () => this.context.model.activeSheet ?? fail("ItemNotFound"),
      "WorksheetCollection.getActiveWorksheet",
    );
    this.instantiate(sheet, "WorksheetCollection.getActiveWorksheet");
    return sheet;
  }

  getFirst(visibleOnly = false): Worksheet {
    return this.pick("WorksheetCollection.getFirst", (sheets) => sheets[0], visibleOnly);
  }

  getLast(visibleOnly = false): Worksheet {
    return this.pick("WorksheetCollection.getLast", (sheets) => sheets[sheets.length - 1], visibleOnly);
  }

  private pick(
    location: string,
    choose: (sheets: SheetModel[]) => SheetModel | undefined,
    visibleOnly: boolean,
  ): Worksheet {
    const sheet = new Worksheet(
      this.context,
      () => {
        const sheets = this.context.model.sheets.filter((s) => !visibleOnly || s.visibility === "Visible");
        return choose(sheets) ?? fail("ItemNotFound");
      },
      location,
    );
    this.instantiate(sheet, location);
    return sheet;
  }

  getCount(visibleOnly = false): ClientResult<number> {
    return this.queueResult(
      "WorksheetCollection.getCount",
      (workbook) => workbook.sheets.filter((s) => !visibleOnly || s.visibility === "Visible").length,
    );
  }
}

const APPLICATION_META: ObjectMeta<WorkbookModel> = {
  typeName: "Application",
  scalars: { calculationMode: () => "Automatic" },
};

/** Calculation is not modelled; these calls are accepted so add-in code can make them. */
export class Application extends ClientObject<WorkbookModel> {
  constructor(context: ContextLike) {
    super(context, APPLICATION_META, () => context.model, "Workbook.application");
  }

  get calculationMode(): string {
    return this.read("calculationMode");
  }

  calculate(_calculationType?: string): void {
    this.queue("Application.calculate", () => undefined);
  }

  suspendApiCalculationUntilNextSync(): void {
    this.queue("Application.suspendApiCalculationUntilNextSync", () => undefined);
  }

  suspendScreenUpdatingUntilNextSync(): void {
    this.queue("Application.suspendScreenUpdatingUntilNextSync", () => undefined);
  }
}

const WORKBOOK_META: ObjectMeta<WorkbookModel> = {
  typeName: "Workbook",
  scalars: { name: () => "Book1.xlsx" },
  navigations: {
    worksheets: (self) => (self as Workbook).worksheets,
    application: (self) => (self as Workbook).application,
  },
};

export class Workbook extends ClientObject<WorkbookModel> {
  readonly worksheets: WorksheetCollection;
  readonly application: Application;

  constructor(context: ContextLike) {
    super(context, WORKBOOK_META, () => context.model, "RequestContext.workbook");
    this.worksheets = new WorksheetCollection(context);
    this.application = new Application(context);
  }

  get name(): string {
    return this.read("name");
  }

  getSelectedRange(): Range {
    const range = new Range(
      this.context,
      () => this.context.model.selection ?? fail("InvalidSelection"),
      "Workbook.getSelectedRange",
    );
    this.instantiate(range, "Workbook.getSelectedRange");
    return range;
  }

  getActiveCell(): Range {
    const range = new Range(
      this.context,
      () => {
        const selection = this.context.model.selection ?? fail("InvalidSelection");
        return {
          sheet: selection.sheet,
          rect: { row: selection.rect.row, col: selection.rect.col, rows: 1, cols: 1 },
        };
      },
      "Workbook.getActiveCell",
    );
    this.instantiate(range, "Workbook.getActiveCell");
    return range;
  }
}

/** Excel.RequestContext: `context.workbook`, `context.sync()`, `context.trackedObjects`. */
export class RequestContext extends RequestContextCore {
  readonly workbook: Workbook;

  constructor(runtime: HostRuntime) {
    super(runtime);
    this.workbook = new Workbook(this);
  }
}
