// 拉取全市汇总: the merged sheet in the official layout (each unit's text, combined status coloured,
// missing units marked) and a summary sheet with native charts. Existing sheets of the same names
// are replaced. Syncs: 3 (read, write, metadata with the new ids) — budget 4.
import { SUMMARY_SHEET, mergedRendered, summaryGrid } from "../../../schema/merged-layout.ts";
import type { SheetMetadata } from "../../../schema/metadata.ts";
import type { MergedAnswer } from "../../api/types.ts";
import { queueSummaryCharts, summaryLayout } from "../../excel/charts.ts";
import { loadMetadata, queueWriteRecords, readMetadata } from "../../excel/metadata.ts";
import { charsToPoints, groupCells, rectangular } from "../../excel/rects.ts";
import { writeLayout, writeRows } from "../../excel/write.ts";
import { t } from "../i18n.ts";
import { mergedFills } from "../logic/merged-sheet.ts";
import { cleanSheetName } from "../logic/sheet-names.ts";
import { excel, type ActionEnv } from "./env.ts";

export interface PullMergedResult {
  sheetName: string;
  summaryName: string;
  answer: MergedAnswer;
}

export async function pullMerged(env: ActionEnv, periodId: string): Promise<PullMergedResult> {
  const run = excel(env);
  const answer = await env.api.merged(periodId);
  const rendered = mergedRendered(answer);
  const fills = mergedFills(answer, rendered);
  const summary = rectangular(summaryGrid(answer));
  const layout = summaryLayout(summary);
  const mergedName = cleanSheetName(answer.period.id);
  const summaryName = SUMMARY_SHEET;
  const metadata: SheetMetadata = {
    kind: "merged",
    period: answer.period.id,
    unit: null,
    server: env.server,
    pulledAt: env.now().toISOString(),
    rows: [],
  };

  await run(async (context) => {
    const loadedMeta = loadMetadata(context);
    await context.sync();
    const { sheets, book } = readMetadata(loadedMeta);

    const merged = replaceSheet(context, sheets, mergedName);
    await writeLayout(context, merged, rendered);
    for (const rect of groupCells(fills)) {
      merged.getRangeByIndexes(rect.row, rect.column, rect.rowCount, rect.columnCount).format.fill.color =
        rect.colour;
    }
    const summarySheet = replaceSheet(context, sheets, summaryName);
    writeRows(
      summarySheet,
      summary,
      [0, layout.sectionHeader, layout.unitHeader].filter((r) => r >= 0),
    );
    summarySheet.getRangeByIndexes(0, 0, 1, 1).format.columnWidth = charsToPoints(36);
    queueSummaryCharts(summarySheet, layout, {
      byStatus: t(env.lang, "chartByStatus"),
      byUnit: t(env.lang, "chartByUnit"),
    });
    merged.activate();
    merged.load("id,name");
    summarySheet.load("id,name");
    await context.sync();

    const replaced = new Set([mergedName, summaryName].map((n) => n.toLowerCase()));
    const live = new Set([
      ...sheets.filter((s) => !replaced.has(s.name.toLowerCase())).map((s) => s.id),
      merged.id,
      summarySheet.id,
    ]);
    queueWriteRecords(
      context,
      book,
      [
        { sheetId: merged.id, sheetName: merged.name, metadata, highlights: [] },
        { sheetId: summarySheet.id, sheetName: summarySheet.name, metadata, highlights: [] },
      ],
      live,
    );
    await context.sync();
  });
  return { sheetName: mergedName, summaryName, answer };
}

/**
 * A fresh sheet under `name`: when one exists it is replaced (added under a temporary name, the old
 * one deleted, the new one renamed), so formats, merges and charts of the old one do not linger.
 */
function replaceSheet(
  context: Excel.RequestContext,
  sheets: readonly { id: string; name: string }[],
  name: string,
): Excel.Worksheet {
  const sheetsApi = context.workbook.worksheets;
  const existing = sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (!existing) return sheetsApi.add(name);
  const taken = new Set(sheets.map((s) => s.name.toLowerCase()));
  let temp = cleanSheetName(`${name}~new`);
  for (let i = 2; taken.has(temp.toLowerCase()); i++) temp = cleanSheetName(`${name}~new${i}`);
  const fresh = sheetsApi.add(temp);
  sheetsApi.getItem(existing.id).delete();
  fresh.name = name;
  return fresh;
}
