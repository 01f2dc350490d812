// The thread that writes submissions: its own connection to the database, group commit on it
// (group-commit.ts), one answer per submission once the group holding it is committed. Running here,
// the SQL and the COMMIT's wait for the disk use the machine's second core instead of stopping the
// server's event loop, and waiting for another process's write lock blocks only this thread.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import type { SubmissionInput, SubmissionOutcome } from "../store.ts";
import { GroupCommit } from "./group-commit.ts";
import { cachePreparedStatements } from "./statement-cache.ts";
import { applySubmission, submissionStatements, type SubmissionStatements } from "./submissions.ts";
import { WalCheckpoints } from "./wal-checkpoints.ts";
import type { ToWriter, FromWriter } from "./submission-writer.ts";

const port = parentPort!;
const { file, reportCommits } = workerData as { file: string; reportCommits: boolean };

const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 10000");
cachePreparedStatements(db);
const checkpoints = new WalCheckpoints(db);

// Prepared at the first submission: the store may still be migrating when the thread starts.
let statements: SubmissionStatements | null = null;
const group = new GroupCommit<SubmissionInput, SubmissionOutcome>(
  db,
  (input) => applySubmission((statements ??= submissionStatements(db)), input),
  {
    onCommit: (size, rows) => {
      if (reportCommits) send({ kind: "commit", size, rows });
      checkpoints.written(rows);
    },
  },
);

function send(message: FromWriter): void {
  port.postMessage(message);
}

port.on("message", (message: ToWriter) => {
  if (message.kind === "close") {
    void group.idle().then(() => {
      db.close();
      port.close();
    });
    return;
  }
  for (const { id, input } of message.submissions) write(id, input);
});

function write(id: number, input: SubmissionInput): void {
  group.submit(input, input.rows.length).then(
    (value) => send({ kind: "done", id, ok: true, value }),
    (error: unknown) => {
      const e = error as { message?: unknown; code?: unknown; stack?: unknown };
      send({
        kind: "done",
        id,
        ok: false,
        error: {
          message: String(e?.message ?? error),
          code: typeof e?.code === "string" ? e.code : null,
          stack: typeof e?.stack === "string" ? e.stack : null,
        },
      });
    },
  );
}
