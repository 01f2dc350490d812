// Entry of the thread that writes submissions (submission-writer.ts). Plain JavaScript because a worker
// does not inherit the TypeScript loader of the thread that starts it: it registers tsx for itself.
import { register } from "tsx/esm/api";

register();
await import("./writer-thread-main.ts");
