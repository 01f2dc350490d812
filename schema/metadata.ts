// The hidden metadata sheet of a pulled workbook: which period and unit it holds and, per 序号, the
// version and a content hash at pull time. Never a token: workbooks get emailed.
import { z } from "zod";
import type { SubmissionAnswer, SubmissionRow } from "./api.ts";
import { cellText } from "./text.ts";

export const METADATA_SHEET = "_keywork";
const MAGIC = "keywork-metadata";
const FORMAT = 1;

export const SheetMetadataSchema = z.strictObject({
  kind: z.enum(["my-tasks", "merged"]),
  period: z.string().min(1).max(20),
  unit: z.string().max(100).nullable(),
  server: z.string().max(500),
  pulledAt: z.string().max(40),
  rows: z.array(
    z.strictObject({
      seq: z.number().int().positive(),
      version: z.number().int().min(0),
      hash: z.string().max(16),
    }),
  ),
});
export type SheetMetadata = z.infer<typeof SheetMetadataSchema>;

/** FNV-1a (32-bit) of status and progress: enough to tell an edited row, not a security measure. */
export function contentHash(status: string, progress: string): string {
  let h = 0x811c9dc5;
  const text = `${status}\u0000${progress}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

export function encodeMetadata(meta: SheetMetadata): (string | number)[][] {
  return [
    [MAGIC, FORMAT, ""],
    ["kind", meta.kind, ""],
    ["period", meta.period, ""],
    ["unit", meta.unit ?? "", ""],
    ["server", meta.server, ""],
    ["pulledAt", meta.pulledAt, ""],
    ["seq", "version", "hash"],
    ...meta.rows.map((r) => [r.seq, r.version, r.hash]),
  ];
}

export type DecodedMetadata = { ok: true; metadata: SheetMetadata } | { ok: false; reason: string };

export function decodeMetadata(grid: readonly (readonly unknown[])[]): DecodedMetadata {
  const text = (r: number, c: number) => cellText(grid[r]?.[c]).trim();
  if (text(0, 0) !== MAGIC) return { ok: false, reason: "not a Keywork metadata sheet" };
  if (Number(text(0, 1)) !== FORMAT)
    return { ok: false, reason: `unsupported metadata format ${text(0, 1)}` };
  const fields = new Map<string, string>();
  let r = 1;
  for (; r < grid.length && text(r, 0) !== "seq"; r++) fields.set(text(r, 0), text(r, 1));
  const rows = [];
  for (r++; r < grid.length; r++) {
    if (text(r, 0) === "") continue;
    rows.push({ seq: Number(text(r, 0)), version: Number(text(r, 1)), hash: text(r, 2) });
  }
  const result = SheetMetadataSchema.safeParse({
    kind: fields.get("kind"),
    period: fields.get("period"),
    unit: fields.get("unit") || null,
    server: fields.get("server") ?? "",
    pulledAt: fields.get("pulledAt") ?? "",
    rows,
  });
  if (!result.success)
    return {
      ok: false,
      reason: `damaged metadata: ${result.error.issues[0]?.path.join(".")} ${result.error.issues[0]?.message}`,
    };
  return { ok: true, metadata: result.data };
}

/**
 * The metadata after rows were saved, or taken from the server: each row's new version and the hash of
 * the content it now has. Rows the sheet did not list before are added.
 */
export function recordVersions(
  meta: SheetMetadata,
  updates: readonly { seq: number; version: number; status: string; progress: string }[],
): SheetMetadata {
  const bySeq = new Map(
    updates.map((u) => [u.seq, { version: u.version, hash: contentHash(u.status, u.progress) }]),
  );
  const rows = meta.rows.map((r) => ({ ...r, ...bySeq.get(r.seq) }));
  const known = new Set(meta.rows.map((r) => r.seq));
  for (const [seq, u] of bySeq) if (!known.has(seq)) rows.push({ seq, ...u });
  return { ...meta, rows };
}

export interface RowChange {
  seq: number;
  status: string;
  progress: string;
  /** The version the row had when pulled: the submission's baseVersion. */
  baseVersion: number;
}

/** Rows whose status or progress differ from what was pulled, identified by 序号, never by position. */
export function changedRows(
  rows: readonly { seq: number | null; status: string; progress: string }[],
  meta: SheetMetadata,
): RowChange[] {
  const pulled = new Map(meta.rows.map((r) => [r.seq, r]));
  const out: RowChange[] = [];
  for (const row of rows) {
    if (row.seq === null) continue;
    const before = pulled.get(row.seq);
    if (before && before.hash === contentHash(row.status, row.progress)) continue;
    out.push({ seq: row.seq, status: row.status, progress: row.progress, baseVersion: before?.version ?? 0 });
  }
  return out;
}

/** The rows of a submission's body: what changed, and the version each was pulled at. */
export function submissionRows(changes: readonly RowChange[]): SubmissionRow[] {
  return changes.map(({ seq, status, progress, baseVersion }) => ({ seq, status, progress, baseVersion }));
}

/** The metadata after an accepted submission: each sent row at the version the server gave it. */
export function afterSubmit(
  meta: SheetMetadata,
  sent: readonly RowChange[],
  answer: SubmissionAnswer,
): SheetMetadata {
  const sentBySeq = new Map(sent.map((r) => [r.seq, r]));
  return recordVersions(
    meta,
    answer.rows.flatMap((row) => {
      const mine = sentBySeq.get(row.seq);
      return mine
        ? [{ seq: row.seq, version: row.version, status: mine.status, progress: mine.progress }]
        : [];
    }),
  );
}
