// Where the two tables of the summary sheet are (for the charts over them), and the charts' titles.
// Pure: both hosts draw the same two charts over the same rows.
export interface SummaryLayout {
  /** Row of the "板块 | statuses… | 合计" header. */
  sectionHeader: number;
  sections: number;
  /** Status columns after 板块 (合计 excluded). */
  statusCount: number;
  /** Row of the "单位 | 承担任务数 | 已报送 | 未报送 | 报送率" header. */
  unitHeader: number;
  units: number;
  width: number;
}

/** Finds the two tables in schema/merged-layout.ts's summaryGrid rows. */
export function summaryLayout(rows: readonly (readonly (string | number)[])[]): SummaryLayout {
  const sectionHeader = rows.findIndex((r) => r[0] === "板块");
  const unitHeader = rows.findIndex((r) => r[0] === "单位");
  const count = (from: number) => {
    let n = 0;
    // Up to the next blank row (rows may be padded to one width with "").
    while (from + 1 + n < rows.length && (rows[from + 1 + n] ?? []).some((v) => v !== "")) n++;
    return n;
  };
  return {
    sectionHeader,
    sections: sectionHeader === -1 ? 0 : count(sectionHeader),
    statusCount:
      sectionHeader === -1 ? 0 : Math.max(0, (rows[sectionHeader] ?? []).filter((v) => v !== "").length - 2),
    unitHeader,
    units: unitHeader === -1 ? 0 : count(unitHeader),
    width: Math.max(0, ...rows.map((r) => r.length)),
  };
}

export interface ChartTitles {
  byStatus: string;
  byUnit: string;
}
