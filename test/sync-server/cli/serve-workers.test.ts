// `keywork serve --workers N` as real processes: the option checked, a worker that cannot start stops
// the whole server (no restart loop), and SIGTERM lets a request in flight finish before exit 0.
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runKeywork } from "../../support/cli.ts";
import { startChildServer } from "../../support/child-server.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "keywork-workers-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const keywork = (env: Record<string, string>, ...args: string[]) =>
  runKeywork({ ...process.env, LOG_LEVEL: "silent", ...env }, args, 60_000);

describe("keywork serve --workers", () => {
  test("refuses a worker count that is not a whole number from 1 or auto, with exit status 2", async () => {
    const answer = await keywork(
      { DATABASE_URL: `sqlite:${join(dir, "usage.db")}` },
      "serve",
      "--workers",
      "0",
    );
    expect(answer.code).toBe(2);
    expect(answer.stderr).toContain("--workers must be a whole number from 1, or auto");
  });

  test("stops with exit status 1, not a restart loop, when a worker cannot start", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const port = String((taken.address() as AddressInfo).port);
      const answer = await keywork(
        { DATABASE_URL: `sqlite:${join(dir, "taken.db")}`, PORT: port },
        "serve",
        "--workers",
        "2",
      );
      expect(answer.code).toBe(1);
      expect(answer.stderr).toMatch(/exited before listening/u);
    } finally {
      taken.close();
    }
  });

  test("SIGTERM lets a request in flight finish on its worker, then every process exits 0", async () => {
    const server = await startChildServer(
      "serve",
      { DATABASE_URL: `sqlite:${join(dir, "drain.db")}`, LOG_LEVEL: "info" },
      ["--workers", "2"],
    );
    const { hostname, port } = new URL(server.url);
    // A sign-in whose body is only half sent: the request is in flight when the signal comes.
    const body = JSON.stringify({ username: "nobody", password: "not-a-password-1" });
    const req = request({
      host: hostname,
      port,
      method: "POST",
      path: "/api/v1/sessions",
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    });
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req.on("response", (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode!, text }));
      });
      req.on("error", reject);
    });
    req.write(body.slice(0, 10));
    await new Promise((resolve) => req.once("socket", (socket) => socket.once("connect", resolve)));
    // The primary hands an accepted connection to a worker at once; give that hand-off a moment.
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise<number | null>((resolve) =>
      server.child.once("exit", (code) => resolve(code)),
    );
    server.child.kill("SIGTERM");
    await until(() => /shutting down/u.test(server.output()));
    req.end(body.slice(10));
    const answer = await answered;
    expect(answer.status).toBe(401);
    expect(await exited).toBe(0);
    expect(server.output().match(/"msg":"worker stopped"/gu)).toHaveLength(2);
  }, 120_000);
});

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
