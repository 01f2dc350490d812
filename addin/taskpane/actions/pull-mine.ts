// 获取本单位任务: the unit's rows of a period into a new sheet in the official layout, with a status
// drop-down, locked task columns and the hidden metadata. Excel syncs: 3 (read, write, metadata with
// the new id).
import { runsOf } from "../../host/rects.ts";
import type { TasksAnswer } from "../../../schema/api.ts";
import { t } from "../i18n.ts";
import { mySheetLayout, periodCache, pulledMetadata } from "../logic/my-sheet.ts";
import { mySheetName, uniqueSheetName } from "../logic/sheet-names.ts";
import { savePeriodCache } from "../storage.ts";
import { hostOf, type ActionEnv } from "./env.ts";

export interface PullMineResult {
  sheetName: string | null;
  count: number;
  answer: TasksAnswer;
  unit: string;
}

export async function pullMine(env: ActionEnv, periodId: string, unit?: string): Promise<PullMineResult> {
  const host = hostOf(env);
  const answer = await env.api.tasks(periodId, unit ? { scope: "mine", unit } : { scope: "mine" });
  const unitName = answer.rows[0]?.unit ?? unit ?? env.user?.unit ?? "";
  savePeriodCache(env.store, env.server, periodId, unitName, periodCache(answer));
  if (answer.rows.length === 0) return { sheetName: null, count: 0, answer, unit: unitName };

  const layout = mySheetLayout(answer, unitName, t(env.lang, "previousColumn"));
  const metadata = pulledMetadata(answer, unitName, env.server, env.now());
  const values = answer.vocabulary.values;
  const header = layout.rowKinds.indexOf("header");
  const taskRuns = runsOf(layout.rowKinds, "task");
  const first = taskRuns[0];
  const sheetName = await host.session(async (session) => {
    const { sheets, book } = await session.readWorkbook();
    const name = uniqueSheetName(
      mySheetName(periodId, unitName),
      sheets.map((s) => s.name),
    );
    const [sheet] = await session.createSheets(
      sheets,
      [
        {
          name,
          layout,
          dropDown: {
            runs: taskRuns,
            column: layout.statusColumn,
            values,
            text: {
              title: t(env.lang, "dropDownTitle"),
              message: t(env.lang, "dropDownMessage", { values: values.join("、") }),
            },
          },
          lock: {
            size: { rows: layout.grid.length, columns: layout.grid[0]!.length },
            taskRuns,
            editableColumns: layout.editableColumns,
          },
          select: { row: first ? first.row : header + 1, column: layout.statusColumn },
        },
      ],
      0,
    );
    const live = new Set([...sheets.map((s) => s.id), sheet!.id]);
    session.writeRecords(
      book,
      [{ sheetId: sheet!.id, sheetName: sheet!.name, metadata, highlights: [] }],
      live,
    );
    await session.flush();
    return sheet!.name;
  });
  return { sheetName, count: answer.rows.length, answer, unit: unitName };
}
