// Reading off the request thread: a worker with a heap cap and a time limit; running out of either is a
// refusal (413/422), and the next read still works.
import { describe, expect, test } from "vitest";
import { UploadRejectedError } from "../../../sync-server/xlsx/read-errors.ts";
import {
  ReaderBusyError,
  WORKER_LIMITS,
  readWorkbookInWorker,
  readerThreadCount,
} from "../../../sync-server/xlsx/read-in-worker.ts";
import { READ_LIMITS } from "../../../sync-server/xlsx/read-xlsx.ts";
import { manyStringsXlsx, sheetXml, textCell, xlsxOf } from "../../support/hostile-xlsx.ts";

const small = xlsxOf(sheetXml(`<row r="1">${textCell("A1", "市科技局")}</row>`));

/** A workbook whose shared-string table holds `count` distinct strings. */
const manyStrings = (count: number) => manyStringsXlsx(count, (i) => `文字${i}号字符串内容`);

async function refusal(read: Promise<unknown>): Promise<Error> {
  try {
    await read;
  } catch (error) {
    return error as Error;
  }
  throw new Error("the workbook was accepted");
}

describe("readWorkbookInWorker", () => {
  test("reads a workbook in a worker thread", async () => {
    const { sheet } = await readWorkbookInWorker(small);
    expect(sheet.grid).toEqual([["市科技局"]]);
  });

  test("a refusal inside the worker arrives as the same refusal, and the thread reads on", async () => {
    const error = await refusal(
      readWorkbookInWorker(xlsxOf(sheetXml(`<row r="1048576">${textCell("A1048576", "x")}</row>`))),
    );
    expect(error).toBeInstanceOf(UploadRejectedError);
    expect((error as UploadRejectedError).code).toBe("too-many-rows");
    expect((await readWorkbookInWorker(small)).sheet.grid).toEqual([["市科技局"]]);
  });

  test("refused reads give their thread back: twenty refusals leave no more threads than may run at once", async () => {
    const hostile = xlsxOf(sheetXml(`<row r="1">${textCell("XFD1", "x")}</row>`));
    for (let i = 0; i < 20; i++) await refusal(readWorkbookInWorker(hostile));
    await Promise.all(Array.from({ length: 6 }, () => refusal(readWorkbookInWorker(hostile))));
    expect(readerThreadCount()).toBeGreaterThan(0);
    expect(readerThreadCount()).toBeLessThanOrEqual(WORKER_LIMITS.concurrency);
  });

  test("a workbook that needs more heap than the cap is refused as too large, and the next read works", async () => {
    const worker = { ...WORKER_LIMITS, heapMb: 24 };
    const limits = { ...READ_LIMITS, sharedStrings: 10_000_000 };
    expect((await readWorkbookInWorker(manyStrings(10), { limits, worker })).sheet.grid).toEqual([
      ["文字0号字符串内容"],
    ]);
    const error = await refusal(readWorkbookInWorker(manyStrings(400_000), { limits, worker }));
    expect(error).toBeInstanceOf(UploadRejectedError);
    expect((error as UploadRejectedError).code).toBe("too-large");
    expect(error.message).toContain("24 MB");
    expect((await readWorkbookInWorker(small, { worker })).sheet.grid).toEqual([["市科技局"]]);
  });

  test("a read that passes the time limit is refused naming the limit, and the next read works", async () => {
    // 400,000 shared strings take far longer to parse than 50 ms, on any machine.
    const limits = { ...READ_LIMITS, sharedStrings: 10_000_000 };
    const error = await refusal(
      readWorkbookInWorker(manyStrings(400_000), { limits, worker: { ...WORKER_LIMITS, timeMs: 50 } }),
    );
    expect(error).toBeInstanceOf(UploadRejectedError);
    expect((error as UploadRejectedError).code).toBe("too-slow");
    expect((error as UploadRejectedError).status).toBe(422);
    expect(error.message).toContain("0.05 s");
    expect((await readWorkbookInWorker(small)).sheet.grid).toEqual([["市科技局"]]);
  });

  test("reads beyond the running and waiting bound are told the server is busy", async () => {
    const worker = { ...WORKER_LIMITS, concurrency: 1, queue: 0 };
    const first = readWorkbookInWorker(small, { worker });
    const second = await refusal(readWorkbookInWorker(small, { worker }));
    expect(second).toBeInstanceOf(ReaderBusyError);
    expect((await first).sheet.grid).toEqual([["市科技局"]]);
  });
});
