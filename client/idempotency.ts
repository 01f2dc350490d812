// What the task pane and the web page share as clients of the sync server: browser code with no DOM,
// no Office and no Node, so both bundles and vitest can load it.

/**
 * A fresh Idempotency-Key per submit attempt; a retry after a network failure reuses it. The prefix
 * tells in the server's log which client sent it ("kw" the task pane, "web" the web page).
 */
export function newIdempotencyKey(prefix = "kw"): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === "function") return `${prefix}-${c.randomUUID()}`;
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === "function") c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
