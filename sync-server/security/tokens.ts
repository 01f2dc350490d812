// Bearer tokens: random, shown once, stored only as SHA-256 hashes.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { TokenKind } from "../store/store.ts";

const PREFIX: Record<TokenKind, string> = { session: "kws_", api: "kwa_" };

export function newToken(kind: TokenKind): string {
  return PREFIX[kind] + randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Compares two hex digests in constant time. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}

export function looksLikeToken(value: string): boolean {
  return /^kw[sa]_[A-Za-z0-9_-]{43}$/u.test(value);
}
