// `keywork serve` (migrate + listen) and `keywork start` (the same, seeding the demo into an empty database).
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../config.ts";
import { DEMO_ACCOUNTS, seedDemo } from "../demo/seed.ts";
import { closeOnSignals, startServer } from "../server.ts";
import { createLogger } from "../logger.ts";
import type { Deps } from "../use-cases/context.ts";
import { UsageError, guarded, options } from "./args.ts";

export const serveCommand = (args: string[]) => run(args, false);
export const startCommand = (args: string[]) => run(args, true);

async function run(args: string[], withDemo: boolean): Promise<number> {
  return guarded(async () => {
    const { values } = options(args, {
      port: { type: "string" },
      host: { type: "string" },
      "dev-certs": { type: "boolean" },
    });
    const config = loadConfig({
      ...process.env,
      ...(values.port ? { PORT: values.port } : {}),
      ...(values.host ? { HOST: values.host } : {}),
      ...(values["dev-certs"] ? devCertificates() : {}),
    });
    // The demo is seeded before the port opens: nobody can reach a server that is not ready yet.
    const running = await startServer(config, {
      logger: createLogger(config.LOG_LEVEL),
      ...(withDemo ? { prepare: seedIntoEmpty } : {}),
    });
    closeOnSignals(running);
    const demo = withDemo && (await running.store.findUserByUsername("coordinator")) !== null;
    process.stdout.write(banner(running.url, demo));
    // Keep running until a signal closes the server.
    await new Promise(() => {});
    return 0;
  });
}

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
      `no development certificate in ${dir}; run "npx office-addin-dev-certs install" first`,
    );
  }
  return { TLS_CERT_FILE: cert, TLS_KEY_FILE: key };
}

function banner(url: string, demo: boolean): string {
  const lines = [
    "",
    `Keywork is running at ${url}`,
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
