// The first round trip of 校验 and 一键报送: the active sheet, the metadata book, the sheet's record,
// and the offline validation result. Then, queued in the second, the highlights.
import type { SheetMetadata } from "../../../schema/metadata.ts";
import type { ActiveSheet, HostSession } from "../../host/host.ts";
import { highlightsFor, planHighlights, type HighlightPlan } from "../../host/highlights.ts";
import { findRecord, type MetadataBook, type SheetRecord } from "../../../schema/metadata-book.ts";
import { checkGrid, type CheckResult } from "../logic/check.ts";
import { loadPeriodCache, loadUnits } from "../storage.ts";
import type { ActionEnv } from "./env.ts";

export interface Inspection {
  active: ActiveSheet;
  book: MetadataBook;
  liveSheetIds: Set<string>;
  /** The active sheet's block in the metadata book, if it has one. */
  slot: number | null;
  record: SheetRecord | null;
  metadata: SheetMetadata | null;
  check: CheckResult;
  highlights: HighlightPlan | null;
}

/** Reads the active sheet and the metadata in one round trip, validates. */
export async function inspectActiveSheet(session: HostSession, env: ActionEnv): Promise<Inspection> {
  const read = await session.readActive();
  const active = read.sheet;
  const { sheets, book } = read.workbook!;
  const liveSheetIds = new Set(sheets.map((s) => s.id));
  const found = findRecord(book, { id: active.id, name: active.name }, liveSheetIds);
  const metadata = found?.record.metadata ?? null;
  const reporterUnit = env.user?.role === "reporter" ? env.user.unit : null;
  const unit = reporterUnit ?? metadata?.unit ?? null;
  const cache =
    metadata && metadata.unit !== null
      ? loadPeriodCache(env.store, env.server, metadata.period, metadata.unit)
      : null;
  const check = checkGrid(active.grid, active.origin, {
    units: loadUnits(env.store, env.server),
    metadata,
    cache,
    unit,
  });
  const canFormat = !active.protection.protected || active.protection.allowFormatCells;
  const highlights = canFormat
    ? planHighlights(found?.record.highlights ?? [], highlightsFor(check.issues, check.parsed), check.parsed)
    : null;
  return {
    active,
    book,
    liveSheetIds,
    slot: found?.index ?? null,
    record: found?.record ?? null,
    metadata,
    check,
    highlights,
  };
}

/** Queues the highlight changes and the marks to remember; false when there is nothing to do. */
export function queueInspectionHighlights(session: HostSession, inspection: Inspection): boolean {
  const plan = inspection.highlights;
  if (!plan) return false;
  const before = inspection.record?.highlights ?? [];
  const sameMarks =
    before.length === plan.marks.length &&
    before.every((m, i) => m.key === plan.marks[i]!.key && m.colour === plan.marks[i]!.colour);
  if (plan.fill.length === 0 && plan.clear.length === 0 && sameMarks) return false;
  session.highlight(inspection.active.id, plan);
  if (!sameMarks) {
    const record: SheetRecord = inspection.record
      ? {
          ...inspection.record,
          sheetId: inspection.active.id,
          sheetName: inspection.active.name,
          highlights: plan.marks,
        }
      : {
          sheetId: inspection.active.id,
          sheetName: inspection.active.name,
          metadata: null,
          highlights: plan.marks,
        };
    inspection.book = session.writeRecords(inspection.book, [record], inspection.liveSheetIds);
    inspection.record = record;
    inspection.slot = inspection.book.blocks.indexOf(record);
  }
  return true;
}
