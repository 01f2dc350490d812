// The unit directory as a sheet (单位名称 · 类别 · 别名) and as JSON ({ units: [{ name, kind, aliases }] },
// the format of test/fixtures/units.json); the exported workbook imports back unchanged.
import ExcelJS from "exceljs";
import { cellAddress, cellText, columnLetter, compactKey, type Unit } from "../../schema/index.ts";
import { unprocessable } from "../errors.ts";
import type { RetiredUnit } from "../store/store.ts";
import { kindFromText, kindLabel, splitAliases, type Locator, type UnitRow } from "../use-cases/units.ts";
import { readFirstSheetGrid } from "./grid.ts";

export const UNIT_HEADERS = ["单位名称", "类别", "别名"] as const;
const HEADER_SEARCH_ROWS = 10;

const cellLocator = (row: number, column: number): Locator => ({
  zh: `第 ${row + 1} 行 ${columnLetter(column)} 列`,
  en: `row ${row + 1}, column ${columnLetter(column)}`,
  cell: cellAddress(row, column),
});

/** The rows of a 单位名录 grid: the header row is found by 单位名称; blank rows are skipped. */
export function unitRowsFromGrid(grid: readonly (readonly unknown[])[]): UnitRow[] {
  let header = -1;
  const columns = { name: -1, kind: -1, aliases: -1 };
  for (let r = 0; r < Math.min(grid.length, HEADER_SEARCH_ROWS) && header < 0; r++) {
    const cells = (grid[r] ?? []).map((v) => compactKey(cellText(v)));
    const name = cells.indexOf("单位名称");
    if (name < 0) continue;
    header = r;
    columns.name = name;
    columns.kind = cells.indexOf("类别");
    columns.aliases = cells.indexOf("别名");
  }
  if (header < 0)
    throw unprocessable(
      "no-unit-header",
      `前 ${HEADER_SEARCH_ROWS} 行中没有“单位名称”表头（应为 单位名称 · 类别 · 别名） / no 单位名称 header in the first ${HEADER_SEARCH_ROWS} rows (expected 单位名称 · 类别 · 别名)`,
    );
  const rows: UnitRow[] = [];
  for (let r = header + 1; r < grid.length; r++) {
    const values = grid[r] ?? [];
    const text = (c: number) => (c < 0 ? "" : cellText(values[c]).trim());
    if ([columns.name, columns.kind, columns.aliases].every((c) => text(c) === "")) continue;
    rows.push({
      // Stray spaces inside a name are a typing slip, not part of the name.
      name: text(columns.name).replace(/[\s\u3000]+/gu, ""),
      kind: columns.kind < 0 ? "bureau" : kindFromText(text(columns.kind)),
      aliases: splitAliases(text(columns.aliases)),
      at: {
        name: cellLocator(r, columns.name),
        kind: cellLocator(r, Math.max(columns.kind, 0)),
        aliases: cellLocator(r, Math.max(columns.aliases, 0)),
      },
    });
  }
  return rows;
}

export async function unitRowsFromXlsx(data: Buffer): Promise<UnitRow[]> {
  const { grid } = await readFirstSheetGrid(data);
  return unitRowsFromGrid(grid);
}

/** { units: [{ name, kind, aliases }] } or a bare array of the same. */
export function unitRowsFromJson(value: unknown): UnitRow[] {
  const list = Array.isArray(value) ? value : (value as { units?: unknown } | null)?.units;
  if (!Array.isArray(list))
    throw unprocessable(
      "invalid-units",
      "需要 { units: [{ name, kind, aliases }] } / expected { units: [{ name, kind, aliases }] }",
    );
  return list.map((item, i) => {
    const u = (item ?? {}) as { name?: unknown; kind?: unknown; aliases?: unknown };
    const field = (f: string): Locator => ({ zh: `units[${i}].${f}`, en: `units[${i}].${f}` });
    const aliases = Array.isArray(u.aliases)
      ? u.aliases.flatMap((a) => splitAliases(String(a)))
      : typeof u.aliases === "string"
        ? splitAliases(u.aliases)
        : [];
    return {
      name: typeof u.name === "string" ? u.name.trim() : "",
      kind: typeof u.kind === "string" ? kindFromText(u.kind) : u.kind === undefined ? "bureau" : "",
      aliases,
      at: { name: field("name"), kind: field("kind"), aliases: field("aliases") },
    };
  });
}

/** The directory as a workbook that `units import` reads back; retired units on a second sheet. */
export async function unitsWorkbook(
  units: readonly Unit[],
  retired: readonly RetiredUnit[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Keywork";
  workbook.created = new Date(0);
  const sheet = workbook.addWorksheet("单位名录");
  sheet.addRow([...UNIT_HEADERS]).font = { bold: true };
  for (const unit of units) sheet.addRow([unit.name, kindLabel(unit.kind), unit.aliases.join("、")]);
  sheet.getColumn(1).width = 30;
  sheet.getColumn(2).width = 12;
  sheet.getColumn(3).width = 50;
  if (retired.length > 0) {
    const old = workbook.addWorksheet("已撤销单位");
    old.addRow(["原单位名称", "类别", "现为", "撤销时间"]).font = { bold: true };
    for (const r of retired) old.addRow([r.name, kindLabel(r.kind), r.retiredInto, r.retiredAt.slice(0, 10)]);
    old.getColumn(1).width = 30;
    old.getColumn(3).width = 30;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * A mapping sheet for import-plan --map: columns 未知名称 · 单位名称 (a unit, or "+" / "新增" to add the
 * name as a new unit). The first two columns are read when there is no such header.
 */
export async function unitMappingFromXlsx(data: Buffer): Promise<Record<string, string>> {
  const { grid } = await readFirstSheetGrid(data);
  const map: Record<string, string> = {};
  let from = 0;
  let to = 1;
  let start = 0;
  const head = (grid[0] ?? []).map((v) => compactKey(cellText(v)));
  if (head.includes("未知名称")) {
    from = head.indexOf("未知名称");
    to = head.indexOf("单位名称") >= 0 ? head.indexOf("单位名称") : from + 1;
    start = 1;
  }
  for (let r = start; r < grid.length; r++) {
    const name = cellText(grid[r]?.[from]).trim();
    const unit = cellText(grid[r]?.[to]).trim();
    if (name === "" && unit === "") continue;
    if (name === "" || unit === "")
      throw unprocessable(
        "invalid-unit-mapping",
        `第 ${r + 1} 行：未知名称和单位名称都要填写 / row ${r + 1}: both the unknown name and the unit are needed`,
      );
    map[name] = unit;
  }
  return map;
}
