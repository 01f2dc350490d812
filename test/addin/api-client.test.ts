// The task pane's endpoints: where they go, the token, the Idempotency-Key; the shared fetch wrapper's
// errors, timeout and bodies are tested in test/client/http.test.ts.
import { describe, expect, test } from "vitest";
import { ApiClient, normalizeServerUrl } from "../../addin/api/client.ts";
import { fakeFetch, json } from "../support/fake-fetch.ts";

describe("api client", () => {
  test("requests go to /api/v1 with the bearer token", async () => {
    const { fetch, seen } = fakeFetch(() => json(200, { periods: [] }));
    const api = new ApiClient({ baseUrl: "https://keywork.example/", token: "kw_t", fetch });
    await api.periods();
    expect(seen[0]!.url).toBe("https://keywork.example/api/v1/periods");
    expect((seen[0]!.init.headers as Record<string, string>).Authorization).toBe("Bearer kw_t");
  });

  test("signing in sends no token", async () => {
    const { fetch, seen } = fakeFetch(() => json(201, { token: "kw_new", expiresAt: "x", user: {} }));
    await new ApiClient({ baseUrl: "https://k.example", token: "old", fetch }).signIn("u", "p");
    expect((seen[0]!.init.headers as Record<string, string>).Authorization).toBeUndefined();
    expect(JSON.parse(String(seen[0]!.init.body))).toEqual({ username: "u", password: "p" });
  });

  test("a submission carries its Idempotency-Key and reports a replayed answer", async () => {
    const { fetch, seen } = fakeFetch(() =>
      json(200, { rows: [{ seq: 1, version: 2, changed: true }] }, { "Idempotent-Replayed": "true" }),
    );
    const api = new ApiClient({ baseUrl: "https://k.example", token: "t", fetch });
    const result = await api.submitWithReplay(
      "2022-H1",
      { rows: [{ seq: 1, status: "已完成", progress: "x", baseVersion: 1 }] },
      "kw-key-12345678",
    );
    expect((seen[0]!.init.headers as Record<string, string>)["Idempotency-Key"]).toBe("kw-key-12345678");
    expect(result).toEqual({ answer: { rows: [{ seq: 1, version: 2, changed: true }] }, replayed: true });
  });

  test("the server URL is reduced to origin and base path", () => {
    expect(normalizeServerUrl("https://k.example:3000/addin/taskpane.html")).toBe("https://k.example:3000");
    expect(normalizeServerUrl("https://k.example/keywork/")).toBe("https://k.example/keywork");
    expect(normalizeServerUrl(" http://127.0.0.1:3100 ")).toBe("http://127.0.0.1:3100");
  });
});
