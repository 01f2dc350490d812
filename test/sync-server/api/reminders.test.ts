// 催报 through a real local HTTP receiver standing in for a DingTalk custom robot and a WeCom group
// robot: the body, DingTalk's signature checked by the receiver, and each way a webhook fails reported
// as a 502 problem with the receiver's words.
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ConfigError, loadConfig } from "../../../sync-server/config.ts";
import { api, publishFixture, startTestServer, type TestServer } from "../../support/server.ts";

const SECRET = "SECtest-secret-0123456789abcdef";

interface Received {
  url: URL;
  body: { msgtype: string; text: { content: string } };
}

let mode: "ok" | "errcode" | "http500" | "hang" = "ok";
const received: Received[] = [];
let receiver: Server;
let robotUrl: string;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (data += c));
    req.on("end", () => resolve(data));
  });
}

async function reporterOf(server: TestServer) {
  await publishFixture(server);
  const coordinator = await server.user("coord", "coordinator", null);
  const kjj = await server.user("kjj", "reporter", "市科技局");
  return { coordinator, kjj };
}

beforeAll(async () => {
  receiver = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = JSON.parse(await readBody(req)) as Received["body"];
    received.push({ url, body });
    if (mode === "hang") return; // never answers
    if (mode === "http500") return void res.writeHead(500).end("busy");
    // The receiver checks DingTalk's signature as DingTalk does.
    if (url.pathname === "/robot/send") {
      const timestamp = url.searchParams.get("timestamp") ?? "";
      const expected = createHmac("sha256", SECRET).update(`${timestamp}\n${SECRET}`).digest("base64");
      if (url.searchParams.get("sign") !== expected || mode === "errcode") {
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end(JSON.stringify({ errcode: 310000, errmsg: "sign not match" }));
      }
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ errcode: 0, errmsg: "ok" }));
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  robotUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

describe("DingTalk custom robot with 加签", () => {
  let server: TestServer;
  let coordinator: string;
  beforeAll(async () => {
    server = await startTestServer({
      REMINDER_WEBHOOK_URL: `${robotUrl}/robot/send?access_token=tok123`,
      REMINDER_WEBHOOK_KIND: "dingtalk",
      REMINDER_WEBHOOK_SECRET: SECRET,
      REMINDER_WEBHOOK_TIMEOUT_MS: "500",
    });
    const users = await reporterOf(server);
    coordinator = users.coordinator;
  });
  afterAll(() => server.stop());

  test("one click sends the units not reported; the receiver verifies the signature; the answer says delivered", async () => {
    mode = "ok";
    received.length = 0;
    const res = await api<{ delivered: boolean; missing: string[]; kind: string }>(
      server,
      "POST",
      "/periods/2022-H1/remind",
      {
        token: coordinator,
      },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ delivered: true, kind: "dingtalk" });
    expect(received).toHaveLength(1);
    const [call] = received;
    expect(call!.url.searchParams.get("access_token")).toBe("tok123");
    expect(call!.url.searchParams.get("timestamp")).toMatch(/^\d{13}$/u);
    expect(call!.body.msgtype).toBe("text");
    expect(call!.body.text.content).toContain("以下单位尚未完成报送");
    for (const unit of res.body.missing) expect(call!.body.text.content).toContain(unit);
    expect(res.body.missing).toContain("市科技局");
    const [entry] = await server.deps.store.listAudit({ limit: 1 });
    expect(entry).toMatchObject({ action: "reminder.send", target: "2022-H1", actor: "coord" });
    expect(JSON.stringify(entry)).not.toContain(SECRET);
    expect(JSON.stringify(entry)).not.toContain("tok123");
  });

  test("a robot that answers errcode ≠ 0 is a 502 with the robot's errmsg", async () => {
    mode = "errcode";
    const res = await api<{ title: string; detail: string; status: number }>(
      server,
      "POST",
      "/periods/2022-H1/remind",
      {
        token: coordinator,
      },
    );
    expect(res.status).toBe(502);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/u);
    expect(res.body.title).toBe("webhook-failed");
    expect(res.body.detail).toMatch(
      /^催报消息未送达：errcode 310000: sign not match \/ the reminder was not delivered/u,
    );
    expect(res.body.detail).not.toContain(SECRET);
    expect((await server.deps.store.listAudit({ limit: 1 }))[0]!.detail).toMatchObject({ delivered: false });
  });

  test("an HTTP error is a 502 naming the status", async () => {
    mode = "http500";
    const res = await api<{ detail: string }>(server, "POST", "/periods/2022-H1/remind", {
      token: coordinator,
    });
    expect(res.status).toBe(502);
    expect(res.body.detail).toContain("HTTP 500");
  });

  test("a robot that never answers is cut off by the bounded timeout and reported", async () => {
    mode = "hang";
    const res = await api<{ detail: string }>(server, "POST", "/periods/2022-H1/remind", {
      token: coordinator,
    });
    expect(res.status).toBe(502);
    expect(res.body.detail).toContain("500 ms");
    mode = "ok";
  });

  test("reporters may not send reminders", async () => {
    const reporter = await server.user("czj", "reporter", "市财政局");
    expect((await api(server, "POST", "/periods/2022-H1/remind", { token: reporter })).status).toBe(403);
  });
});

