// 校验: validate the active sheet offline, highlight the cells, list the issues. Excel syncs: ≤ 2.
import type { ParsedSheet } from "../../../schema/layout.ts";
import type { Issue } from "../../../schema/validate.ts";
import { hostOf, type ActionEnv } from "./env.ts";
import { inspectActiveSheet, queueInspectionHighlights } from "./inspect.ts";

export interface ValidateResult {
  sheetId: string;
  sheetName: string;
  empty: boolean;
  issues: Issue[];
  parsed: ParsedSheet;
  /** False when the sheet is protected against formatting and nothing could be highlighted. */
  highlighted: boolean;
}

export async function validateActive(env: ActionEnv): Promise<ValidateResult> {
  return hostOf(env).session(async (session) => {
    const inspection = await inspectActiveSheet(session, env);
    const { active, check } = inspection;
    if (queueInspectionHighlights(session, inspection)) await session.flush();
    return {
      sheetId: active.id,
      sheetName: active.name,
      empty: active.grid.length === 0,
      issues: check.issues,
      parsed: check.parsed,
      highlighted: inspection.highlights !== null,
    };
  });
}
