// Jumps to a cell: activates its sheet and selects it (the issue list's click).
export function queueSelectCell(context: Excel.RequestContext, sheetKey: string, address: string): void {
  const sheet = context.workbook.worksheets.getItem(sheetKey);
  sheet.activate();
  sheet.getRange(address).select();
}
