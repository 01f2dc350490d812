// WPS (like VBA) takes colours as numbers in BGR order: 0xBBGGRR. The pane thinks in "#RRGGBB".
export function bgr(hex: string): number {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/iu.exec(hex);
  if (!m) throw new Error(`颜色格式不对 / not a colour: ${hex}`);
  return parseInt(m[3]!, 16) * 0x10000 + parseInt(m[2]!, 16) * 0x100 + parseInt(m[1]!, 16);
}

export function hexOfBgr(value: number): string {
  const r = value & 0xff;
  const g = (value >> 8) & 0xff;
  const b = (value >> 16) & 0xff;
  return `#${[r, g, b].map((n) => n.toString(16).padStart(2, "0").toUpperCase()).join("")}`;
}
