// Hostile workbooks built in the test, byte by byte: a zip writer that can lie about sizes, and .xlsx
// packages around any sheet XML (one cell at A1048576, XFD1, a huge <dimension>, deep nesting…).
import { once } from "node:events";
import { createDeflateRaw, crc32, deflateRawSync } from "node:zlib";

export interface ZipPart {
  name: string;
  data: Buffer;
  /** Deflate the data (default) or store it. */
  store?: boolean;
  /** Already deflated bytes (with `size` their real unpacked size): for bombs built as a stream. */
  deflated?: { bytes: Buffer; size: number };
  /** What the directory claims the entry unpacks to (a lie, when set). */
  claimedSize?: number;
}

export function zipOf(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, "utf8");
    const method = part.store ? 0 : 8;
    const packed = part.deflated?.bytes ?? (part.store ? part.data : deflateRawSync(part.data));
    const size = part.claimedSize ?? part.deflated?.size ?? part.data.length;
    const crc = part.deflated ? 0 : crc32(part.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** A worksheet part around `sheetData` rows (and anything else, like merges, after them). */
export function sheetXml(sheetData: string, opts: { dimension?: string; after?: string } = {}): string {
  const dimension = opts.dimension ? `<dimension ref="${opts.dimension}"/>` : "";
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${NS} ${R_NS}>${dimension}<sheetData>${sheetData}</sheetData>${opts.after ?? ""}</worksheet>`;
}

/** An inline-string cell. */
export const textCell = (ref: string, text: string) =>
  `<c r="${ref}" t="inlineStr"><is><t>${text.replace(/&/gu, "&amp;").replace(/</gu, "&lt;")}</t></is></c>`;

/** The parts of a one-sheet .xlsx package, the sheet given as XML or as ready-made (bomb) part. */
export function xlsxParts(sheet: string | Omit<ZipPart, "name">, extra: ZipPart[] = []): ZipPart[] {
  const sheetPart: ZipPart =
    typeof sheet === "string"
      ? { name: "xl/worksheets/sheet1.xml", data: Buffer.from(sheet, "utf8") }
      : { ...sheet, name: "xl/worksheets/sheet1.xml" };
  return [
    {
      name: "[Content_Types].xml",
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      ),
    },
    {
      name: "_rels/.rels",
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      ),
    },
    {
      name: "xl/workbook.xml",
      data: Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS} ${R_NS}><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
    },
    sheetPart,
    ...extra,
  ];
}

export const xlsxOf = (sheet: string, extra: ZipPart[] = []) => zipOf(xlsxParts(sheet, extra));

/** The parts of a one-sheet .xlsx with a shared-string table (`strings`), related from the workbook. */
export function xlsxPartsWithStrings(
  sheet: string | Omit<ZipPart, "name">,
  strings: Omit<ZipPart, "name">,
): ZipPart[] {
  const parts = xlsxParts(sheet, [{ ...strings, name: "xl/sharedStrings.xml" }]);
  const rels = parts.find((p) => p.name === "xl/_rels/workbook.xml.rels")!;
  rels.data = Buffer.from(
    rels.data
      .toString()
      .replace(
        "</Relationships>",
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
      ),
  );
  return parts;
}

/**
 * A workbook whose shared-string table holds `count` distinct strings, A1 showing the first: slow to
 * parse (150,000 of them take a second or more), small to send.
 */
export function manyStringsXlsx(count: number, text = (i: number) => `文字${i}号内容`): Buffer {
  const strings = Array.from({ length: count }, (_, i) => `<si><t>${text(i)}</t></si>`).join("");
  return zipOf(
    xlsxPartsWithStrings(sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), {
      data: Buffer.from(`<sst>${strings}</sst>`),
    }),
  );
}

/**
 * `size` bytes of `fill` repeated, deflated as a stream (never held unpacked): the body of a bomb.
 * `prefix` goes first and `suffix` last, so the part can be real XML.
 */
export async function deflatedRepeat(
  size: number,
  fill = " ",
  prefix = "",
  suffix = "",
): Promise<{ bytes: Buffer; size: number }> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => out.push(chunk));
  const head = Buffer.from(prefix, "utf8");
  deflate.write(head);
  const chunk = Buffer.alloc(1024 * 1024, fill);
  const tail = Buffer.from(suffix, "utf8");
  let left = size - head.length - tail.length;
  while (left > 0) {
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    left -= piece.length;
    if (!deflate.write(piece)) await once(deflate, "drain");
  }
  deflate.end(tail);
  await once(deflate, "end");
  return { bytes: Buffer.concat(out), size };
}
