// XML parts of a workbook read as a stream of events (saxes: no tree, no DTD, no entity expansion), fed
// in slices so no part is ever one huge string, with a bound on nesting depth.
import { StringDecoder } from "node:string_decoder";
import { SaxesParser } from "saxes";
import { notXlsx } from "./zip.ts";

export interface XmlHandlers {
  /** `name` without its namespace prefix; `attributes` keyed by their full (prefixed) names. */
  open?(name: string, attributes: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

const SLICE = 1024 * 1024;
export const MAX_XML_DEPTH = 64;

export const localName = (name: string) => {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
};

export function readXml(part: string, data: Buffer, handlers: XmlHandlers): void {
  const parser = new SaxesParser({ position: false });
  let depth = 0;
  parser.on("opentag", (tag) => {
    depth++;
    if (depth > MAX_XML_DEPTH)
      throw notXlsx(
        `${part} is nested deeper than ${MAX_XML_DEPTH} levels`,
        `${part} 的嵌套层数超过 ${MAX_XML_DEPTH}`,
      );
    handlers.open?.(localName(tag.name), tag.attributes as Record<string, string>);
  });
  parser.on("closetag", (tag) => {
    depth--;
    handlers.close?.(localName(tag.name));
  });
  if (handlers.text) {
    const text = handlers.text;
    parser.on("text", text);
    parser.on("cdata", text);
  }
  const decoder = new StringDecoder("utf8");
  try {
    for (let i = 0; i < data.length; i += SLICE) parser.write(decoder.write(data.subarray(i, i + SLICE)));
    parser.write(decoder.end());
    parser.close();
  } catch (error) {
    // Our own refusals (limits) pass through; anything saxes says is a damaged part.
    if ((error as { status?: unknown }).status !== undefined) throw error;
    throw notXlsx(
      `${part} is not well-formed XML (${(error as Error).message.slice(0, 200)})`,
      `${part} 不是格式正确的 XML`,
    );
  }
}

/** A relationship id attribute (`r:id`, whatever the prefix). */
export function relationshipId(attributes: Record<string, string>): string | undefined {
  for (const [key, value] of Object.entries(attributes)) {
    if (key.includes(":") && localName(key) === "id") return value;
  }
  return undefined;
}
