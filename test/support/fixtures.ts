// Loads the fixture table and unit directory shipped in test/fixtures.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { UnitDirectoryFileSchema, buildDirectory, type SheetDocument } from "../../schema/index.ts";

export const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

export function fixtureDocument(): SheetDocument {
  return JSON.parse(readFileSync(fixturePath("progress-2022h1-part.json"), "utf8")) as SheetDocument;
}

export function fixtureUnits() {
  return UnitDirectoryFileSchema.parse(JSON.parse(readFileSync(fixturePath("units.json"), "utf8"))).units;
}

export function fixtureDirectory() {
  return buildDirectory(fixtureUnits());
}

/** The first worksheet's values as Excel gives them: merged cells hold their text in the first cell only. */
export async function fixtureGrid(): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(fixturePath("progress-2022h1-part.xlsx"));
  const sheet = workbook.worksheets[0]!;
  const grid: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const values = row.values as unknown[];
    grid[n - 1] = values.slice(1, 6);
  });
  return grid;
}
