// Picks the store adapter from DATABASE_URL.
import { resolve } from "node:path";
import type { Store } from "./store.ts";

export async function openStore(databaseUrl: string): Promise<Store> {
  if (databaseUrl.startsWith("sqlite:")) {
    const { openSqliteStore } = await import("./sqlite/index.ts");
    const file = databaseUrl.slice("sqlite:".length).replace(/^\/\//u, "");
    return openSqliteStore(file === ":memory:" ? file : resolve(file));
  }
  if (databaseUrl.startsWith("mssql://")) {
    const { openMssqlStore } = await import("./mssql/index.ts");
    return openMssqlStore(databaseUrl);
  }
  throw new Error(`unsupported DATABASE_URL scheme: ${databaseUrl.split(":")[0]}`);
}
