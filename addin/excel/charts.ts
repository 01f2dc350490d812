// Native Excel charts on the summary sheet: status by section (stacked columns) and coverage by unit.
// Charts are ExcelApi 1.1; chart types are given by name so no Excel enum is needed at run time.
import { cellAddress } from "../../schema/text.ts";

export interface SummaryLayout {
  /** Row of the "板块 | statuses… | 合计" header. */
  sectionHeader: number;
  sections: number;
  /** Status columns after 板块 (合计 excluded). */
  statusCount: number;
  /** Row of the "单位 | 承担任务数 | 已报送 | 未报送 | 报送率" header. */
  unitHeader: number;
  units: number;
  width: number;
}

/** Finds the two tables in schema/merged-layout.ts's summaryGrid rows. */
export function summaryLayout(rows: readonly (readonly (string | number)[])[]): SummaryLayout {
  const sectionHeader = rows.findIndex((r) => r[0] === "板块");
  const unitHeader = rows.findIndex((r) => r[0] === "单位");
  const count = (from: number) => {
    let n = 0;
    // Up to the next blank row (rows may be padded to one width with "").
    while (from + 1 + n < rows.length && (rows[from + 1 + n] ?? []).some((v) => v !== "")) n++;
    return n;
  };
  return {
    sectionHeader,
    sections: sectionHeader === -1 ? 0 : count(sectionHeader),
    statusCount:
      sectionHeader === -1 ? 0 : Math.max(0, (rows[sectionHeader] ?? []).filter((v) => v !== "").length - 2),
    unitHeader,
    units: unitHeader === -1 ? 0 : count(unitHeader),
    width: Math.max(0, ...rows.map((r) => r.length)),
  };
}

export interface ChartTitles {
  byStatus: string;
  byUnit: string;
}

/** Queues both charts to the right of the tables. Returns how many were added. */
export function queueSummaryCharts(
  sheet: Excel.Worksheet,
  layout: SummaryLayout,
  titles: ChartTitles,
): number {
  let added = 0;
  const left = layout.width + 1;
  let top = Math.max(0, layout.sectionHeader);
  if (layout.sections > 0 && layout.statusCount > 0) {
    const source = sheet.getRangeByIndexes(
      layout.sectionHeader,
      0,
      layout.sections + 1,
      layout.statusCount + 1,
    );
    const chart = sheet.charts.add("ColumnStacked", source, "Columns");
    chart.title.text = titles.byStatus;
    chart.setPosition(cellAddress(top, left), cellAddress(top + 17, left + 8));
    top += 19;
    added++;
  }
  if (layout.units > 0) {
    // 单位 | 承担任务数 | 已报送 | 未报送: assigned next to reported and missing, per unit.
    const source = sheet.getRangeByIndexes(layout.unitHeader, 0, layout.units + 1, 4);
    const chart = sheet.charts.add("BarClustered", source, "Columns");
    chart.title.text = titles.byUnit;
    chart.setPosition(cellAddress(top, left), cellAddress(top + Math.max(17, layout.units + 4), left + 8));
    added++;
  }
  return added;
}
