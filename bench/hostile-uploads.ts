// Hostile uploads against a real `keywork start` child (issue 10): for each workbook the answer, the time
// to it, the slowest /healthz answer while it was parsed, and the child's peak resident memory (VmHWM
// from /proc, so Linux only) after it. `npm run bench -- hostile-uploads`.
import { readFileSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { startChildServer, type ChildServer } from "../test/support/child-server.ts";
import { deflatedRepeat, xlsxParts, zipOf } from "../test/support/hostile-xlsx.ts";
import type { BenchResult } from "./types.ts";

const MB = 1024 * 1024;

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmHWM:\s+(\d+) kB/u.exec(status)?.[1] ?? 0) / 1024);
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+) kB/u.exec(status)?.[1] ?? 0) / 1024);
}

async function signIn(url: string, username: string, password: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const res = await fetch(`${url}/api/v1/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    if (res.status === 201) return ((await res.json()) as { token: string }).token;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`cannot sign in as ${username}`);
}

/** POSTs the file while polling /healthz; the answer, its time and the slowest health answer. */
async function hostile(server: ChildServer, path: string, token: string, file: Buffer, fields = {}) {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(file)]), "hostile.xlsx");
  for (const [k, v] of Object.entries(fields)) form.set(k, String(v));
  const start = performance.now();
  let done = false;
  const answer = fetch(`${server.url}/api/v1${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  }).then(async (res) => {
    const body = (await res.json()) as { detail?: string };
    done = true;
    return { status: res.status, detail: body.detail ?? "", ms: Math.round(performance.now() - start) };
  });
  let slowestHealth = 0;
  while (!done) {
    const t = performance.now();
    await (await fetch(`${server.url}/healthz`)).text();
    slowestHealth = Math.max(slowestHealth, performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { ...(await answer), slowestHealth: Math.round(slowestHealth) };
}

export async function hostileUploadsBench(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "keywork-bench-hostile-"));
  const server = await startChildServer("start", { DATABASE_URL: `sqlite:${join(dir, "keywork.db")}` });
  const pid = server.child.pid!;
  const figures: Record<string, number | string> = {};
  try {
    const kjj = await signIn(server.url, "kjj", "Demo-kjj-2022");
    const coordinator = await signIn(server.url, "coordinator", "Demo-coordinator-2022");
    const download = await fetch(`${server.url}/api/v1/periods/2022-H1/tasks.xlsx`, {
      headers: { authorization: `Bearer ${kjj}` },
    });
    const own = Buffer.from(await download.arrayBuffer());
    const withCells = async (cells: Record<string, string>) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(
        own.buffer.slice(own.byteOffset, own.byteOffset + own.byteLength) as ArrayBuffer,
      );
      for (const [address, value] of Object.entries(cells))
        workbook.worksheets[0]!.getCell(address).value = value;
      return Buffer.from(await workbook.xlsx.writeBuffer());
    };

    // Warm: one honest upload starts the reader's worker thread.
    const honest = await hostile(server, "/periods/2022-H1/uploads", kjj, own);
    figures["honest upload: status"] = honest.status;
    figures["honest upload: ms"] = honest.ms;
    figures["peak RSS after start and one honest upload, MB"] = peakRssMb(pid);

    const bomb1g = await deflatedRepeat(1024 * MB, " ", "<worksheet><sheetData>");
    const bomb200m = await deflatedRepeat(200 * MB, " ", "<worksheet><sheetData>");
    const cases: [string, string, string, Buffer, Record<string, string>?][] = [
      [
        "own workbook + XFD1 + A1048576",
        "/periods/2022-H1/uploads",
        kjj,
        await withCells({ XFD1: "x", A1048576: "y" }),
      ],
      ["own workbook + A1048576", "/periods/2022-H1/uploads", kjj, await withCells({ A1048576: "y" })],
      [
        `zip claiming 7,000 B, unpacking to 1 GB (${Math.round(bomb1g.bytes.length / 1024)} KB)`,
        "/periods/2022-H1/uploads",
        kjj,
        zipOf(xlsxParts({ data: Buffer.alloc(0), deflated: bomb1g, claimedSize: 7000 })),
      ],
      [
        `plan import unpacking to 200 MB (${Math.round(bomb200m.bytes.length / 1024)} KB)`,
        "/plans/import",
        coordinator,
        zipOf(xlsxParts({ data: Buffer.alloc(0), deflated: bomb200m })),
        { period: "2030-H1", title: "2030上半年", due: "2030-07-10" },
      ],
    ];
    // Twice: the second round shows whether memory keeps growing with repeated attacks.
    for (const round of [1, 2]) {
      for (const [name, path, token, file, fields] of cases) {
        const result = await hostile(server, path, token, file, fields);
        const label = round === 1 ? name : `again: ${name}`;
        figures[`${label}: status`] = result.status;
        figures[`${label}: ms`] = result.ms;
        figures[`${label}: slowest /healthz ms`] = result.slowestHealth;
        figures[`${label}: peak RSS so far, MB`] = peakRssMb(pid);
      }
    }
    figures["RSS at the end, MB"] = rssMb(pid);
    figures["peak RSS over the run, MB"] = peakRssMb(pid);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return { name: "hostile-uploads", figures };
}
