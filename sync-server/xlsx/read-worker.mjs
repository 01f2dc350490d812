// Entry of the workbook-reading worker thread. Plain JavaScript because a worker does not inherit the
// TypeScript loader of the thread that starts it (under `keywork serve`, vitest or the CLI alike): it
// registers tsx for itself, then loads the reader.
import { register } from "tsx/esm/api";

register();
await import("./read-worker-main.ts");
