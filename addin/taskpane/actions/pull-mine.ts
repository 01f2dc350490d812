// 获取本单位任务: the unit's rows of a period into a new sheet in the official layout, with a status
// drop-down, locked task columns and the hidden metadata. Syncs: 3 (read, write, metadata with the new id).
import { runsOf } from "../../excel/rects.ts";
import { loadMetadata, queueWriteRecords, readMetadata } from "../../excel/metadata.ts";
import { queueLockTaskColumns } from "../../excel/protection.ts";
import { queueStatusDropDown } from "../../excel/validation-list.ts";
import { writeLayout } from "../../excel/write.ts";
import type { TasksAnswer } from "../../api/types.ts";
import { t } from "../i18n.ts";
import { mySheetLayout, periodCache, pulledMetadata } from "../logic/my-sheet.ts";
import { mySheetName, uniqueSheetName } from "../logic/sheet-names.ts";
import { savePeriodCache } from "../storage.ts";
import { excel, type ActionEnv } from "./env.ts";

export interface PullMineResult {
  sheetName: string | null;
  count: number;
  answer: TasksAnswer;
  unit: string;
}

export async function pullMine(env: ActionEnv, periodId: string, unit?: string): Promise<PullMineResult> {
  const run = excel(env);
  const answer = await env.api.tasks(periodId, unit ? { scope: "mine", unit } : { scope: "mine" });
  const unitName = answer.rows[0]?.unit ?? unit ?? env.user?.unit ?? "";
  savePeriodCache(env.store, env.server, periodId, unitName, periodCache(answer));
  if (answer.rows.length === 0) return { sheetName: null, count: 0, answer, unit: unitName };

  const layout = mySheetLayout(answer, unitName, t(env.lang, "previousColumn"));
  const metadata = pulledMetadata(answer, unitName, env.server, env.now());
  const values = answer.vocabulary.values;
  const sheetName = await run(async (context) => {
    const loadedMeta = loadMetadata(context);
    await context.sync();
    const { sheets, book } = readMetadata(loadedMeta);

    const sheet = context.workbook.worksheets.add(
      uniqueSheetName(
        mySheetName(periodId, unitName),
        sheets.map((s) => s.name),
      ),
    );
    await writeLayout(context, sheet, layout);
    const header = layout.rowKinds.indexOf("header");
    const taskRuns = runsOf(layout.rowKinds, "task");
    queueStatusDropDown(
      sheet,
      taskRuns,
      layout.statusColumn,
      values,
      {
        title: t(env.lang, "dropDownTitle"),
        message: t(env.lang, "dropDownMessage", { values: values.join("、") }),
      },
      env.caps.dataValidation,
    );
    queueLockTaskColumns(
      sheet,
      { rows: layout.grid.length, columns: layout.grid[0]!.length },
      taskRuns,
      layout.editableColumns,
    );
    sheet.activate();
    const first = taskRuns[0];
    sheet.getRangeByIndexes(first ? first.row : header + 1, layout.statusColumn, 1, 1).select();
    sheet.load("id,name");
    await context.sync();

    const live = new Set([...sheets.map((s) => s.id), sheet.id]);
    queueWriteRecords(
      context,
      book,
      [{ sheetId: sheet.id, sheetName: sheet.name, metadata, highlights: [] }],
      live,
    );
    await context.sync();
    return sheet.name;
  });
  return { sheetName, count: answer.rows.length, answer, unit: unitName };
}
