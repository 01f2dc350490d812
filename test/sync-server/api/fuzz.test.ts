// A fuzz of the whole API: a few thousand malformed requests (bad JSON, wrong types, odd and huge
// headers, bad multipart, random paths and methods, bad tokens, raw malformed HTTP) on every route the
// OpenAPI document lists, so new routes are fuzzed as soon as they are documented. Fails on any 5xx and
// on a dead server. Seeded: a failure names its seed and request, and repeats.
import { request as httpRequest, Agent } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openApiDocument } from "../../../sync-server/http/openapi.ts";
import { publishFixture, startTestServer, type TestServer } from "../../support/server.ts";
import { sheetXml, textCell, xlsxOf } from "../../support/hostile-xlsx.ts";

const SEED = Number(process.env.KEYWORK_FUZZ_SEED ?? 20221231);
const REQUESTS = 2400;
const RAW_REQUESTS = 120;
const PARALLEL = 12;

let server: TestServer;
let host: string;
let port: number;
const tokens: string[] = [];
const agent = new Agent({ keepAlive: true, maxSockets: PARALLEL });

beforeAll(async () => {
  // Limits that would otherwise slow the fuzz down (sign-in delays, the rate limit) are lifted: the
  // point here is what the routes answer, not the throttles (tested on their own).
  server = await startTestServer({
    RATE_LIMIT_PER_MINUTE: "100000000",
    SIGNIN_SLOW_AFTER: "100000000",
    SIGNIN_MAX_FAILURES: "100000000",
    UPLOAD_LIMIT_BYTES: String(1024 * 1024),
    JSON_LIMIT_BYTES: String(256 * 1024),
  });
  await publishFixture(server);
  tokens.push(
    await server.user("coord", "coordinator", "市政府办公室"),
    await server.user("kjj", "reporter", "市科技局"),
    await server.user("leader", "viewer", null),
  );
  const url = new URL(server.url);
  host = url.hostname;
  port = Number(url.port);
}, 60_000);
afterAll(async () => {
  agent.destroy();
  await server.stop();
});

