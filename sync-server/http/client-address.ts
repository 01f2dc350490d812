// The caller's address as limits key it: req.ip (X-Forwarded-For only when TRUST_PROXY is set), an
// IPv4-mapped IPv6 address as its IPv4 form, and IPv6 by its /64 network — one host usually holds a
// whole /64, so keying on the full address would let it rotate through 2^64 keys for free.
import { isIPv6 } from "node:net";
import type { Request } from "express";

export function clientAddress(req: Request): string {
  return addressKey(req.ip ?? req.socket.remoteAddress ?? "unknown");
}

export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/iu.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  return `${expandIPv6(ip).slice(0, 4).join(":")}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, "::" expanded, zone dropped, without leading zeros. */
function expandIPv6(ip: string): string[] {
  const [head = "", tail] = ip.split("%")[0]!.split("::");
  const part = (s: string) => (s === "" ? [] : s.split(":"));
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return groups.map((g) => (g.includes(".") ? g : parseInt(g, 16).toString(16)));
}
