// Range.format and its parts (fill, font, protection). Reads give one value when every cell
// agrees and null when they differ; writes need "format cells" permission on a protected sheet.

import {
  applyFormat,
  checkBoolean,
  checkHorizontal,
  checkNumber,
  checkUnderline,
  checkVertical,
  distinctFormats,
  normalizeColor,
  uniformColumnWidth,
  uniformFormat,
  uniformRowHeight,
} from "./formats.ts";
import { fail } from "./errors.ts";
import { guardOption, guardProtected } from "./guard.ts";
import { autofitColumns, autofitRows, setColumnWidth, setRowHeight } from "./layout.ts";
import { isAlive, type CellFormat, type WorkbookModel } from "./model.ts";
import { ClientObject, type ContextLike, type ObjectMeta } from "./proxy.ts";
import type { RangeTarget } from "./range.ts";

abstract class RangePart extends ClientObject<RangeTarget> {
  protected override stillExists(target: RangeTarget, workbook: WorkbookModel): boolean {
    return isAlive(workbook, target.sheet);
  }

  /** A formatting write: refused on a protected sheet unless it allows formatting cells. */
  protected writeFormat(name: string, value: unknown, toPatch: (value: unknown) => CellFormat): void {
    this.write(name, value, (t, v) => {
      const patch = toPatch(v);
      guardOption(t.sheet, "allowFormatCells");
      applyFormat(t.sheet, t.rect, patch);
    });
  }
}

const FORMAT_META: ObjectMeta<RangeTarget> = {
  typeName: "RangeFormat",
  scalars: {
    wrapText: (t) => uniformFormat(t.sheet, t.rect, "wrap"),
    horizontalAlignment: (t) => uniformFormat(t.sheet, t.rect, "hAlign"),
    verticalAlignment: (t) => uniformFormat(t.sheet, t.rect, "vAlign"),
    columnWidth: (t) => uniformColumnWidth(t.sheet, t.rect),
    rowHeight: (t) => uniformRowHeight(t.sheet, t.rect),
  },
  navigations: {
    fill: (self) => (self as RangeFormat).fill,
    font: (self) => (self as RangeFormat).font,
    protection: (self) => (self as RangeFormat).protection,
  },
};

export class RangeFormat extends RangePart {
  private fillProxy: RangeFill | undefined;
  private fontProxy: RangeFont | undefined;
  private protectionProxy: FormatProtection | undefined;
  private readonly target: () => RangeTarget | null;

  constructor(context: ContextLike, resolver: () => RangeTarget | null, createdBy: string) {
    super(context, FORMAT_META, resolver, createdBy);
    this.target = resolver;
  }

  get fill(): RangeFill {
    this.fillProxy ??= new RangeFill(this.context, this.target, "RangeFormat.fill");
    return this.fillProxy;
  }
  get font(): RangeFont {
    this.fontProxy ??= new RangeFont(this.context, this.target, "RangeFormat.font");
    return this.fontProxy;
  }
  get protection(): FormatProtection {
    this.protectionProxy ??= new FormatProtection(this.context, this.target, "RangeFormat.protection");
    return this.protectionProxy;
  }

  get wrapText(): boolean | null {
    return this.read("wrapText");
  }
  set wrapText(wrap: boolean | null) {
    this.writeFormat("wrapText", wrap, (v) => ({ wrap: checkBoolean(v, "wrapText") }));
  }

  get horizontalAlignment(): string | null {
    return this.read("horizontalAlignment");
  }
  set horizontalAlignment(alignment: string | null) {
    this.writeFormat("horizontalAlignment", alignment, (v) => ({ hAlign: checkHorizontal(v) }));
  }

  get verticalAlignment(): string | null {
    return this.read("verticalAlignment");
  }
  set verticalAlignment(alignment: string | null) {
    this.writeFormat("verticalAlignment", alignment, (v) => ({ vAlign: checkVertical(v) }));
  }

  get columnWidth(): number | null {
    return this.read("columnWidth");
  }
  set columnWidth(width: number | null) {
    this.write("columnWidth", width, (t, v) => setColumnWidth(t.sheet, t.rect, v));
  }

  get rowHeight(): number | null {
    return this.read("rowHeight");
  }
  set rowHeight(height: number | null) {
    this.write("rowHeight", height, (t, v) => setRowHeight(t.sheet, t.rect, v));
  }

  autofitRows(): void {
    this.queue("RangeFormat.autofitRows", (t) => autofitRows(t.sheet, t.rect));
  }

  autofitColumns(): void {
    this.queue("RangeFormat.autofitColumns", (t) => autofitColumns(t.sheet, t.rect));
  }
}