/** mulberry32: small, seeded, good enough to pick cases. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

interface Fuzzed {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const PARAMS = [
  "2022-H1",
  "2021-H2",
  "9",
  "0",
  "-1",
  "1e309",
  "99999999999999999999999",
  "NaN",
  "%00",
  "..%2F..%2Fetc%2Fpasswd",
  "%27%20OR%201%3D1--",
  "%F0%9F%92%A5",
  "%E0%A4%A",
  "__proto__",
  "constructor",
  "x".repeat(300),
  "%20",
];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "PROPFIND"];
const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-16",
  "application/json; charset=nonsense",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "multipart/form-data; boundary=xyz",
  "multipart/form-data; boundary=",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/octet-stream",
  "a/b/c;;;=",
  "",
];
const JSON_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  "",
  "x",
  [],
  {},
  { rows: "all" },
  { rows: [null] },
  { rows: [{ seq: "9", status: 7, progress: null, baseVersion: -1 }] },
  { rows: [{ seq: 9, status: "序时推进", progress: "推进".repeat(3000), baseVersion: 0 }] },
  { rows: Array.from({ length: 3000 }, (_, i) => ({ seq: i, status: "x", progress: "y", baseVersion: 0 })) },
  { username: "coord", password: 12 },
  { username: "x".repeat(5000), password: "y" },
  { username: "coord", password: "wrong-password" },
  { __proto__: { admin: true }, username: "a", password: "b" },
  { constructor: { prototype: { polluted: true } } },
  { plan: { sections: "no" }, period: "2099-H1" },
  { plan: null, period: "'; DROP TABLE periods; --" },
  { unit: ["市科技局"], rows: [] },
  { reason: 5, seqs: "all" },
];

function deep(levels: number): string {
  return "[".repeat(levels) + "]".repeat(levels);
}

function bodyFor(r: ReturnType<typeof random>, contentType: string): Buffer | undefined {
  switch (r.int(10)) {
    case 0:
      return undefined;
    case 1:
      return Buffer.from(r.pick(['{"rows": [', "{", "[1,2", "nul", '{"a":1}}', "\u0000\u0001", "{'a': 1}"]));
    case 2:
      return Buffer.from(deep(r.pick([100, 5000, 50_000])));
    case 3:
      return Buffer.from(Array.from({ length: r.int(4000) }, () => r.int(256)));
    case 4: {
      const boundary = contentType.match(/boundary=(\S*)/u)?.[1] ?? "xyz";
      const whole = `--${boundary}\r\nContent-Disposition: form-data; name="${r.pick(["file", "x", "", '"'])}"; filename="a.xlsx"\r\n\r\nPK\u0003\u0004${"z".repeat(r.int(500))}\r\n--${boundary}--\r\n`;
      return Buffer.from(whole.slice(0, r.int(whole.length + 1)));
    }
    case 5:
      return r.next() < 0.5
        ? xlsxOf(sheetXml(`<row r="1">${textCell(r.pick(["A1", "XFD1", "A1048576", "AD5000"]), "x")}</row>`))
        : xlsxOf(sheetXml(`<row r="1">${textCell("A1", "x")}</row>`)).subarray(0, r.int(400));
    case 6:
      return Buffer.from("x".repeat(r.pick([1, 300 * 1024, 1100 * 1024])));
    default:
      return Buffer.from(JSON.stringify(r.pick(JSON_VALUES)));
  }
}

function fuzzed(r: ReturnType<typeof random>, routes: { path: string; methods: string[] }[]): Fuzzed {
  const route = r.pick(routes);
  let path =
    r.next() < 0.9
      ? `/api/v1${route.path.replace(/\{[^}]+\}/gu, () => r.pick(PARAMS))}`
      : r.pick([
          "/api/v1/",
          "/api/v1//periods",
          "/api/v1/periods/2022-H1/tasks/",
          "/api/v2/periods",
          "/api/v1/%",
          "/api/v1/periods/%E0%A4%A/tasks",
          "/addin/../../etc/passwd",
          "/web/%2e%2e/%2e%2e/package.json",
          "/" + "a/".repeat(1000),
          "/api/v1/" + "%41".repeat(2000),
          "/addin/taskpane.html?x=<script>",
        ]);
  if (r.next() < 0.3) {
    const key = r.pick(["scope", "unit", "since", "limit", "x", "scope[]", "__proto__", "unit[a]"]);
    const value = r.pick(["all", "mine", "", "市科技局", "%00", "%E0%A4%A", "1".repeat(3000), "a&unit=b"]);
    path += `?${key}=${value}${r.next() < 0.3 ? `&${key}=${value}` : ""}`;
  }
  const method = r.next() < 0.75 ? r.pick(route.methods) : r.pick(METHODS);
  const headers: Record<string, string> = {};
  const auth = r.int(8);
  if (auth < 4) headers.authorization = `Bearer ${tokens[auth % tokens.length]}`;
  else if (auth === 4) headers.authorization = `Bearer ${"kws_".padEnd(r.pick([10, 64, 4000]), "z")}`;
  else if (auth === 5)
    headers.authorization = r.pick(["Basic Y29vcmQ6eA==", "Bearer", "Bearer  ", "bearer x y", "Token x"]);
  const contentType = r.pick(CONTENT_TYPES);
  if (contentType) headers["content-type"] = contentType;
  if (r.next() < 0.1) headers["content-encoding"] = r.pick(["gzip", "deflate", "br", "identity", "x-junk"]);
  if (r.next() < 0.1) headers["accept-language"] = r.pick(["en", "zh", "*;q=x", "x".repeat(2000)]);
  if (r.next() < 0.1)
    headers["idempotency-key"] = r.pick(["", "k", "x".repeat(3000), "键"].map(encodeURIComponent));
  if (r.next() < 0.05) headers["x-huge"] = "h".repeat(r.pick([8000, 15_000, 40_000]));
  if (r.next() < 0.05) headers["if-none-match"] = r.pick(['"', "W/", "*", '"x", "y"']);
  // Never sign our own tokens out: the rest of the fuzz needs them.
  if (method === "DELETE" && path.startsWith("/api/v1/sessions")) delete headers.authorization;
  return {
    method,
    path,
    headers,
    body: method === "GET" || method === "HEAD" ? undefined : bodyFor(r, contentType),
  };
}

function send(req: Fuzzed): Promise<number> {
  return new Promise((resolve) => {
    let request;
    try {
      request = httpRequest(
        { host, port, method: req.method, path: req.path, headers: req.headers, agent },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
          res.on("error", () => resolve(-1));
        },
      );
    } catch {
      // Node refuses to send it (an invalid header or path): nothing reached the server.
      return resolve(0);
    }
    request.on("error", () => resolve(-1));
    request.end(req.body);
  });
}

/** Malformed HTTP on a raw socket: what comes back, if anything (the first status code). */
function sendRaw(text: string | Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    let answer = "";
    socket.setTimeout(5000, () => socket.destroy());
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
    });
    socket.on("error", () => undefined);
    socket.on("close", () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/u.exec(answer)?.[1] ?? 0)));
    socket.write(text, () => socket.end());
  });
}

