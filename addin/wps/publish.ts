// The publish page's script (publish.js): installs the add-in into this computer's WPS in publish mode
// (发布模式, "online"): WPS keeps only the add-in's address and loads it from this server each time.
// WPS's local add-in service (wpsjs's publish template talks to the same one) listens on 127.0.0.1:58890.
export const WPS_SERVICE = "http://127.0.0.1:58890";
export const ADDIN_NAME = "keywork";

export interface AddinEntry {
  name: string;
  addonType: "et";
  online: "true";
  url: string;
  version: string;
}

export function addinEntry(base: string, version: string): AddinEntry {
  return { name: ADDIN_NAME, addonType: "et", online: "true", url: base, version };
}

/** The service takes its parameters as base64 of the UTF-8 JSON. */
export function encodeParams(params: object): string {
  const bytes = new TextEncoder().encode(JSON.stringify(params));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export async function sendToWps(
  cmd: "enable" | "disable",
  entry: AddinEntry,
  fetcher: typeof fetch = fetch,
): Promise<{ ok: boolean; text: string }> {
  try {
    const res = await fetcher(`${WPS_SERVICE}/deployaddons/runParams`, {
      method: "POST",
      body: encodeParams({ cmd, ...entry }),
    });
    return { ok: res.ok, text: await res.text() };
  } catch {
    return { ok: false, text: "" };
  }
}

function boot(): void {
  const base = new URL("./", location.href).toString();
  const entry = addinEntry(base, document.documentElement.dataset["version"] ?? "1.0.0");
  const status = document.getElementById("status")!;
  const address = document.getElementById("addin-url");
  if (address) address.textContent = base;
  const run = async (cmd: "enable" | "disable") => {
    status.textContent = "正在连接本机 WPS… / Contacting WPS on this computer…";
    const answer = await sendToWps(cmd, entry);
    status.dataset["kind"] = answer.ok ? "success" : "error";
    status.textContent = answer.ok
      ? cmd === "enable"
        ? "已安装。请重新启动 WPS 表格,在“重点工作”选项卡中打开报送面板。 / Installed: restart WPS Spreadsheets and open the 重点工作 tab."
        : "已卸载。重新启动 WPS 后生效。 / Removed: restart WPS to take effect."
      : "未能连接本机 WPS(127.0.0.1:58890)。请先启动 WPS 表格再试;或请管理员用 jsplugins.xml 集中部署。 / Could not reach WPS on this computer: start WPS Spreadsheets first, or ask IT to deploy with jsplugins.xml.";
  };
  document.getElementById("install")?.addEventListener("click", () => void run("enable"));
  document.getElementById("uninstall")?.addEventListener("click", () => void run("disable"));
}

if (typeof document !== "undefined" && document.getElementById("install")) boot();
