// Issue highlights painted with Office.js; what to paint is planned in addin/host/highlights.ts.
import { groupCells } from "./rects.ts";
import type { HighlightPlan } from "../host/highlights.ts";

export * from "../host/highlights.ts";

/** Queues the plan: clears first, then fills, in as few rectangles as the cells allow. */
export function queueHighlights(sheet: Excel.Worksheet, plan: HighlightPlan): void {
  for (const rect of groupCells(plan.clear)) {
    sheet.getRangeByIndexes(rect.row, rect.column, rect.rowCount, rect.columnCount).format.fill.clear();
  }
  for (const rect of groupCells(plan.fill)) {
    sheet.getRangeByIndexes(rect.row, rect.column, rect.rowCount, rect.columnCount).format.fill.color =
      rect.colour;
  }
}
