// The issue list's click: go to the cell. Syncs: 1.
import { queueSelectCell } from "../../excel/select.ts";
import { excel, type ActionEnv } from "./env.ts";

export async function selectCell(env: ActionEnv, sheetKey: string, address: string): Promise<void> {
  await excel(env)(async (context) => {
    queueSelectCell(context, sheetKey, address);
    await context.sync();
  });
}
