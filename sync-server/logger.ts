// Structured logs (pino). Secrets never reach a log line: authorisation headers and passwords are redacted.
import pino, { type Logger } from "pino";

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ["req.headers.authorization", "password", "token", "*.password", "*.token"],
      censor: "[redacted]",
    },
  });
}
