// The server as a whole: configuration, security headers, CORS, rate limits, logs, shutdown.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { get as httpsGet } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCertificates } from "office-addin-dev-certs";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConfig, ConfigError } from "../../sync-server/config.ts";
import { startServer } from "../../sync-server/server.ts";
import { hashToken, newToken } from "../../sync-server/security/tokens.ts";
import { addUser } from "../../sync-server/use-cases/users.ts";
import { startChildServer } from "../support/child-server.ts";
import { api, publishFixture, startTestServer, type TestServer } from "../support/server.ts";

describe("configuration", () => {
  test("defaults are documented values", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: "127.0.0.1",
      DATABASE_URL: "sqlite:./data/keywork.db",
      LOG_LEVEL: "info",
      CORS_ORIGINS: [],
    });
  });

  test("a bad value fails at start naming the variable", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: "postgres://x" })).toThrow(/DATABASE_URL/u);
    expect(() => loadConfig({ TLS_CERT_FILE: "/x.pem" })).toThrow(/TLS_KEY_FILE/u);
  });

  test("the serve command exits 2 with a message on a bad configuration", async () => {
    const child = spawn(process.execPath, ["bin/keywork.js", "serve"], {
      env: { ...process.env, PORT: "eighty" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toContain("PORT");
    expect(stderr).not.toMatch(/\n\s+at /u);
  });
});

describe("HTTP hardening", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      CORS_ORIGINS: "https://excel.example.gov.cn",
      RATE_LIMIT_PER_MINUTE: "30",
    });
    await publishFixture(server);
  });
  afterAll(() => server.stop());

  test("responses carry security headers and no X-Powered-By", async () => {
    const res = await fetch(`${server.url}/api/v1/healthz`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("x-powered-by")).toBeNull();
  });

  test("CORS answers only origins on the allow-list", async () => {
    const allowed = await fetch(`${server.url}/api/v1/healthz`, {
      headers: { origin: "https://excel.example.gov.cn" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://excel.example.gov.cn");
    const other = await fetch(`${server.url}/api/v1/healthz`, {
      headers: { origin: "https://evil.example.com" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetch(`${server.url}/api/v1/me`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example.com" },
    });
    expect(preflight.status).toBe(403);
  });

  test("a caller over the rate limit gets 429 with Retry-After", async () => {
    const token = await server.user("busy", "viewer", null);
    const answers = [];
    for (let i = 0; i < 35; i++) answers.push((await api(server, "GET", "/me", { token })).status);
    expect(answers.slice(0, 25).every((s) => s === 200)).toBe(true);
    const limited = await api(server, "GET", "/me", { token });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("the rate limit, kept in the store", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_PER_MINUTE: "20" });
    await publishFixture(server);
  });
  afterAll(() => server.stop());

  test("rotating junk bearer values do not escape it: they count against the address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const junk = `kws_${String(i).padStart(43, "x")}`;
      statuses.push(
        (
          await api(server, "POST", "/sessions", {
            headers: { authorization: `Bearer ${junk}` },
            body: { username: "nobody", password: "nothing" },
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
  });

  test("a verified token counts against its user, whichever token and process it comes through", async () => {
    // Another process on the same database file: the counts are shared.
    const other = await startServer(
      loadConfig({ DATABASE_URL: `sqlite:${server.dbFile}`, PORT: "0", RATE_LIMIT_PER_MINUTE: "20" }),
      { logger: pino({ level: "silent" }) },
    );
    try {
      await addUser(server.deps, {
        username: "busy-bee",
        name: "忙",
        unit: null,
        role: "viewer",
        password: "busy-bee-password-1",
      });
      const tokens = [await newApiToken(server, "busy-bee"), await newApiToken(server, "busy-bee")];
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++)
        statuses.push((await api(i % 2 ? other : server, "GET", "/me", { token: tokens[i % 2] })).status);
      expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
      expect(statuses.slice(20)).toEqual([429, 429]);
      // Another user is not held back by busy-bee (nor by the address's junk above).
      await addUser(server.deps, {
        username: "calm",
        name: "静",
        unit: null,
        role: "viewer",
        password: "calm-password-1",
      });
      expect((await api(other, "GET", "/me", { token: await newApiToken(server, "calm") })).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

/** A personal API token made straight in the store (a sign-in would spend the address's budget). */
async function newApiToken(server: TestServer, username: string): Promise<string> {
  const user = (await server.deps.store.findUserByUsername(username))!;
  const token = newToken("api");
  await server.deps.store.createToken({
    hash: hashToken(token),
    userId: user.id,
    kind: "api",
    createdAt: new Date().toISOString(),
    expiresAt: null,
  });
  return token;
}

describe("logs", () => {
  test("no password or token reaches the log", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()),
    });
    const logger = pino({ level: "trace" }, sink);
    const config = loadConfig({ DATABASE_URL: "sqlite::memory:", PORT: "0", LOG_LEVEL: "trace" });
    const running = await startServer(config, { logger });
    try {
      const { addUser } = await import("../../sync-server/use-cases/users.ts");
      const created = await addUser(
        { store: running.store, config, logger, now: () => new Date() },
        {
          username: "secretive",
          name: "保密",
          unit: null,
          role: "viewer",
          password: "a-very-secret-password",
        },
      );
      const signIn = await api<{ token: string }>(running, "POST", "/sessions", {
        body: { username: "secretive", password: "a-very-secret-password" },
      });
      await api(running, "POST", "/sessions", {
        body: { username: "secretive", password: "wrong-secret-password" },
      });
      await api(running, "GET", "/me", { token: signIn.body.token });
      const log = lines.join("");
      expect(log).toContain("signed in");
      const me = lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.path === "/api/v1/me");
      expect(me).toMatchObject({ msg: "request", method: "GET", status: 200, user: "secretive" });
      expect(log).not.toContain("a-very-secret-password");
      expect(log).not.toContain("wrong-secret-password");
      expect(log).not.toContain(signIn.body.token);
      expect(log).not.toContain(created.token);
    } finally {
      await running.close();
    }
  });
});

describe("HTTPS", () => {
  test("with TLS_CERT_FILE and TLS_KEY_FILE the server speaks HTTPS with that certificate", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keywork-tls-"));
    const [ca, cert, key] = ["ca.crt", "localhost.crt", "localhost.key"].map((f) => join(dir, f)) as [
      string,
      string,
      string,
    ];
    // The same generator `npx office-addin-dev-certs install` uses, without installing the CA.
    await generateCertificates(ca, cert, key, 1);
    const config = loadConfig({
      DATABASE_URL: "sqlite::memory:",
      PORT: "0",
      TLS_CERT_FILE: cert,
      TLS_KEY_FILE: key,
    });
    const running = await startServer(config, { logger: pino({ level: "silent" }) });
    try {
      expect(running.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/u);
      const body = await new Promise<string>((resolve, reject) => {
        httpsGet(
          `${running.url}/api/v1/healthz`,
          { ca: readFileSync(ca), servername: "localhost" },
          (res) => {
            let text = "";
            res.on("data", (c: Buffer) => (text += c.toString()));
            res.on("end", () => resolve(text));
          },
        ).on("error", reject);
      });
      expect(JSON.parse(body)).toEqual({ status: "ok" });
    } finally {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("keywork start --dev-certs", () => {
  test("serves HTTPS with the certificate office-addin-dev-certs put in the home folder", async () => {
    const home = mkdtempSync(join(tmpdir(), "keywork-home-"));
    const dir = join(home, ".office-addin-dev-certs");
    mkdirSync(dir);
    await generateCertificates(
      join(dir, "ca.crt"),
      join(dir, "localhost.crt"),
      join(dir, "localhost.key"),
      1,
    );
    const server = await startChildServer(
      "serve",
      { DATABASE_URL: "sqlite::memory:", HOME: home, USERPROFILE: home },
      ["--dev-certs"],
    );
    try {
      expect(server.url).toMatch(/^https:/u);
      const status = await new Promise<number>((resolve, reject) => {
        httpsGet(
          `${server.url}/api/v1/healthz`,
          { ca: readFileSync(join(dir, "ca.crt")), servername: "localhost" },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        ).on("error", reject);
      });
      expect(status).toBe(200);
    } finally {
      await server.stop();
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe("shutdown", () => {
  test("SIGTERM finishes and exits 0", async () => {
    const server = await startChildServer("serve", { DATABASE_URL: "sqlite::memory:" });
    expect((await fetch(`${server.url}/api/v1/healthz`)).status).toBe(200);
    await server.stop();
    expect(server.child.exitCode).toBe(0);
  });
});
