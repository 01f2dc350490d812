// The initial-password sheet handed out after a roster import: one row per new account with its
// one-time password. Written once, straight to the coordinator (a file, or the answer's bytes); the
// server keeps no copy of the plain passwords.
import ExcelJS from "exceljs";
import { ROLE_NAMES } from "../../schema/roster.ts";
import type { Role } from "../store/store.ts";

export interface InitialPassword {
  username: string;
  name: string;
  unit: string | null;
  role: Role;
  password: string;
}

export const INITIAL_PASSWORD_HEADER = ["用户名", "姓名", "单位", "角色", "初始密码"] as const;

export async function initialPasswordsWorkbook(
  accounts: readonly InitialPassword[],
  options: { signInUrl?: string } = {},
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Keywork";
  workbook.created = new Date(0);
  const sheet = workbook.addWorksheet("初始密码");
  sheet.addRow([...INITIAL_PASSWORD_HEADER]).font = { bold: true };
  for (const a of accounts)
    sheet.addRow([a.username, a.name, a.unit ?? "", ROLE_NAMES[a.role].zh, a.password]);
  sheet.addRow([]);
  sheet.addRow([
    "首次登录后须修改密码;本表只生成一次,请分发后妥善保管或删除。 / The password must be changed at first sign-in; this sheet is made once: hand it out, then keep it safe or delete it.",
  ]);
  if (options.signInUrl) sheet.addRow([`登录地址 / sign in at: ${options.signInUrl}`]);
  // The password column is text, so a leading zero or a digits-only password survives Excel.
  sheet.getColumn(5).numFmt = "@";
  for (const [c, width] of [16, 12, 24, 10, 20].entries()) sheet.getColumn(c + 1).width = width;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
