// The smaller jobs on a WPS worksheet: highlights, the status drop-down, locked task columns, the
// summary charts, fills. Rectangles come from addin/host/rects.ts so each is one call, not one per cell.
//
// Protection has no password, as in Excel (see addin/excel/protection.ts for why).
import type { DropDownText } from "../host/host.ts";
import type { HighlightPlan } from "../host/highlights.ts";
import { groupCells, type ColouredCell, type Run } from "../host/rects.ts";
import type { ChartTitles, SummaryLayout } from "../host/summary-layout.ts";
import { bgr } from "./colour.ts";
import { rangeAt } from "./range.ts";
import { xl, type WpsWorksheet } from "./wps-api.ts";

export function paintFills(sheet: WpsWorksheet, cells: readonly ColouredCell[]): void {
  for (const rect of groupCells(cells)) {
    rangeAt(sheet, rect.row, rect.column, rect.rowCount, rect.columnCount).Interior.Color = bgr(rect.colour);
  }
}

/** Clears first, then fills. */
export function paintHighlights(sheet: WpsWorksheet, plan: HighlightPlan): void {
  for (const rect of groupCells(plan.clear)) {
    rangeAt(sheet, rect.row, rect.column, rect.rowCount, rect.columnCount).Interior.ColorIndex =
      xl.colorIndexNone;
  }
  paintFills(sheet, plan.fill);
}

/** A list validation (warning, not stop: 完成 may still be typed and 校验 suggests 已完成). */
export function addStatusDropDown(
  sheet: WpsWorksheet,
  runs: readonly Run[],
  column: number,
  values: readonly string[],
  text: DropDownText,
): void {
  if (values.length === 0) return;
  for (const run of runs) {
    const validation = rangeAt(sheet, run.row, column, run.count, 1).Validation;
    validation.Delete();
    validation.Add(xl.validateList, xl.validAlertWarning, xl.between, values.join(","));
    validation.IgnoreBlank = true;
    validation.InCellDropdown = true;
    validation.ShowError = true;
    validation.ErrorTitle = text.title;
    validation.ErrorMessage = text.message;
  }
}

/** Every table cell locked, the editable columns of task rows unlocked, then protect (formatting allowed). */
export function lockTaskColumns(
  sheet: WpsWorksheet,
  size: { rows: number; columns: number },
  taskRuns: readonly Run[],
  editableColumns: readonly number[],
): void {
  rangeAt(sheet, 0, 0, size.rows, size.columns).Locked = true;
  const editable = [...editableColumns].sort((a, b) => a - b);
  for (const run of taskRuns) {
    for (const column of editable) rangeAt(sheet, run.row, column, run.count, 1).Locked = false;
  }
  // Protect(Password, DrawingObjects, Contents, Scenarios, UserInterfaceOnly, AllowFormattingCells,
  //   AllowFormattingColumns, AllowFormattingRows, …, AllowFiltering): fills stay possible for 校验.
  sheet.Protect(
    "",
    true,
    true,
    false,
    false,
    true,
    true,
    true,
    false,
    false,
    false,
    false,
    false,
    false,
    true,
  );
}

/** Both charts to the right of the tables (positions from the cells, as WPS measures in points). */
export function addSummaryCharts(sheet: WpsWorksheet, layout: SummaryLayout, titles: ChartTitles): number {
  let added = 0;
  const left = layout.width + 1;
  let top = Math.max(0, layout.sectionHeader);
  const place = (fromRow: number, toRow: number) => {
    const a = sheet.Cells(fromRow + 1, left + 1);
    const b = sheet.Cells(toRow + 1, left + 9);
    return sheet.ChartObjects().Add(a.Left, a.Top, Math.max(1, b.Left - a.Left), Math.max(1, b.Top - a.Top));
  };
  if (layout.sections > 0 && layout.statusCount > 0) {
    const source = rangeAt(sheet, layout.sectionHeader, 0, layout.sections + 1, layout.statusCount + 1);
    const chart = place(top, top + 17).Chart;
    chart.ChartType = xl.columnStacked;
    chart.SetSourceData(source, xl.columns);
    chart.HasTitle = true;
    chart.ChartTitle.Text = titles.byStatus;
    top += 19;
    added++;
  }
  if (layout.units > 0) {
    const source = rangeAt(sheet, layout.unitHeader, 0, layout.units + 1, 4);
    const chart = place(top, top + Math.max(17, layout.units + 4)).Chart;
    chart.ChartType = xl.barClustered;
    chart.SetSourceData(source, xl.columns);
    chart.HasTitle = true;
    chart.ChartTitle.Text = titles.byUnit;
    added++;
  }
  return added;
}
