// The API client: bearer token, problem+json as typed errors, network failures, timeout, Idempotency-Key.
import { describe, expect, test } from "vitest";
import {
  ApiClient,
  ApiError,
  NetworkError,
  normalizeServerUrl,
  type FetchLike,
} from "../../addin/api/client.ts";

interface Seen {
  url: string;
  init: RequestInit;
}

function fakeFetch(respond: (url: string, init: RequestInit) => Response | Promise<Response>): {
  fetch: FetchLike;
  seen: Seen[];
} {
  const seen: Seen[] = [];
  return {
    seen,
    fetch: async (url, init = {}) => {
      seen.push({ url, init });
      return respond(url, init);
    },
  };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": status >= 400 ? "application/problem+json" : "application/json", ...headers },
  });

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

  test("a 409 problem becomes an ApiError with the conflicts", async () => {
    const conflicts = [
      {
        seq: 1,
        mine: { status: "a", progress: "b", baseVersion: 1 },
        theirs: { status: "c", progress: "d", version: 2, updatedBy: "x", updatedAt: "t" },
      },
    ];
    const { fetch } = fakeFetch(() =>
      json(409, {
        title: "version-conflict",
        status: 409,
        detail: "他人已修改 / someone else changed these rows",
        conflicts,
      }),
    );
    const error = await new ApiClient({ baseUrl: "https://k.example", fetch })
      .submit("2022-H1", { rows: [] }, "kw-12345678")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(409);
    expect((error as ApiError).conflicts).toEqual(conflicts);
    expect((error as ApiError).detail).toEqual({ zh: "他人已修改", en: "someone else changed these rows" });
  });

  test("a 422 problem carries the issues", async () => {
    const issues = [{ seq: 3, field: "status", code: "status.unknown", message: "bad" }];
    const { fetch } = fakeFetch(() =>
      json(422, { title: "invalid-rows", detail: "1 处错误 / 1 errors", issues }),
    );
    const error = (await new ApiClient({ baseUrl: "https://k.example", fetch })
      .periods()
      .catch((e: unknown) => e)) as ApiError;
    expect(error.issues).toEqual(issues);
  });

  test("an HTML error page from a proxy still becomes an ApiError", async () => {
    const { fetch } = fakeFetch(() => new Response("<html>Bad gateway</html>", { status: 502 }));
    const error = (await new ApiClient({ baseUrl: "https://k.example", fetch })
      .periods()
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("http-502");
    expect(error.detail.zh).toContain("502");
  });

  test("an unreachable server is a NetworkError", async () => {
    const { fetch } = fakeFetch(() => Promise.reject(new TypeError("Failed to fetch")));
    const error = await new ApiClient({ baseUrl: "https://k.example", fetch })
      .periods()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).reason).toBe("offline");
  });

  test("a server that does not answer in time is a NetworkError of reason timeout", async () => {
    const fetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))),
      );
    const error = await new ApiClient({ baseUrl: "https://k.example", fetch, timeoutMs: 20 })
      .periods()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).reason).toBe("timeout");
  });

  test("the server URL is reduced to origin and base path", () => {
    expect(normalizeServerUrl("https://k.example:3000/addin/taskpane.html")).toBe("https://k.example:3000");
    expect(normalizeServerUrl("https://k.example/keywork/")).toBe("https://k.example/keywork");
    expect(normalizeServerUrl(" http://127.0.0.1:3100 ")).toBe("http://127.0.0.1:3100");
  });
});
