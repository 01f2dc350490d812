// WPS's Worksheet, Worksheets and ChartObjects over the Excel stand-in's model. Sheets are reached by
// 1-based index or by name (a very hidden one too); Add puts the new sheet after `After` and activates
// it; Delete refuses while DisplayAlerts would ask the user; Visible takes VBA's numbers.
import { parseAddress, type Rect } from "../excel-host/address.ts";
import { usedRect } from "../excel-host/layout.ts";
import { findSheet, type SheetModel, type WorkbookModel } from "../excel-host/model.ts";
import {
  activate,
  addSheet,
  deleteSheet,
  moveSheet,
  renameSheet,
  setVisibility,
} from "../excel-host/sheets.ts";
import { SELECTIONS, wpsRange } from "./range.ts";
import { WpsError, expectType, oneBased, strict } from "./strict.ts";

const VISIBLE: Record<number, "Visible" | "Hidden" | "VeryHidden"> = {
  [-1]: "Visible",
  0: "Hidden",
  2: "VeryHidden",
};
const CHART_TYPES: Record<number, string> = {
  51: "ColumnClustered",
  52: "ColumnStacked",
  57: "BarClustered",
  4: "Line",
  5: "Pie",
};

export interface Session {
  workbook: WorkbookModel;
  app: { DisplayAlerts: boolean };
  /** Sheet proxies by model, so `Item("x") === Item("x")`, as WPS answers the same object. */
  sheets: WeakMap<SheetModel, object>;
}

export function wpsWorksheets(session: Session): object {
  const book = session.workbook;
  return strict("Worksheets", {
    get Count() {
      return book.sheets.length;
    },
    Item(key: unknown) {
      if (typeof key === "number")
        return wpsSheet(session, book.sheets[oneBased(key, book.sheets.length, "Worksheets") - 1]!);
      expectType(key, "string", "Worksheets.Item");
      const sheet = findSheet(book, key as string);
      if (!sheet) throw new WpsError(`没有名为“${String(key)}”的工作表 / no sheet named ${String(key)}`);
      return wpsSheet(session, sheet);
    },
    Add(before?: unknown, after?: unknown) {
      const anchor = modelOf(book, after ?? before);
      const sheet = addSheet(book);
      if (anchor) {
        const at = book.sheets.indexOf(anchor) + (after ? 1 : 0);
        moveSheet(book, sheet, Math.min(at, book.sheets.length - 1));
      }
      activate(book, sheet);
      return wpsSheet(session, sheet);
    },
  });
}

function modelOf(book: WorkbookModel, proxy: unknown): SheetModel | undefined {
  if (proxy === undefined || proxy === null) return undefined;
  const name = (proxy as { Name?: unknown }).Name;
  const sheet = typeof name === "string" ? findSheet(book, name) : undefined;
  if (!sheet) throw new WpsError("Before/After 须为工作表 / Before/After must be a worksheet");
  return sheet;
}

