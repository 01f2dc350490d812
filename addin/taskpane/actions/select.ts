// The issue list's click: go to the cell. Excel syncs: 1.
import { hostOf, type ActionEnv } from "./env.ts";

export async function selectCell(env: ActionEnv, sheetKey: string, address: string): Promise<void> {
  await hostOf(env).session(async (session) => {
    session.select(sheetKey, address);
    await session.flush();
  });
}
