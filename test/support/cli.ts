// The `keywork` command as a process of its own, for the CLI tests: its exit code and both outputs.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface CliAnswer {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/keywork.js …args` with `env`; a non-zero exit is an answer, not a throw. */
export async function runKeywork(
  env: NodeJS.ProcessEnv,
  args: readonly string[],
  timeoutMs?: number,
): Promise<CliAnswer> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["bin/keywork.js", ...args], {
      env,
      cwd: process.cwd(),
      ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
