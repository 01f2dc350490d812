// Configuration from the environment, checked once at start so a typo fails loudly, not at 3 a.m.
import { z } from "zod";

const boolFlag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|mssql:\/\/)/u, "must start with sqlite: or mssql://")
    .default("sqlite:./data/keywork.db"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Comma-separated origins allowed to call the API from another origin (the task pane is same-origin). */
  CORS_ORIGINS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((o) => o.trim())
        .filter((o) => o !== ""),
    ),
  TLS_CERT_FILE: z.string().optional(),
  TLS_KEY_FILE: z.string().optional(),
  /** Where the task pane loads Office.js from: our own copy (intranets) or Microsoft's CDN. */
  OFFICE_JS: z.enum(["local", "cdn"]).default("local"),
  SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  /** Failed sign-ins of one name from one address answered without delay (use-cases/signin-throttle.ts). */
  SIGNIN_SLOW_AFTER: z.coerce.number().int().min(1).default(3),
  /** From this many failures of one name from one address, its next attempt waits SIGNIN_LOCK_MINUTES. */
  SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  /** The longest wait, and how long counters are kept after the last attempt. */
  SIGNIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  /** Failed sign-ins from one address over all names before that address is slowed too. */
  SIGNIN_ADDRESS_SLOW_AFTER: z.coerce.number().int().min(1).default(30),
  /** Requests per signed-in user (verified token), or per client address otherwise, per minute. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  JSON_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 * 1024),
  UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  /** Behind a reverse proxy, trust its X-Forwarded-For for the client address. */
  TRUST_PROXY: boolFlag.default(false),
  /** 催报: a DingTalk custom robot or WeCom group robot that receives the list of units not reported. */
  REMINDER_WEBHOOK_URL: z
    .url({ protocol: /^https?$/u })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  REMINDER_WEBHOOK_KIND: z.enum(["dingtalk", "wecom"]).optional(),
  /** DingTalk's 加签 secret (SEC…); never logged. */
  REMINDER_WEBHOOK_SECRET: z.string().min(1).optional(),
  REMINDER_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Serve the task pane's and the web page's .map files (they hold the whole client source). */
  SERVE_SOURCE_MAPS: boolFlag.default(false),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const config = result.data;
  if (Boolean(config.TLS_CERT_FILE) !== Boolean(config.TLS_KEY_FILE)) {
    throw new ConfigError("invalid configuration:\n  TLS_CERT_FILE and TLS_KEY_FILE must be set together");
  }
  const webhook = [
    config.REMINDER_WEBHOOK_URL && !config.REMINDER_WEBHOOK_KIND
      ? "REMINDER_WEBHOOK_KIND (dingtalk or wecom) is required with REMINDER_WEBHOOK_URL"
      : null,
    !config.REMINDER_WEBHOOK_URL && (config.REMINDER_WEBHOOK_KIND || config.REMINDER_WEBHOOK_SECRET)
      ? "REMINDER_WEBHOOK_KIND and REMINDER_WEBHOOK_SECRET need REMINDER_WEBHOOK_URL"
      : null,
    config.REMINDER_WEBHOOK_SECRET && config.REMINDER_WEBHOOK_KIND === "wecom"
      ? "REMINDER_WEBHOOK_SECRET is for DingTalk's signature; a WeCom robot's key is in its URL"
      : null,
  ].filter((m) => m !== null);
  if (webhook.length > 0) throw new ConfigError(`invalid configuration:\n  ${webhook.join("\n  ")}`);
  return config;
}
