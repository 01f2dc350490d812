// The pane's sheet names; the host's naming rules are in addin/host/sheet-names.ts.
import { cleanSheetName } from "../../host/sheet-names.ts";

export { cleanSheetName, uniqueSheetName } from "../../host/sheet-names.ts";

export function mySheetName(period: string, unit: string): string {
  return cleanSheetName(`${period} ${unit}`);
}
