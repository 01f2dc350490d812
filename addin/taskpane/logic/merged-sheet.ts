// 拉取全市汇总: the merged sheet's colours (combined status, missing units) on top of the shared layout.
import { MISSING, type MergedView } from "../../../schema/merged-layout.ts";
import type { RenderedSheet } from "../../../schema/layout.ts";
import type { ColouredCell } from "../../host/rects.ts";

export const STATUS_FILLS: Record<string, string> = {
  已完成: "#C6EFCE",
  序时推进: "#DDEBF7",
  进度滞后: "#FFC7CE",
  未启动: "#EDEDED",
  [MISSING]: "#FFEB9C",
};
/** The progress cell of a task some unit has not reported. */
export const INCOMPLETE_FILL = "#FCE4D6";
const OTHER_STATUS_FILL = "#F2F2F2";

export function mergedFills(answer: MergedView, rendered: RenderedSheet): ColouredCell[] {
  const tasks = new Map(
    answer.sections.flatMap((s) => s.subsections.flatMap((ss) => ss.tasks)).map((t) => [t.seq, t]),
  );
  const cells: ColouredCell[] = [];
  rendered.seqs.forEach((seq, row) => {
    if (seq === null) return;
    const task = tasks.get(seq);
    if (!task) return;
    const status = task.combinedStatus ?? MISSING;
    cells.push({ row, column: rendered.statusColumn, colour: STATUS_FILLS[status] ?? OTHER_STATUS_FILL });
    if (!task.complete) cells.push({ row, column: rendered.statusColumn + 1, colour: INCOMPLETE_FILL });
  });
  return cells;
}
