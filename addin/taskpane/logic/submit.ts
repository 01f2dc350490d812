// 一键报送's pure parts: the preview of changed rows, conflict choices, and the metadata afterwards.
import type { ParsedTaskRow } from "../../../schema/layout.ts";
import { recordVersions, type RowChange, type SheetMetadata } from "../../../schema/metadata.ts";
import type { Conflict } from "../../../schema/api.ts";

export interface PreviewItem {
  seq: number;
  task: string;
  status: string;
  progress: string;
  /** Never reported before (baseVersion 0). */
  isNew: boolean;
  baseVersion: number;
}

export function previewItems(changes: readonly RowChange[], rows: readonly ParsedTaskRow[]): PreviewItem[] {
  const bySeq = new Map<number, ParsedTaskRow>();
  for (const row of rows) if (row.seq !== null && !bySeq.has(row.seq)) bySeq.set(row.seq, row);
  return changes.map((c) => ({
    seq: c.seq,
    task: bySeq.get(c.seq)?.task ?? "",
    status: c.status,
    progress: c.progress,
    isNew: c.baseVersion === 0,
    baseVersion: c.baseVersion,
  }));
}

/** Short one-line text for lists: first line, at most `max` characters. */
export function clip(text: string, max = 60): string {
  const one = text.replace(/\s*\n\s*/gu, " ").trim();
  return [...one].length > max ? `${[...one].slice(0, max).join("")}…` : one;
}

export type { Choice } from "../../../schema/conflicts.ts";

/** The metadata after taking the server's rows into the sheet. */
export function afterTakeTheirs(meta: SheetMetadata, taken: readonly Conflict[]): SheetMetadata {
  return recordVersions(
    meta,
    taken.map((c) => ({
      seq: c.seq,
      version: c.theirs.version,
      status: c.theirs.status,
      progress: c.theirs.progress,
    })),
  );
}
