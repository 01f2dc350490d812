// `npm run bench [-- NAME…]`: runs every bench (or the named ones) in turn and prints one table each.
// Later issues add server benches to BENCHES; each returns { name, figures }.
import { hostileUploadsBench } from "./hostile-uploads.ts";
import { schemaBench } from "./schema.ts";
import { serverBench } from "./server.ts";
import type { Bench, BenchResult } from "./types.ts";

export const BENCHES: Bench[] = [
  { name: "schema-unit", run: () => schemaBench({ scenario: "unit" }) },
  { name: "schema-city", run: () => schemaBench({ scenario: "city" }) },
  { name: "server", run: () => serverBench() },
  { name: "hostile-uploads", run: () => hostileUploadsBench() },
];

function table(result: BenchResult): string {
  const entries = Object.entries(result.figures).map(
    ([k, v]) => [k, typeof v === "number" ? v.toLocaleString("en") : v] as const,
  );
  const keyWidth = Math.max(...entries.map(([k]) => k.length));
  const valueWidth = Math.max(...entries.map(([, v]) => v.length));
  const rule = `  ${"-".repeat(keyWidth)}  ${"-".repeat(valueWidth)}`;
  const lines = entries.map(([k, v]) => `  ${k.padEnd(keyWidth)}  ${v.padStart(valueWidth)}`);
  return [result.name, rule, ...lines, ""].join("\n");
}

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  // `npm run bench -- schema` runs every bench whose name is or starts with "schema-".
  const wanted = (name: string) => only.some((o) => name === o || name.startsWith(`${o}-`));
  const selected = only.length > 0 ? BENCHES.filter((b) => wanted(b.name)) : BENCHES;
  if (selected.length === 0) {
    process.stderr.write(
      `bench: no bench named ${only.join(", ")}; available: ${BENCHES.map((b) => b.name).join(", ")}\n`,
    );
    return 2;
  }
  process.stdout.write(`node ${process.version}, ${process.platform}/${process.arch}\n\n`);
  for (const bench of selected) process.stdout.write(`${table(await bench.run())}\n`);
  return 0;
}

process.exitCode = await main();
