// `keywork serve` (migrate + listen) and `keywork start` (the same, seeding the demo into an empty database),
// in one process or, with --workers N, in N worker processes behind one port (cluster.ts).
import cluster from "node:cluster";
import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Logger } from "pino";
import { parseWorkers, runPrimary, type ListeningMessage } from "../cluster.ts";
import { loadConfig, type Config } from "../config.ts";
import { DEMO_ACCOUNTS, seedDemo } from "../demo/seed.ts";
import { closeOnSignals, startServer } from "../server.ts";
import { createLogger } from "../logger.ts";
import { openStore } from "../store/open.ts";
import type { Deps } from "../use-cases/context.ts";
import { UsageError, guarded, options } from "./args.ts";

export const serveCommand = (args: string[]) => exitIfWorker(run(args, false));
export const startCommand = (args: string[]) => exitIfWorker(run(args, true));

/** A worker returns only when it failed to start; its IPC channel would keep it alive, so it exits. */
async function exitIfWorker(result: Promise<number>): Promise<number> {
  const code = await result;
  if (cluster.isWorker) process.exit(code);
  return code;
}

async function run(args: string[], withDemo: boolean): Promise<number> {
  return guarded(async () => {
    const { values } = options(args, {
      port: { type: "string" },
      host: { type: "string" },
      "dev-certs": { type: "boolean" },
      workers: { type: "string" },
    });
    const config = loadConfig({
      ...process.env,
      ...(values.port ? { PORT: values.port } : {}),
      ...(values.host ? { HOST: values.host } : {}),
      ...(values["dev-certs"] ? devCertificates() : {}),
      // A worker listens where the primary says (the port the first worker got when PORT=0).
      ...(cluster.isWorker && process.env.PORT ? { PORT: process.env.PORT } : {}),
    });
    const requested = values.workers ?? process.env.WORKERS;
    const workers = parseWorkers(requested);
    if (workers === null)
      throw new UsageError(
        `--workers 须为不小于 1 的整数或 auto（不是 "${requested}"） / --workers must be a whole number from 1, or auto (not "${requested}")`,
      );
    const logger = createLogger(config.LOG_LEVEL);
    if (cluster.isWorker) return serveAsWorker(config, logger);
    if (workers > 1) return servePrimary(config, logger, workers, withDemo);

    // The demo is seeded before the port opens: nobody can reach a server that is not ready yet.
    const running = await startServer(config, { logger, ...(withDemo ? { prepare: seedIntoEmpty } : {}) });
    closeOnSignals(running);
    const demo = withDemo && (await running.store.findUserByUsername("coordinator")) !== null;
    process.stdout.write(banner(running.url, demo));
    // Keep running until a signal closes the server.
    await new Promise(() => {});
    return 0;
  });
}

/** The primary of `--workers N`: migrates (and seeds) once, then forks and watches the workers. */
async function servePrimary(
  config: Config,
  logger: Logger,
  workers: number,
  withDemo: boolean,
): Promise<number> {
  const store = await openStore(config.DATABASE_URL);
  let demo: boolean;
  try {
    const applied = await store.migrate();
    if (applied.length > 0) logger.info({ applied }, "migrations applied");
    if (withDemo) await seedIntoEmpty({ store, config, logger, now: () => new Date() });
    demo = withDemo && (await store.findUserByUsername("coordinator")) !== null;
  } finally {
    await store.close();
  }
  return runPrimary({
    workers,
    logger,
    port: config.PORT,
    onListening: (url) => process.stdout.write(banner(url, demo, workers)),
  });
}

/** One worker of `--workers N`: serves on the shared port until SIGTERM drains it. */
async function serveAsWorker(config: Config, logger: Logger): Promise<number> {
  const id = cluster.worker!.id;
  const running = await startServer(config, { logger: logger.child({ worker: id }), worker: { id } });
  closeOnSignals(running);
  const { port } = running.server.address() as AddressInfo;
  const message: ListeningMessage = { type: "keywork:listening", url: running.url, port };
  process.send!(message);
  await new Promise(() => {});
  return 0;
}

/** `start` seeds the demo into an empty database (before any port opens). */
async function seedIntoEmpty(deps: Deps): Promise<void> {
  if ((await deps.store.countUsers()) !== 0) return;
  await seedDemo(deps);
  deps.logger.info("demo data seeded");
}

/**
 * The certificate `npx office-addin-dev-certs install` made for localhost, so Excel can load the task
 * pane over HTTPS while developing (the manifest's default host is https://localhost:3000).
 */
function devCertificates(): { TLS_CERT_FILE: string; TLS_KEY_FILE: string } {
  const dir = join(homedir(), ".office-addin-dev-certs");
  const cert = join(dir, "localhost.crt");
  const key = join(dir, "localhost.key");
  if (!existsSync(cert) || !existsSync(key)) {
    throw new UsageError(
      `${dir} 中没有开发证书，请先运行 "npx office-addin-dev-certs install" / no development certificate in ${dir}; run "npx office-addin-dev-certs install" first`,
    );
  }
  return { TLS_CERT_FILE: cert, TLS_KEY_FILE: key };
}

function banner(url: string, demo: boolean, workers = 1): string {
  const lines = [
    "",
    `Keywork is running at ${url}${workers > 1 ? ` (${workers} worker processes)` : ""}`,
    `  web page       ${url}/web/`,
    `  task pane      ${url}/addin/taskpane.html   (sideload manifest.xml in Excel)`,
    `  API            ${url}/api/v1/openapi.json`,
  ];
  if (demo) {
    lines.push("", "Demo sign-ins (demo data only — change or remove before real use):");
    for (const a of DEMO_ACCOUNTS)
      lines.push(`  ${a.username.padEnd(12)} ${a.password.padEnd(24)} ${a.role.padEnd(12)} ${a.unit ?? ""}`);
  }
  return `${lines.join("\n")}\n\n`;
}
