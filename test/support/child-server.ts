// `keywork serve|start` as a real child process on a temp SQLite file, for crash, browser and bench runs.
import { spawn, type ChildProcess } from "node:child_process";

export interface ChildServer {
  child: ChildProcess;
  url: string;
  /** Everything the process printed on stdout so far (the banner holds the demo sign-ins). */
  output(): string;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
}

export function startChildServer(
  command: "serve" | "start",
  env: Record<string, string>,
): Promise<ChildServer> {
  const child = spawn(process.execPath, ["bin/keywork.js", command], {
    env: { ...process.env, PORT: "0", LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running at (http:\/\/\S+)/u.exec(out);
      if (match) {
        resolve({
          child,
          url: match[1]!,
          output: () => out,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
        });
      }
    });
    child.once("exit", (code) =>
      reject(new Error(`keywork ${command} exited early (${code}): ${out}${err}`)),
    );
  });
}
