// Rows that arrive without a sheet (an API submission) validated by the very same rules as a sheet.
import { COLUMN_FIELDS, COLUMNS, type ColumnField } from "./model.ts";
import type { ParsedSheet, ParsedTaskRow } from "./layout.ts";
import type { UnitMatch } from "./units.ts";

export interface RowInput {
  seq: number;
  task: string;
  units: readonly string[];
  status: string;
  progress: string;
}

/** A ParsedSheet in the official layout holding these rows, one per sheet row from row 2. */
export function sheetFromRows(rows: readonly RowInput[]): ParsedSheet {
  const columns = Object.fromEntries(COLUMN_FIELDS.map((f, i) => [f, i])) as Record<ColumnField, number>;
  const parsed: ParsedTaskRow[] = rows.map((r, i) => ({
    row: i + 1,
    sectionIndex: 0,
    subsectionIndex: 0,
    seq: r.seq,
    seqText: String(r.seq),
    task: r.task,
    status: r.status,
    progress: r.progress,
    unitsText: r.units.join("\n"),
    units: r.units.map((name): UnitMatch => ({ raw: name, kind: "exact", canonical: name })),
  }));
  return {
    origin: { row: 0, column: 0 },
    title: null,
    header: { row: 0, columns, inOrder: true },
    columns,
    headings: [],
    rows: parsed,
    orphanRows: [],
    document: {
      title: "",
      columns: [...COLUMNS],
      sections: [
        {
          no: "",
          title: "",
          subsections: [
            {
              title: null,
              items: rows.map((r) => ({
                seq: r.seq,
                task: r.task,
                status: r.status,
                progress: r.progress,
                units: [...r.units],
              })),
            },
          ],
        },
      ],
    },
  };
}
