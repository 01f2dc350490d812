import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hashToken } from "../../../sync-server/security/tokens.ts";
import { purgeExpired } from "../../../sync-server/use-cases/housekeeping.ts";
import { api, publishFixture, startTestServer, type TestServer } from "../../support/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SIGNIN_MAX_FAILURES: "3", SIGNIN_SLOW_AFTER: "10", SESSION_HOURS: "1" });
  await publishFixture(server);
});
afterAll(() => server.stop());

describe("POST /sessions", () => {
  test("signing in with the right password returns a token and its expiry", async () => {
    await server.user("alice", "reporter", "市科技局");
    const res = await api<{ token: string; expiresAt: string; user: { unit: string } }>(
      server,
      "POST",
      "/sessions",
      {
        body: { username: "alice", password: "alice-password-1" },
      },
    );
    expect(res.status).toBe(201);
    expect(res.body.token).toMatch(/^kws_[A-Za-z0-9_-]{43}$/u);
    const hours = (Date.parse(res.body.expiresAt) - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(0.9);
    expect(hours).toBeLessThanOrEqual(1);
    expect(res.body.user.unit).toBe("市科技局");
  });

  test("a wrong password and an unknown user get the same 401", async () => {
    await server.user("bob", "reporter", "市科技局");
    const wrong = await api(server, "POST", "/sessions", {
      body: { username: "bob", password: "nope-nope-nope" },
    });
    const unknown = await api(server, "POST", "/sessions", {
      body: { username: "nobody", password: "nope-nope-nope" },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(wrong.headers.get("content-type")).toContain("application/problem+json");
  });

  test("after the configured failures the name is refused from that address even with the right password, with the same answer as an unknown user", async () => {
    await server.user("carol", "reporter", "市科技局");
    for (let i = 0; i < 3; i++) {
      expect(
        (await api(server, "POST", "/sessions", { body: { username: "carol", password: "wrong-password" } }))
          .status,
      ).toBe(401);
    }
    const refused = await api(server, "POST", "/sessions", {
      body: { username: "carol", password: "carol-password-1" },
    });
    const unknown = await api(server, "POST", "/sessions", {
      body: { username: "no-such-carol", password: "carol-password-1" },
    });
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(unknown.body);
    expect(refused.headers.get("retry-after")).toBeNull();
  });

  test("unknown names, wrong passwords and throttled names look the same after as many failures", async () => {
    await server.user("henry", "reporter", "市科技局");
    const attempt = (username: string) =>
      api(server, "POST", "/sessions", { body: { username, password: "wrong-password" } });
    for (let i = 0; i < 5; i++) {
      const known = await attempt("henry");
      const unknown = await attempt("no-such-henry");
      expect([known.status, unknown.status]).toEqual([401, 401]);
      expect(known.body).toEqual({ ...unknown.body });
      expect([...known.headers.keys()].sort()).toEqual([...unknown.headers.keys()].sort());
    }
  });

  test("the session token is stored only as a hash", async () => {
    const token = await server.user("dave", "reporter", "市科技局");
    const now = new Date().toISOString();
    expect(await server.deps.store.findToken(token, now)).toBeNull();
    const found = await server.deps.store.findToken(hashToken(token), now);
    expect(found?.user.username).toBe("dave");
    expect(found!.token.hash).toMatch(/^[0-9a-f]{64}$/u);
    expect(found!.token.hash).not.toContain(token);
  });

  test("unknown fields in the sign-in body are refused", async () => {
    const res = await api(server, "POST", "/sessions", {
      body: { username: "x", password: "y", admin: true },
    });
    expect(res.status).toBe(422);
  });
});

describe("sessions in use", () => {
  test("GET /me answers name, unit and role", async () => {
    const token = await server.user("erin", "reporter", "市财政局");
    const res = await api(server, "GET", "/me", { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ username: "erin", name: "erin 测试", unit: "市财政局", role: "reporter" });
  });

  test("signing out revokes the token", async () => {
    const token = await server.user("frank", "viewer", null);
    expect((await api(server, "DELETE", "/sessions/current", { token })).status).toBe(204);
    expect((await api(server, "GET", "/me", { token })).status).toBe(401);
  });

  test("an expired session is refused", async () => {
    const brief = await startTestServer({ SESSION_HOURS: String(1 / 3600) });
    try {
      await publishFixture(brief);
      const token = await brief.user("gina", "viewer", null);
      expect((await api(brief, "GET", "/me", { token })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await api(brief, "GET", "/me", { token })).status).toBe(401);
      // Housekeeping (at start and hourly) then deletes it; the API token made with the user stays.
      const before = await brief.countRows("tokens");
      expect(await purgeExpired(brief.deps)).toEqual({ tokens: 1, answers: 0 });
      expect(await brief.countRows("tokens")).toBe(before - 1);
    } finally {
      await brief.stop();
    }
  });

  test("requests without or with a malformed bearer token get 401", async () => {
    expect((await api(server, "GET", "/periods")).status).toBe(401);
    expect((await api(server, "GET", "/periods", { headers: { authorization: "Bearer abc" } })).status).toBe(
      401,
    );
    expect((await api(server, "GET", "/periods", { headers: { authorization: "Basic eDp5" } })).status).toBe(
      401,
    );
  });
});

describe("public endpoints", () => {
  test("healthz and readyz answer without a token", async () => {
    expect((await api(server, "GET", "/healthz")).body).toEqual({ status: "ok" });
    expect((await api(server, "GET", "/readyz")).body).toEqual({ status: "ready", store: "sqlite" });
  });

  test("the OpenAPI document lists every endpoint with the submission schema", async () => {
    const res = await api<{
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }
        >
      >;
    }>(server, "GET", "/openapi.json");
    expect(res.body.openapi).toBe("3.1.0");
    for (const path of [
      "/sessions",
      "/me",
      "/units",
      "/periods",
      "/plans/import",
      "/periods/{id}/tasks",
      "/periods/{id}/submissions",
      "/periods/{id}/merged",
      "/periods/{id}/merged.xlsx",
      "/periods/{id}/coverage",
      "/periods/{id}/tasks/{seq}/history",
      "/periods/{id}/lock",
      "/periods/{id}/unlock",
      "/periods/{id}/returns",
      "/healthz",
      "/readyz",
    ]) {
      expect(res.body.paths, path).toHaveProperty([path]);
    }
    const schema =
      res.body.paths["/periods/{id}/submissions"]!.post!.requestBody!.content["application/json"]!.schema;
    expect(Object.keys(schema.properties ?? {})).toEqual(expect.arrayContaining(["rows", "unit"]));
  });

  test("an unknown API path is a problem+json 404", async () => {
    const res = await api(server, "GET", "/nope");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});
