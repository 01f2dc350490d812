// Roster workbooks (花名册) for the accounts tests, and reading the initial-password sheet back.
import ExcelJS from "exceljs";

export const ROSTER_HEADER = ["用户名", "姓名", "单位", "角色", "手机", "邮箱"];

export async function rosterWorkbook(
  rows: (string | number | null)[][],
  header = ROSTER_HEADER,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("花名册");
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** { username → password } from an initial-password sheet. */
export async function readInitialPasswords(data: Buffer | ArrayBuffer): Promise<Map<string, string>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data instanceof ArrayBuffer ? data : (new Uint8Array(data).buffer as ArrayBuffer));
  const sheet = workbook.worksheets[0]!;
  const found = new Map<string, string>();
  sheet.eachRow((row, n) => {
    const username = row.getCell(1).text;
    const password = row.getCell(5).text;
    if (n > 1 && password) found.set(username, password);
  });
  return found;
}

export const CITY_UNITS = [
  { name: "市发展改革委", kind: "市直部门", aliases: ["市发改委"] },
  { name: "市科技局", kind: "市直部门", aliases: [] },
  { name: "市财政局", kind: "市直部门", aliases: [] },
];
