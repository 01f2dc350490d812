// 拉取全市汇总: the merged sheet in the official layout (each unit's text, combined status coloured,
// missing units marked) and a summary sheet with native charts. Existing sheets of the same names
// are replaced. Excel syncs: 3 (read, write, metadata with the new ids) — budget 4.
import { SUMMARY_SHEET, mergedRendered, summaryGrid } from "../../../schema/merged-layout.ts";
import type { SheetMetadata } from "../../../schema/metadata.ts";
import type { MergedAnswer } from "../../../schema/api.ts";
import { rectangular } from "../../host/rects.ts";
import { summaryLayout } from "../../host/summary-layout.ts";
import { t } from "../i18n.ts";
import { mergedFills } from "../logic/merged-sheet.ts";
import { cleanSheetName } from "../logic/sheet-names.ts";
import { hostOf, type ActionEnv } from "./env.ts";

export interface PullMergedResult {
  sheetName: string;
  summaryName: string;
  answer: MergedAnswer;
}

export async function pullMerged(env: ActionEnv, periodId: string): Promise<PullMergedResult> {
  const host = hostOf(env);
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

  await host.session(async (session) => {
    const { sheets, book } = await session.readWorkbook();
    const [merged, summarySheet] = await session.createSheets(
      sheets,
      [
        { name: mergedName, replace: true, layout: rendered, fills },
        {
          name: summaryName,
          replace: true,
          rows: {
            values: summary,
            bold: [0, layout.sectionHeader, layout.unitHeader].filter((r) => r >= 0),
            firstColumnChars: 36,
          },
          charts: {
            layout,
            titles: { byStatus: t(env.lang, "chartByStatus"), byUnit: t(env.lang, "chartByUnit") },
          },
        },
      ],
      0,
    );
    const replaced = new Set([mergedName, summaryName].map((n) => n.toLowerCase()));
    const live = new Set([
      ...sheets.filter((s) => !replaced.has(s.name.toLowerCase())).map((s) => s.id),
      merged!.id,
      summarySheet!.id,
    ]);
    session.writeRecords(
      book,
      [
        { sheetId: merged!.id, sheetName: merged!.name, metadata, highlights: [] },
        { sheetId: summarySheet!.id, sheetName: summarySheet!.name, metadata, highlights: [] },
      ],
      live,
    );
    await session.flush();
  });
  return { sheetName: mergedName, summaryName, answer };
}
