// Worksheet.charts: enough of Excel.Chart for a summary chart — add, name, title, position, delete.

import { parseAddress, type Rect } from "./address.ts";
import { fail } from "./errors.ts";
import { guardOption } from "./guard.ts";
import { splitCollectionLoad, type LoadTree } from "./load-spec.ts";
import {
  columnWidth,
  findSheet,
  isAlive,
  newId,
  rowHeight,
  type ChartModel,
  type SheetModel,
  type WorkbookModel,
} from "./model.ts";
import { ClientObject, type ContextLike, type Delivery, type ObjectMeta } from "./proxy.ts";
import type { Range, RangeTarget } from "./range.ts";

export const CHART_TYPES = [
  "ColumnClustered",
  "ColumnStacked",
  "ColumnStacked100",
  "3DColumnClustered",
  "3DColumnStacked",
  "3DColumnStacked100",
  "BarClustered",
  "BarStacked",
  "BarStacked100",
  "3DBarClustered",
  "3DBarStacked",
  "3DBarStacked100",
  "LineStacked",
  "LineStacked100",
  "LineMarkers",
  "LineMarkersStacked",
  "LineMarkersStacked100",
  "PieOfPie",
  "PieExploded",
  "3DPieExploded",
  "BarOfPie",
  "XYScatterSmooth",
  "XYScatterSmoothNoMarkers",
  "XYScatterLines",
  "XYScatterLinesNoMarkers",
  "AreaStacked",
  "AreaStacked100",
  "3DAreaStacked",
  "3DAreaStacked100",
  "DoughnutExploded",
  "RadarMarkers",
  "RadarFilled",
  "Surface",
  "SurfaceWireframe",
  "SurfaceTopView",
  "SurfaceTopViewWireframe",
  "Bubble",
  "Bubble3DEffect",
  "StockHLC",
  "StockOHLC",
  "StockVHLC",
  "StockVOHLC",
  "3DColumn",
  "Line",
  "3DLine",
  "3DPie",
  "Pie",
  "XYScatter",
  "3DArea",
  "Area",
  "Doughnut",
  "Radar",
  "Histogram",
  "Boxwhisker",
  "Pareto",
  "RegionMap",
  "Treemap",
  "Waterfall",
  "Sunburst",
  "Funnel",
];

const SERIES_BY = ["Auto", "Columns", "Rows"];

function checkChartType(type: unknown): string {
  return typeof type === "string" && CHART_TYPES.includes(type)
    ? type
    : fail("InvalidArgument", `unknown chart type ${String(type)}`);
}

const COLLECTION_META: ObjectMeta<SheetModel> = {
  typeName: "ChartCollection",
  scalars: { count: (s) => s.charts.length },
};

export class ChartCollection extends ClientObject<SheetModel> {
  constructor(context: ContextLike, resolver: () => SheetModel | null, createdBy: string) {
    super(context, COLLECTION_META, resolver, createdBy);
  }

  protected override stillExists(sheet: SheetModel, workbook: WorkbookModel): boolean {
    return isAlive(workbook, sheet);
  }

  get items(): Chart[] {
    return this.read("items");
  }
  get count(): number {
    return this.read("count");
  }

  override fetch(tree: LoadTree): Delivery {
    const { own, items } = splitCollectionLoad(tree, Object.keys(COLLECTION_META.scalars));
    const ownDelivery = super.fetch(own);
    const sheet = this.resolve();
    if (!sheet || !items) return ownDelivery;
    const charts = sheet.charts.map((chart) => new Chart(this.context, () => chart, "ChartCollection.items"));
    const deliveries = charts.map((chart) => chart.fetch(items));
    return () => {
      ownDelivery();
      this.deliverLoaded("items", charts);
      deliveries.forEach((deliver) => deliver());
    };
  }