describe("WeCom group robot", () => {
  let server: TestServer;
  afterAll(() => server.stop());

  test("posts the same text message to the key URL, unsigned", async () => {
    server = await startTestServer({
      REMINDER_WEBHOOK_URL: `${robotUrl}/cgi-bin/webhook/send?key=wecom-key`,
      REMINDER_WEBHOOK_KIND: "wecom",
    });
    const { coordinator } = await reporterOf(server);
    mode = "ok";
    received.length = 0;
    const res = await api<{ delivered: boolean }>(server, "POST", "/periods/2022-H1/remind", {
      token: coordinator,
    });
    expect(res.body.delivered).toBe(true);
    expect(received[0]!.url.searchParams.get("key")).toBe("wecom-key");
    expect(received[0]!.url.searchParams.has("sign")).toBe(false);
    expect(received[0]!.body).toMatchObject({
      msgtype: "text",
      text: { content: expect.stringContaining("市科技局") },
    });
  });
});

describe("unreachable or unconfigured", () => {
  test("an unreachable robot is a 502 saying so", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const server = await startTestServer({
      REMINDER_WEBHOOK_URL: `http://127.0.0.1:${port}/robot/send?access_token=x`,
      REMINDER_WEBHOOK_KIND: "dingtalk",
    });
    try {
      const { coordinator } = await reporterOf(server);
      const res = await api<{ detail: string }>(server, "POST", "/periods/2022-H1/remind", {
        token: coordinator,
      });
      expect(res.status).toBe(502);
      expect(res.body.detail).toMatch(/无法连接.*ECONNREFUSED/u);
    } finally {
      await server.stop();
    }
  });

  test("without a webhook the button answers 409 pointing to the copyable text", async () => {
    const server = await startTestServer();
    try {
      const { coordinator } = await reporterOf(server);
      const res = await api<{ detail: string }>(server, "POST", "/periods/2022-H1/remind", {
        token: coordinator,
      });
      expect(res.status).toBe(409);
      expect(res.body.detail).toMatch(/^未配置催报机器人/u);
    } finally {
      await server.stop();
    }
  });

  test("the webhook configuration is checked at start", () => {
    expect(() => loadConfig({ REMINDER_WEBHOOK_URL: "http://127.0.0.1:1/robot" })).toThrow(ConfigError);
    expect(() =>
      loadConfig({ REMINDER_WEBHOOK_URL: "ftp://x/robot", REMINDER_WEBHOOK_KIND: "wecom" }),
    ).toThrow(ConfigError);
    expect(() => loadConfig({ REMINDER_WEBHOOK_KIND: "dingtalk" })).toThrow(ConfigError);
    expect(() =>
      loadConfig({
        REMINDER_WEBHOOK_URL: "http://127.0.0.1:1/k",
        REMINDER_WEBHOOK_KIND: "wecom",
        REMINDER_WEBHOOK_SECRET: "s",
      }),
    ).toThrow(/WeCom/u);
    expect(
      loadConfig({
        REMINDER_WEBHOOK_URL: "https://oapi.example/robot/send",
        REMINDER_WEBHOOK_KIND: "dingtalk",
      }),
    ).toMatchObject({
      REMINDER_WEBHOOK_KIND: "dingtalk",
      REMINDER_WEBHOOK_TIMEOUT_MS: 10_000,
    });
  });
});
