// Starts Keywork: config, store, migrations, HTTP(S) listener, graceful shutdown.
import { readFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { buildApp } from "./app.ts";
import type { Config } from "./config.ts";
import { createLogger } from "./logger.ts";
import { openStore } from "./store/open.ts";
import type { Store } from "./store/store.ts";
import type { Deps } from "./use-cases/context.ts";
import { HOUSEKEEPING_INTERVAL_MS, processHolder, runHousekeeping } from "./use-cases/housekeeping.ts";

export interface RunningServer {
  url: string;
  server: Server;
  store: Store;
  logger: Logger;
  close(): Promise<void>;
}

export async function startServer(
  config: Config,
  options: {
    store?: Store;
    logger?: Logger;
    /** A worker of `keywork serve --workers N`: the primary has migrated; answers say which worker. */
    worker?: { id: number };
    /** Runs after migrations and before listening (the demo seed): ready means ready. */
    prepare?: (deps: Deps) => Promise<void>;
  } = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const store = options.store ?? (await openStore(config.DATABASE_URL));
  if (!options.worker) {
    const applied = await store.migrate();
    if (applied.length > 0) logger.info({ applied }, "migrations applied");
  }
  const deps: Deps = { store, config, logger, now: () => new Date() };
  // At start and hourly; with several processes on one database only the lease holder purges.
  const holder = processHolder();
  await runHousekeeping(deps, holder);
  const housekeeping = setInterval(() => {
    runHousekeeping(deps, holder).catch((error: unknown) =>
      logger.error({ err: error }, "housekeeping failed"),
    );
  }, HOUSEKEEPING_INTERVAL_MS);
  housekeeping.unref();
  if (options.prepare) await options.prepare(deps);
  const built = buildApp(deps);
  const workerId = options.worker ? String(options.worker.id) : null;
  // Which process answered, when there are several (tests and operators spreading load check it).
  const app =
    workerId === null
      ? built
      : (req: IncomingMessage, res: ServerResponse) => {
          res.setHeader("X-Keywork-Worker", workerId);
          built(req, res);
        };
  const tls = config.TLS_CERT_FILE && config.TLS_KEY_FILE;
  const server = tls
    ? createHttpsServer(
        { cert: readFileSync(config.TLS_CERT_FILE!), key: readFileSync(config.TLS_KEY_FILE!) },
        app,
      )
    : createHttpServer(app);
  server.headersTimeout = 30_000;
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST;
  const url = `${tls ? "https" : "http"}://${host}:${port}`;
  logger.info({ url, store: store.dialect }, "keywork listening");

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      // Stop taking connections, let requests in flight finish, then close the database.
      clearInterval(housekeeping);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 10_000).unref();
      });
      await store.close();
      logger.info("keywork stopped");
    })());
  return { url, server, store, logger, close };
}

/** SIGINT/SIGTERM close the server gracefully; a second signal exits at once. */
export function closeOnSignals(running: RunningServer): void {
  let signalled = false;
  const onSignal = (signal: string) => {
    if (signalled) process.exit(1);
    signalled = true;
    running.logger.info({ signal }, "shutting down");
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}
