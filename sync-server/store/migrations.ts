// Plain .sql migrations, one folder per dialect, applied in file-name order and recorded in a table.
import { readdirSync, readFileSync } from "node:fs";

export interface Migration {
  name: string;
  sql: string;
}

export function readMigrations(folder: URL): Migration[] {
  return readdirSync(folder)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/u.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(new URL(name, folder), "utf8") }));
}
