// `keywork serve|start` as a real child process on a temp SQLite file, for crash, browser and bench runs;
// `keywork add-user` against the same database.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const KEYWORK = fileURLToPath(new URL("../../bin/keywork.js", import.meta.url));

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
  args: readonly string[] = [],
): Promise<ChildServer> {
  const child = spawn(process.execPath, [KEYWORK, command, ...args], {
    env: { ...process.env, PORT: "0", LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running at (https?:\/\/\S+)/u.exec(out);
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

export interface NewAccount {
  username: string;
  name: string;
  unit: string | null;
  role: "coordinator" | "reporter" | "viewer";
  password: string;
}

/** What `keywork add-user --json` prints: the account and its personal API token (shown once). */
export interface AddedAccount {
  username: string;
  password: string;
  token: string;
}

/** `keywork add-user … --json` as a child process on a server's database (it may be running). */
export function addUserCli(databaseUrl: string, account: NewAccount): Promise<AddedAccount> {
  const args = [
    KEYWORK,
    "add-user",
    "--username",
    account.username,
    "--name",
    account.name,
    "--role",
    account.role,
    "--password",
    account.password,
    "--json",
    ...(account.unit === null ? [] : ["--unit", account.unit]),
  ];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" }, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`add-user ${account.username} failed:\n${stdout}\n${stderr}`));
        resolve(JSON.parse(stdout) as AddedAccount);
      },
    );
  });
}
