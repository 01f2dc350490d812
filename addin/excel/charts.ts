// Native Excel charts on the summary sheet: status by section (stacked columns) and coverage by unit.
// Charts are ExcelApi 1.1; chart types are given by name so no Excel enum is needed at run time.
import { cellAddress } from "../../schema/text.ts";
import type { ChartTitles, SummaryLayout } from "../host/summary-layout.ts";

export { summaryLayout, type ChartTitles, type SummaryLayout } from "../host/summary-layout.ts";

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