// No fill reads as white, as in Excel.
const FILL_META: ObjectMeta<RangeTarget> = {
  typeName: "RangeFill",
  scalars: {
    color: (t) => {
      const fills = distinctFormats(t.sheet, t.rect, "fill");
      return fills.size === 1 ? (([...fills][0] as string | null) ?? "#FFFFFF") : null;
    },
  },
};

export class RangeFill extends RangePart {
  constructor(context: ContextLike, resolver: () => RangeTarget | null, createdBy: string) {
    super(context, FILL_META, resolver, createdBy);
  }

  get color(): string | null {
    return this.read("color");
  }
  set color(color: string | null) {
    this.writeFormat("color", color, (v) => ({ fill: normalizeColor(v) }));
  }

  clear(): void {
    this.queue("RangeFill.clear", (t) => {
      guardOption(t.sheet, "allowFormatCells");
      applyFormat(t.sheet, t.rect, { fill: null });
    });
  }
}

const FONT_META: ObjectMeta<RangeTarget> = {
  typeName: "RangeFont",
  scalars: {
    bold: (t) => uniformFormat(t.sheet, t.rect, "bold"),
    italic: (t) => uniformFormat(t.sheet, t.rect, "italic"),
    color: (t) => uniformFormat(t.sheet, t.rect, "fontColor"),
    size: (t) => uniformFormat(t.sheet, t.rect, "fontSize"),
    name: (t) => uniformFormat(t.sheet, t.rect, "fontName"),
    underline: (t) => uniformFormat(t.sheet, t.rect, "underline"),
    strikethrough: (t) => uniformFormat(t.sheet, t.rect, "strikethrough"),
  },
};

export class RangeFont extends RangePart {
  constructor(context: ContextLike, resolver: () => RangeTarget | null, createdBy: string) {
    super(context, FONT_META, resolver, createdBy);
  }

  get bold(): boolean | null {
    return this.read("bold");
  }
  set bold(bold: boolean | null) {
    this.writeFormat("bold", bold, (v) => ({ bold: checkBoolean(v, "bold") }));
  }

  get italic(): boolean | null {
    return this.read("italic");
  }
  set italic(italic: boolean | null) {
    this.writeFormat("italic", italic, (v) => ({ italic: checkBoolean(v, "italic") }));
  }

  get color(): string | null {
    return this.read("color");
  }
  set color(color: string | null) {
    this.writeFormat("color", color, (v) => ({ fontColor: normalizeColor(v) }));
  }

  get size(): number | null {
    return this.read("size");
  }
  set size(size: number | null) {
    this.writeFormat("size", size, (v) => ({ fontSize: checkNumber(v, "font size", 1, 409) }));
  }

  get name(): string | null {
    return this.read("name");
  }
  set name(name: string | null) {
    this.writeFormat("name", name, (v) => ({
      fontName:
        typeof v === "string" && v ? v : fail("InvalidArgument", "a font name must be a non-empty string"),
    }));
  }

  get underline(): string | null {
    return this.read("underline");
  }
  set underline(underline: string | null) {
    this.writeFormat("underline", underline, (v) => ({ underline: checkUnderline(v) }));
  }

  get strikethrough(): boolean | null {
    return this.read("strikethrough");
  }
  set strikethrough(strike: boolean | null) {
    this.writeFormat("strikethrough", strike, (v) => ({ strikethrough: checkBoolean(v, "strikethrough") }));
  }
}

const PROTECTION_META: ObjectMeta<RangeTarget> = {
  typeName: "FormatProtection",
  scalars: {
    locked: (t) => uniformFormat(t.sheet, t.rect, "locked"),
    formulaHidden: (t) => uniformFormat(t.sheet, t.rect, "formulaHidden"),
  },
};

/** Locking is only changeable while the sheet is unprotected, as in Excel. */
export class FormatProtection extends RangePart {
  constructor(context: ContextLike, resolver: () => RangeTarget | null, createdBy: string) {
    super(context, PROTECTION_META, resolver, createdBy);
  }

  get locked(): boolean | null {
    return this.read("locked");
  }
  set locked(locked: boolean | null) {
    this.write("locked", locked, (t, v) => {
      const value = checkBoolean(v, "locked");
      guardProtected(t.sheet, "changing cell locking");
      applyFormat(t.sheet, t.rect, { locked: value });
    });
  }

  get formulaHidden(): boolean | null {
    return this.read("formulaHidden");
  }
  set formulaHidden(hidden: boolean | null) {
    this.write("formulaHidden", hidden, (t, v) => {
      const value = checkBoolean(v, "formulaHidden");
      guardProtected(t.sheet, "changing formula hiding");
      applyFormat(t.sheet, t.rect, { formulaHidden: value });
    });
  }
}
