// Inside a reader worker thread: read each workbook handed over and answer; the thread is reused for
// the next read until it fails, runs out of time or of memory (then the pool replaces it).
import { parentPort } from "node:worker_threads";
import { UnreadableWorkbookError } from "./read-errors.ts";
import { readWorkbook, type ReadLimits } from "./read-xlsx.ts";

export interface WorkerRequest {
  id: number;
  data: Uint8Array;
  limits: ReadLimits;
  metadata: boolean;
}

export type WorkerAnswer = { id: number } & (
  | { ok: true; workbook: ReturnType<typeof readWorkbook> }
  | { ok: false; kind: "refused"; status: number; code: string; message: string }
  | { ok: false; kind: "fault"; message: string; stack?: string }
);

parentPort!.on("message", (request: WorkerRequest) => {
  let answer: WorkerAnswer;
  try {
    const data = Buffer.from(request.data.buffer, request.data.byteOffset, request.data.byteLength);
    const workbook = readWorkbook(data, request.limits, { metadata: request.metadata });
    answer = { id: request.id, ok: true, workbook };
  } catch (error) {
    answer =
      error instanceof UnreadableWorkbookError
        ? {
            id: request.id,
            ok: false,
            kind: "refused",
            status: error.status,
            code: error.code,
            message: error.message,
          }
        : {
            id: request.id,
            ok: false,
            kind: "fault",
            message: (error as Error).message,
            stack: (error as Error).stack,
          };
  }
  parentPort!.postMessage(answer);
});
