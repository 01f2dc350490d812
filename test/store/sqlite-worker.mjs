// A second "process" on one SQLite file, for sqlite-processes.test.ts: a worker thread with its own
// better-sqlite3 connection. It waits at a shared barrier so that all workers start at the same
// moment, then runs its share of the work and posts what the store answered.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { openSqliteStore } = await import(
  new URL("../../sync-server/store/sqlite/index.ts", import.meta.url).href
);

const { file, barrier, task } = workerData;
const store = openSqliteStore(file);
const gate = new Int32Array(barrier);
Atomics.add(gate, 1, 1);
Atomics.wait(gate, 0, 0);
try {
  if (task.kind === "migrate") {
    parentPort.postMessage({ ok: true, result: await store.migrate() });
  } else {
    const results = [];
    for (const input of task.inputs) results.push((await store.applySubmission(input)).kind);
    parentPort.postMessage({ ok: true, result: results });
  }
} catch (error) {
  parentPort.postMessage({ ok: false, error: String(error && error.message) });
} finally {
  await store.close();
}
