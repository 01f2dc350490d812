// Text that a spreadsheet program could take for a formula (= + - @, or a leading tab or carriage
// return) is marked in every workbook the server writes the way Excel marks text typed with a leading
// apostrophe: the cell's style gets quotePrefix="1". The cell still holds and shows exactly the text, but
// editing it, or saving the sheet as CSV from Excel, keeps it text instead of running it. Reading the
// file back (our reader, the add-in, any program) gives the text without an apostrophe.
import { createRequire } from "node:module";
import type ExcelJS from "exceljs";

const FORMULA_LIKE = /^[=+\-@\t\r]/u;

export function isFormulaLike(text: string): boolean {
  return FORMULA_LIKE.test(text);
}

/** The text of a cell value the server writes (plain or rich text), or null for anything else. */
function textOf(value: ExcelJS.CellValue): string | null {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "richText" in value)
    return value.richText.map((r) => r.text).join("");
  return null;
}

/** Marks every formula-like text cell of every sheet with quotePrefix. Call just before writing. */
export function protectFormulaText(workbook: ExcelJS.Workbook): void {
  patchExcelJs();
  for (const sheet of workbook.worksheets) {
    sheet.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const text = textOf(cell.value);
        // A fresh style object: exceljs shares one between the cells of a row or column.
        if (text !== null && isFormulaLike(text))
          cell.style = { ...cell.style, quotePrefix: true } as Partial<ExcelJS.Style>;
      });
    });
  }
}

let patched = false;

/**
 * exceljs (4.4) keeps no quotePrefix in its style model. Two small wrappers carry it through: the
 * style manager passes it into the cell format it builds, and the format writer adds the attribute.
 */
function patchExcelJs(): void {
  if (patched) return;
  patched = true;
  const require = createRequire(import.meta.url);
  const StylesXform = require("exceljs/lib/xlsx/xform/style/styles-xform.js") as {
    prototype: { addStyleModel(model: unknown, cellType: unknown): number; _addStyle(style: object): number };
  };
  const StyleXform = require("exceljs/lib/xlsx/xform/style/style-xform.js") as {
    prototype: { render(xmlStream: XmlStream, model: { quotePrefix?: boolean } | undefined): void };
  };
  interface XmlStream {
    openNode(name: string, attributes?: object): void;
    addAttribute(name: string, value: string): void;
  }

  const addStyleModel = StylesXform.prototype.addStyleModel;
  StylesXform.prototype.addStyleModel = function (
    this: { _addStyle(style: object): number },
    model,
    cellType,
  ) {
    if (!(model as { quotePrefix?: boolean } | undefined)?.quotePrefix)
      return addStyleModel.call(this, model, cellType);
    const own = Object.prototype.hasOwnProperty.call(this, "_addStyle");
    const addStyle = this._addStyle;
    this._addStyle = (style: object) => addStyle.call(this, { ...style, quotePrefix: true });
    try {
      return addStyleModel.call(this, model, cellType);
    } finally {
      if (own) this._addStyle = addStyle;
      else delete (this as { _addStyle?: unknown })._addStyle;
    }
  };

  const render = StyleXform.prototype.render;
  StyleXform.prototype.render = function (xmlStream, model) {
    if (!model?.quotePrefix) return render.call(this, xmlStream, model);
    // The attribute goes on the <xf> element right after it is opened, before any child element.
    const openNode = xmlStream.openNode;
    xmlStream.openNode = function (this: XmlStream, name: string, attributes?: object) {
      openNode.call(this, name, attributes);
      if (name === "xf") {
        this.addAttribute("quotePrefix", "1");
        xmlStream.openNode = openNode;
      }
    };
    try {
      render.call(this, xmlStream, model);
    } finally {
      xmlStream.openNode = openNode;
    }
  };
}
