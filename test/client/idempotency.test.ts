import { describe, expect, it } from "vitest";
import { newIdempotencyKey } from "../../client/idempotency.ts";

describe("newIdempotencyKey", () => {
  it("answers a fresh key per attempt", () => {
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
  });

  it("answers a key the server accepts (8–200 printable ASCII characters)", () => {
    expect(newIdempotencyKey()).toMatch(/^[\x21-\x7e]{8,200}$/u);
    expect(newIdempotencyKey("web")).toMatch(/^[\x21-\x7e]{8,200}$/u);
  });

  it("starts with the prefix naming the client", () => {
    expect(newIdempotencyKey("web")).toMatch(/^web-/u);
    expect(newIdempotencyKey()).toMatch(/^kw-/u);
  });
});
