// Features above the manifest's ExcelApi 1.7, detected at run time so older Excel degrades gracefully.
import type { Capabilities } from "../host/host.ts";

export type { Capabilities } from "../host/host.ts";

interface OfficeLike {
  context?: { requirements?: { isSetSupported?: (name: string, version?: string) => boolean } };
}

export function detectCapabilities(
  office: OfficeLike | undefined = (globalThis as { Office?: OfficeLike }).Office,
): Capabilities {
  const supports = (version: string) => {
    try {
      return office?.context?.requirements?.isSetSupported?.("ExcelApi", version) === true;
    } catch {
      return false;
    }
  };
  return { dataValidation: supports("1.8") };
}