  /** sourceData is a Range of the same request context (an address string is accepted too). */
  add(type: string, sourceData: Range | string, seriesBy = "Auto"): Chart {
    this.sameContext(sourceData);
    let created: ChartModel | undefined;
    const chart = new Chart(
      this.context,
      () => created ?? fail("ItemNotFound", "the chart was not created"),
      "ChartCollection.add",
    );
    this.queue("ChartCollection.add", (sheet, workbook) => {
      const chartType = checkChartType(type);
      if (!SERIES_BY.includes(seriesBy))
        fail("InvalidArgument", `seriesBy must be one of ${SERIES_BY.join(", ")}`);
      guardOption(sheet, "allowEditObjects");
      const source = sourceOf(sourceData, sheet, workbook);
      created = {
        id: newId(workbook),
        name: nextChartName(sheet),
        type: chartType,
        source,
        seriesBy,
        titleVisible: false,
        top: 0,
        left: 0,
        width: 360,
        height: 216,
      };
      sheet.charts.push(created);
    });
    return chart;
  }

  getItem(name: string): Chart {
    const chart = this.lookup(
      "ChartCollection.getItem",
      (s) => s.charts.find((c) => c.name === name || c.id === name),
      true,
    );
    this.instantiate(chart, "ChartCollection.getItem");
    return chart;
  }

  getItemOrNullObject(name: string): Chart {
    const chart = this.lookup(
      "ChartCollection.getItemOrNullObject",
      (s) => s.charts.find((c) => c.name === name),
      false,
    );
    this.instantiate(chart, "ChartCollection.getItemOrNullObject");
    return chart;
  }

  getItemAt(index: number): Chart {
    const chart = this.lookup("ChartCollection.getItemAt", (s) => s.charts[index], true);
    this.instantiate(chart, "ChartCollection.getItemAt");
    return chart;
  }

  private lookup(
    location: string,
    find: (sheet: SheetModel) => ChartModel | undefined,
    required: boolean,
  ): Chart {
    return new Chart(
      this.context,
      () => {
        const sheet = this.resolve();
        const found = sheet ? find(sheet) : undefined;
        if (!found && required && sheet) return fail("ItemNotFound", "no such chart");
        return found ?? null;
      },
      location,
    );
  }
}

function sourceOf(
  sourceData: Range | string,
  sheet: SheetModel,
  workbook: WorkbookModel,
): { sheet: SheetModel; rect: Rect } {
  if (typeof sourceData !== "string") {
    const target = sourceData.resolve() as RangeTarget | null;
    return target ?? fail("InvalidArgument", "the chart source range does not exist");
  }
  const parsed = parseAddress(sourceData);
  if (!parsed) return fail("InvalidArgument", `not an address: ${sourceData}`);
  const from = parsed.sheet === undefined ? sheet : findSheet(workbook, parsed.sheet);
  return from
    ? { sheet: from, rect: parsed.rect }
    : fail("InvalidArgument", `no sheet ${parsed.sheet ?? ""}`);
}

function nextChartName(sheet: SheetModel): string {
  const used = sheet.charts
    .map((c) => /^Chart (\d+)$/.exec(c.name)?.[1])
    .map(Number)
    .filter(Boolean);
  return `Chart ${Math.max(0, ...used) + 1}`;
}

function chartAlive(chart: ChartModel, workbook: WorkbookModel): boolean {
  return workbook.sheets.some((s) => s.charts.includes(chart));
}

const CHART_META: ObjectMeta<ChartModel> = {
  typeName: "Chart",
  scalars: {
    name: (c) => c.name,
    id: (c) => c.id,
    chartType: (c) => c.type,
    top: (c) => c.top,
    left: (c) => c.left,
    width: (c) => c.width,
    height: (c) => c.height,
  },
  navigations: { title: (self) => (self as Chart).title },
};

export class Chart extends ClientObject<ChartModel> {
  private titleProxy: ChartTitle | undefined;

  constructor(context: ContextLike, resolver: () => ChartModel | null, createdBy: string) {
    super(context, CHART_META, resolver, createdBy);
  }

  protected override stillExists(chart: ChartModel, workbook: WorkbookModel): boolean {
    return chartAlive(chart, workbook);
  }

  get title(): ChartTitle {
    this.titleProxy ??= new ChartTitle(this.context, () => this.resolve(), "Chart.title");
    return this.titleProxy;
  }

