// Small helpers shared by the commands: option parsing with clear usage errors, and the app context.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError, loadConfig, type Config } from "../config.ts";
import { createLogger } from "../logger.ts";
import { openStore } from "../store/open.ts";
import type { Deps } from "../use-cases/context.ts";

export class UsageError extends Error {}

export function options<T extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  spec: T,
  positionals = 0,
) {
  try {
    const parsed = parseArgs({ args, options: spec, allowPositionals: positionals > 0, strict: true });
    if (parsed.positionals.length > positionals)
      throw new UsageError(`多余的参数 / unexpected argument: ${parsed.positionals[positionals]}`);
    return parsed;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
}

/** Opens the configured store (migrated) for a one-shot command; the logger stays quiet. */
export async function commandDeps(env: NodeJS.ProcessEnv = process.env): Promise<Deps> {
  const config: Config = loadConfig({ LOG_LEVEL: "warn", ...env });
  const store = await openStore(config.DATABASE_URL);
  await store.migrate();
  return { store, config, logger: createLogger(config.LOG_LEVEL), now: () => new Date() };
}

/** Runs a command body, turning expected failures into a message and an exit code, never a stack. */
export async function guarded(body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`keywork: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`keywork: ${error.message}\n`);
      return 2;
    }
    const e = error as {
      status?: number;
      message?: string;
      extras?: {
        issues?: { cell?: string | null; seq?: number | null; field?: string | null; message: string }[];
      };
    };
    if (typeof e.status === "number") {
      process.stderr.write(`keywork: ${e.message}\n`);
      for (const issue of e.extras?.issues ?? []) {
        process.stderr.write(
          `  ${issue.cell ?? (issue.seq !== null && issue.seq !== undefined ? `序号 ${issue.seq}` : (issue.field ?? ""))}  ${issue.message}\n`,
        );
      }
      return 1;
    }
    process.stderr.write(`keywork: ${(error as Error).message}\n`);
    return 1;
  }
}
