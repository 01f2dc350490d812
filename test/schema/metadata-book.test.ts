// The `_keywork` sheet's layouts: plain metadata rows, or the add-in's book of blocks.
import { describe, expect, it } from "vitest";
import {
  BLOCK_WIDTH,
  decodeBook,
  encodeRecord,
  metadataFor,
  planRecordWrites,
} from "../../schema/metadata-book.ts";
import { contentHash, encodeMetadata, type SheetMetadata } from "../../schema/metadata.ts";

const UNIT = "市科技局";
const blockOf = (sheetName: string, metadata: SheetMetadata) =>
  encodeRecord({ sheetId: "", sheetName, metadata, highlights: [] });

describe("the _keywork layouts", () => {
  const meta: SheetMetadata = {
    kind: "my-tasks",
    period: "2022-H1",
    unit: UNIT,
    server: "",
    pulledAt: "2022-06-30T08:00:00.000Z",
    rows: [{ seq: 9, version: 3, hash: contentHash("已完成", "x") }],
  };
  const other: SheetMetadata = { ...meta, unit: "市财政局", rows: [{ seq: 41, version: 1, hash: "0" }] };

  it("reads schema/metadata.ts's plain rows from A1", () => {
    expect(metadataFor(encodeMetadata(meta), "any")).toEqual({ ok: true, metadata: meta });
  });

  it("reads the add-in's book: the block of this worksheet, else the only block", () => {
    const a = blockOf("2022-H1 市科技局", meta);
    const b = blockOf("Sheet2", other);
    const book = Array.from({ length: Math.max(a.length, b.length) }, (_, r) => [
      ...(a[r] ?? Array(6).fill("")),
      ...(b[r] ?? []),
    ]);
    expect(metadataFor(book, "2022-H1 市科技局")).toEqual({ ok: true, metadata: meta });
    expect(metadataFor(book, "Sheet2")).toEqual({ ok: true, metadata: other });
    expect(metadataFor(book, "renamed").ok).toBe(false);
    expect(metadataFor(a, "renamed")).toEqual({ ok: true, metadata: meta });
  });

  it("decodes the block the server writes into a downloaded workbook, as the add-in does", () => {
    const book = decodeBook(blockOf("2022-H1 市科技局", meta), true);
    expect(book.blocks).toHaveLength(1);
    expect(book.blocks[0]).toMatchObject({ sheetName: "2022-H1 市科技局", metadata: meta, highlights: [] });
  });

  it("plans each record into its own block, reusing a dead sheet's slot, and gives the book as written", () => {
    const dead = { sheetId: "{DEAD}", sheetName: "old", metadata: meta, highlights: [] };
    const book = decodeBook(encodeRecord(dead), true);
    const mine = { sheetId: "{A}", sheetName: "2022-H1 市科技局", metadata: meta, highlights: [] };
    const theirs = { sheetId: "{B}", sheetName: "Sheet2", metadata: other, highlights: [] };
    const planned = planRecordWrites(book, [mine, theirs], new Set(["{A}", "{B}"]));
    expect(planned.writes.map((w) => w.column)).toEqual([0, BLOCK_WIDTH]);
    expect(planned.writes[0]!.cells).toEqual(encodeRecord(mine));
    expect(planned.book.blocks.map((b) => b?.sheetId)).toEqual(["{A}", "{B}"]);
    expect(planned.book.rowCount).toBe(Math.max(encodeRecord(mine).length, encodeRecord(theirs).length));
    expect(planned.book.exists).toBe(true);
  });
});