  get name(): string {
    return this.read("name");
  }
  set name(name: string) {
    this.write(
      "name",
      name,
      (c, v) => (c.name = typeof v === "string" && v ? v : fail("InvalidArgument", "empty chart name")),
    );
  }

  get id(): string {
    return this.read("id");
  }

  get chartType(): string {
    return this.read("chartType");
  }
  set chartType(type: string) {
    this.write("chartType", type, (c, v) => (c.type = checkChartType(v)));
  }

  get top(): number {
    return this.read("top");
  }
  set top(top: number) {
    this.write("top", top, (c, v) => (c.top = Number(v)));
  }
  get left(): number {
    return this.read("left");
  }
  set left(left: number) {
    this.write("left", left, (c, v) => (c.left = Number(v)));
  }
  get width(): number {
    return this.read("width");
  }
  set width(width: number) {
    this.write("width", width, (c, v) => (c.width = Number(v)));
  }
  get height(): number {
    return this.read("height");
  }
  set height(height: number) {
    this.write("height", height, (c, v) => (c.height = Number(v)));
  }

  /** Places the chart over cells: its top-left at startCell, and (optionally) its bottom-right at endCell. */
  setPosition(startCell: Range | string, endCell?: Range | string): void {
    this.sameContext(startCell);
    this.sameContext(endCell);
    this.queue("Chart.setPosition", (chart, workbook) => {
      const sheet = workbook.sheets.find((s) => s.charts.includes(chart)) as SheetModel;
      const start = positionRect(startCell, sheet);
      const box = (r: Rect) => cellBox(sheet, r);
      const first = box(start);
      chart.top = first.top;
      chart.left = first.left;
      if (endCell !== undefined) {
        const last = box(positionRect(endCell, sheet));
        chart.width = last.left + last.width - first.left;
        chart.height = last.top + last.height - first.top;
      }
    });
  }

  delete(): void {
    this.queue("Chart.delete", (chart, workbook) => {
      for (const sheet of workbook.sheets) sheet.charts = sheet.charts.filter((c) => c !== chart);
    });
  }
}

function positionRect(cell: Range | string, sheet: SheetModel): Rect {
  if (typeof cell !== "string") {
    const target = cell.resolve() as RangeTarget | null;
    return target?.rect ?? fail("InvalidArgument", "the position range does not exist");
  }
  const parsed = parseAddress(cell);
  if (!parsed || (parsed.sheet !== undefined && parsed.sheet !== sheet.name))
    return fail("InvalidArgument", `bad cell ${cell}`);
  return parsed.rect;
}

function cellBox(sheet: SheetModel, rect: Rect) {
  let top = 0;
  let left = 0;
  for (let r = 0; r < rect.row; r++) top += rowHeight(sheet, r);
  for (let c = 0; c < rect.col; c++) left += columnWidth(sheet, c);
  let height = 0;
  let width = 0;
  for (let r = rect.row; r < rect.row + rect.rows; r++) height += rowHeight(sheet, r);
  for (let c = rect.col; c < rect.col + rect.cols; c++) width += columnWidth(sheet, c);
  return { top, left, width, height };
}

const TITLE_META: ObjectMeta<ChartModel> = {
  typeName: "ChartTitle",
  scalars: {
    text: (c) => c.title ?? "",
    visible: (c) => c.titleVisible,
  },
};

export class ChartTitle extends ClientObject<ChartModel> {
  constructor(context: ContextLike, resolver: () => ChartModel | null, createdBy: string) {
    super(context, TITLE_META, resolver, createdBy);
  }

  protected override stillExists(chart: ChartModel, workbook: WorkbookModel): boolean {
    return chartAlive(chart, workbook);
  }

  get text(): string {
    return this.read("text");
  }
  set text(text: string) {
    this.write("text", text, (c, v) => {
      c.title = String(v ?? "");
      c.titleVisible = true;
    });
  }

  get visible(): boolean {
    return this.read("visible");
  }
  set visible(visible: boolean) {
    this.write("visible", visible, (c, v) => (c.titleVisible = v === true));
  }
}
