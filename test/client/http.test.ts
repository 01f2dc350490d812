// The clients' one fetch wrapper: headers, bodies, problem+json as ApiError, no answer as NetworkError.
import { describe, expect, test } from "vitest";
import { ApiError, NetworkError } from "../../client/errors.ts";
import { send, type FetchLike, type HttpConfig } from "../../client/http.ts";
import { fakeFetch, json, sentHeaders } from "../support/fake-fetch.ts";

const config = (fetch: FetchLike, extra: Partial<HttpConfig> = {}): HttpConfig => ({
  base: "https://k.example/api/v1",
  token: () => "kw_t",
  lang: () => "zh",
  fetch,
  ...extra,
});

const failure = (fetch: FetchLike, extra: Partial<HttpConfig> = {}) =>
  send(config(fetch, extra), { method: "GET", path: "/periods" }).catch((e: unknown) => e);

describe("send", () => {
  test("a request goes to the base with the bearer token, the language and JSON", async () => {
    const { fetch, seen } = fakeFetch(() => json(200, { periods: [] }));
    const answer = await send(config(fetch), { method: "POST", path: "/x", json: { a: 1 } });
    expect(answer.body).toEqual({ periods: [] });
    expect(seen[0]!.url).toBe("https://k.example/api/v1/x");
    expect(sentHeaders(seen[0]!)).toMatchObject({
      Authorization: "Bearer kw_t",
      "Accept-Language": "zh-CN",
      "Content-Type": "application/json",
    });
    expect(seen[0]!.init.body).toBe('{"a":1}');
  });

  test("a request without auth sends no token", async () => {
    const { fetch, seen } = fakeFetch(() => json(200, {}));
    await send(config(fetch), { method: "POST", path: "/sessions", json: {}, auth: false });
    expect(sentHeaders(seen[0]!).Authorization).toBeUndefined();
  });

  test("an idempotency key is sent as the Idempotency-Key header", async () => {
    const { fetch, seen } = fakeFetch(() => json(200, {}));
    await send(config(fetch), { method: "POST", path: "/s", json: {}, idempotencyKey: "web-12345678" });
    expect(sentHeaders(seen[0]!)["Idempotency-Key"]).toBe("web-12345678");
  });

  test("a form is sent as it is, without a JSON content type", async () => {
    const { fetch, seen } = fakeFetch(() => json(200, {}));
    const form = new FormData();
    form.set("period", "2022-H1");
    await send(config(fetch), { method: "POST", path: "/plans/import", form });
    expect(seen[0]!.init.body).toBe(form);
    expect(sentHeaders(seen[0]!)["Content-Type"]).toBeUndefined();
  });

  test("a download answers a Blob and a 204 answers nothing", async () => {
    const { fetch } = fakeFetch((url) =>
      url.endsWith("/file") ? new Response("xlsx") : new Response(null, { status: 204 }),
    );
    const file = await send<Blob>(config(fetch), { method: "GET", path: "/file", blob: true });
    expect(await file.body.text()).toBe("xlsx");
    expect((await send(config(fetch), { method: "DELETE", path: "/sessions/current" })).body).toBeUndefined();
  });

  test("a 409 problem becomes an ApiError with the code, both languages and the conflicts", async () => {
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
    const error = (await failure(fetch)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(409);
    expect(error.code).toBe("version-conflict");
    expect(error.conflicts).toEqual(conflicts);
    expect(error.detail).toEqual({ zh: "他人已修改", en: "someone else changed these rows" });
  });

  test("a 422 problem carries the issues and the rest of its body", async () => {
    const issues = [{ seq: 3, field: "status", code: "status.unknown", message: "bad" }];
    const unknownUnits = [{ name: "市科委", nearest: [] }];
    const { fetch } = fakeFetch(() =>
      json(422, { title: "unknown-units", detail: "1 处错误 / 1 errors", issues, unknownUnits }),
    );
    const error = (await failure(fetch)) as ApiError;
    expect(error.issues).toEqual(issues);
    expect(error.body.unknownUnits).toEqual(unknownUnits);
  });

  test("a 429 problem carries when to try again", async () => {
    const { fetch } = fakeFetch(() =>
      json(429, { title: "too-many-requests", detail: "太多 / too many", retryAfter: 30 }),
    );
    expect(((await failure(fetch)) as ApiError).retryAfter).toBe(30);
  });

  test("an HTML error page from a proxy still becomes an ApiError naming the status", async () => {
    const { fetch } = fakeFetch(() => new Response("<html>Bad gateway</html>", { status: 502 }));
    const error = (await failure(fetch)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("http-502");
    expect(error.detail.zh).toContain("502");
  });

  test("an answer that is not JSON is an ApiError of code bad-response", async () => {
    const { fetch } = fakeFetch(() => new Response("<html>portal</html>", { status: 200 }));
    expect(((await failure(fetch)) as ApiError).code).toBe("bad-response");
  });

  test("an unreachable server is a NetworkError of reason offline", async () => {
    const { fetch } = fakeFetch(() => Promise.reject(new TypeError("Failed to fetch")));
    const error = await failure(fetch);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).reason).toBe("offline");
  });

  test("a server that does not answer in time is a NetworkError of reason timeout", async () => {
    const fetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))),
      );
    const error = await failure(fetch, { timeoutMs: 20 });
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).reason).toBe("timeout");
  });

  test("without a timeout no abort signal is sent", async () => {
    const { fetch, seen } = fakeFetch(() => json(200, {}));
    await send(config(fetch), { method: "GET", path: "/x" });
    expect(seen[0]!.init.signal).toBeNull();
  });
});