const RAW_CASES = [
  "GET /api/v1/periods HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
  'POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"user',
  'POST /api/v1/periods/2022-H1/uploads HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 5000\r\n\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK',
  "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
  "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n{}",
  "GET /api/v1/periods HTTP/1.1\r\nHost: x\r\nX-Long: " + "a".repeat(20_000) + "\r\n\r\n",
  "GET /api/v1/periods HTTP/1.1\r\n" + "X-Many: 1\r\n".repeat(3000) + "\r\n",
  "GARBAGE\r\n\r\n",
  "GET /\u0000 HTTP/1.1\r\nHost: x\r\n\r\n",
  "GET /api/v1/periods HTTP/9.9\r\nHost: x\r\n\r\n",
  "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003",
];

test(`${REQUESTS} fuzzed requests and ${RAW_REQUESTS} malformed raw ones: no 5xx, and the server lives`, async () => {
  const document = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
  const routes = Object.entries(document.paths).map(([path, item]) => ({
    path,
    methods: Object.keys(item).map((m) => m.toUpperCase()),
  }));
  expect(routes.length).toBeGreaterThan(10);
  const r = random(SEED);
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  for (let done = 0; done < REQUESTS; done += PARALLEL) {
    const batch = Array.from({ length: Math.min(PARALLEL, REQUESTS - done) }, () => fuzzed(r, routes));
    const answers = await Promise.all(batch.map(send));
    answers.forEach((status, i) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) {
        const q = batch[i]!;
        failures.push(
          `${status} ← ${q.method} ${q.path.slice(0, 120)} ${JSON.stringify(q.headers).slice(0, 200)} ${q.body?.subarray(0, 120).toString("latin1") ?? ""}`,
        );
      }
    });
    if (done % (PARALLEL * 20) === 0)
      expect(await send({ method: "GET", path: "/healthz", headers: {} })).toBe(200);
  }
  for (let i = 0; i < RAW_REQUESTS; i++) {
    const status = await sendRaw(RAW_CASES[i % RAW_CASES.length]!);
    if (status >= 500) failures.push(`${status} ← raw case ${i % RAW_CASES.length}`);
  }
  expect(failures, `seed ${SEED}`).toEqual([]);
  // Most answers are refusals, and some requests got through to real answers: the fuzz reached the routes.
  expect([...statuses.keys()].some((s) => s >= 200 && s < 300)).toBe(true);
  expect([...statuses.keys()].filter((s) => s >= 400 && s < 500).length).toBeGreaterThan(3);
  expect(await send({ method: "GET", path: "/healthz", headers: {} })).toBe(200);
  expect(await send({ method: "GET", path: "/api/v1/readyz", headers: {} })).toBe(200);
}, 120_000);