export function wpsSheet(session: Session, sheet: SheetModel): object {
  const known = session.sheets.get(sheet);
  if (known) return known;
  const book = session.workbook;
  const alive = () => {
    if (!book.sheets.includes(sheet))
      throw new WpsError(`工作表已删除 / the sheet ${sheet.name} was deleted`);
  };
  const range = (rect: Rect) => (alive(), wpsRange(() => book, sheet, rect));
  const proxy = strict("Worksheet", {
    get Name() {
      return sheet.name;
    },
    set Name(v: unknown) {
      alive();
      renameSheet(book, sheet, v);
    },
    get Visible() {
      return { Visible: -1, Hidden: 0, VeryHidden: 2 }[sheet.visibility];
    },
    set Visible(v: unknown) {
      const visibility = VISIBLE[v as number];
      if (!visibility) throw new WpsError(`Visible 取值无效 / Visible takes -1, 0 or 2, got ${String(v)}`);
      setVisibility(book, sheet, visibility);
    },
    get ProtectContents() {
      return sheet.protection.protected;
    },
    get Protection() {
      return strict("Protection", {
        AllowFormattingCells: sheet.protection.options.allowFormatCells === true,
      });
    },
    get UsedRange() {
      // As in WPS: formatted cells count, and an empty sheet's used range is A1.
      return range(usedRect(sheet, false) ?? { row: 0, col: 0, rows: 1, cols: 1 });
    },
    Range(address: unknown) {
      expectType(address, "string", "Range");
      const parsed = parseAddress(address as string);
      if (!parsed || parsed.sheet !== undefined)
        throw new WpsError(`地址无效 / not an address: ${String(address)}`);
      return range(parsed.rect);
    },
    Cells(row: unknown, column: unknown) {
      const r = oneBased(row, 1_048_576, "Cells 行 / row");
      const c = oneBased(column, 16_384, "Cells 列 / column");
      return range({ row: r - 1, col: c - 1, rows: 1, cols: 1 });
    },
    Activate() {
      alive();
      activate(book, sheet, SELECTIONS.get(sheet));
    },
    Delete() {
      alive();
      if (session.app.DisplayAlerts)
        throw new WpsError(
          "删除工作表会弹出确认对话框,先设 DisplayAlerts = false / Delete would ask the user",
        );
      deleteSheet(book, sheet);
    },
    Protect(
      password?: unknown,
      _drawing?: unknown,
      contents?: unknown,
      _scenarios?: unknown,
      _ui?: unknown,
      cells?: unknown,
      columns?: unknown,
      rows?: unknown,
      ...rest: unknown[]
    ) {
      alive();
      if (sheet.protection.protected) return;
      sheet.protection = {
        protected: contents !== false,
        ...(typeof password === "string" && password !== "" ? { password } : {}),
        options: {
          allowFormatCells: cells === true,
          allowFormatColumns: columns === true,
          allowFormatRows: rows === true,
          allowAutoFilter: rest[7] === true,
        },
      };
    },
    Unprotect(password?: unknown) {
      const expected = sheet.protection.password;
      if (expected !== undefined && password !== expected) throw new WpsError("密码不正确 / wrong password");
      sheet.protection = { protected: false, options: {} };
    },
    ChartObjects() {
      return strict("ChartObjects", {
        Add(left: unknown, top: unknown, width: unknown, height: unknown) {
          for (const [v, what] of [
            [left, "Left"],
            [top, "Top"],
            [width, "Width"],
            [height, "Height"],
          ] as const)
            expectType(v, "number", `ChartObjects.Add ${what}`);
          const chart = {
            id: `chart-${sheet.charts.length + 1}`,
            name: `图表 ${sheet.charts.length + 1}`,
            type: "ColumnClustered",
            source: { sheet, rect: { row: 0, col: 0, rows: 1, cols: 1 } },
            seriesBy: "Auto",
            titleVisible: false,
            top: top as number,
            left: left as number,
            width: width as number,
            height: height as number,
          } as SheetModel["charts"][number];
          sheet.charts.push(chart);
          return strict("ChartObject", { Chart: wpsChart(book, chart) });
        },
      });
    },
  });
  session.sheets.set(sheet, proxy);
  return proxy;
}

function wpsChart(book: WorkbookModel, chart: SheetModel["charts"][number]): object {
  return strict("Chart", {
    set ChartType(v: unknown) {
      const type = CHART_TYPES[v as number];
      if (!type) throw new WpsError(`图表类型未模拟 / chart type not modelled: ${String(v)}`);
      chart.type = type;
    },
    set HasTitle(v: unknown) {
      expectType(v, "boolean", "HasTitle");
      chart.titleVisible = v as boolean;
    },
    ChartTitle: strict("ChartTitle", {
      set Text(v: unknown) {
        expectType(v, "string", "ChartTitle.Text");
        if (!chart.titleVisible) throw new WpsError("先设 HasTitle = true / set HasTitle first");
        chart.title = v as string;
      },
    }),
    SetSourceData(source: unknown, plotBy?: unknown) {
      const address = (source as { Address?: unknown; Row?: unknown } | null)?.Row;
      if (typeof address !== "number") throw new WpsError("SetSourceData 需要 Range / wants a Range");
      const r = source as {
        Row: number;
        Column: number;
        Rows: { Count: number };
        Columns: { Count: number };
      };
      const owner = book.sheets.find((s) => s.charts.includes(chart))!;
      chart.source = {
        sheet: owner,
        rect: { row: r.Row - 1, col: r.Column - 1, rows: r.Rows.Count, cols: r.Columns.Count },
      };
      chart.seriesBy = plotBy === 2 ? "Columns" : plotBy === 1 ? "Rows" : "Auto";
    },
  });
}
