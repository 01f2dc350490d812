// The `Office` global: readiness, host/platform, display language, requirement sets.

export interface OfficeOptions {
  displayLanguage?: string;
  /** Highest ExcelApi requirement set reported as supported; "1.9" unless given. */
  excelApiVersion?: string;
  /** Other requirement sets to report, e.g. { DialogApi: "1.2" }. */
  requirementSets?: Record<string, string>;
}

export interface OfficeInfo {
  host: "Excel";
  platform: "PC";
}

function versionAtLeast(supported: string, wanted: string): boolean {
  const a = supported.split(".").map(Number);
  const b = wanted.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

export function createOffice(options: OfficeOptions = {}) {
  const displayLanguage = options.displayLanguage ?? "zh-CN";
  const sets: Record<string, string> = {
    excelapi: options.excelApiVersion ?? "1.9",
    dialogapi: "1.2",
    ...Object.fromEntries(
      Object.entries(options.requirementSets ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    ),
  };
  const info: OfficeInfo = { host: "Excel", platform: "PC" };
  return {
    HostType: {
      Excel: "Excel",
      Word: "Word",
      PowerPoint: "PowerPoint",
      Outlook: "Outlook",
      OneNote: "OneNote",
      Project: "Project",
      Access: "Access",
    },
    PlatformType: {
      PC: "PC",
      OfficeOnline: "OfficeOnline",
      Mac: "Mac",
      iOS: "iOS",
      Android: "Android",
      Universal: "Universal",
    },
    context: {
      displayLanguage,
      contentLanguage: displayLanguage,
      host: "Excel",
      platform: "PC",
      diagnostics: { host: "Excel", platform: "PC", version: "16.0.0.0" },
      requirements: {
        isSetSupported(name: string, minVersion?: string | number): boolean {
          const supported = sets[String(name).toLowerCase()];
          if (supported === undefined) return false;
          return minVersion === undefined || versionAtLeast(supported, String(minVersion));
        },
      },
    },
    /** May be assigned by the add-in; the host does not call it (onReady is the supported way). */
    initialize: undefined as unknown,
    onReady(callback?: (info: OfficeInfo) => void): Promise<OfficeInfo> {
      return Promise.resolve().then(() => {
        callback?.({ ...info });
        return { ...info };
      });
    },
  };
}

export type OfficeNamespace = ReturnType<typeof createOffice>;
