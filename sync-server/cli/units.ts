// `keywork units import|list|export|rename|merge`: the unit directory (单位名录) from the command line.
import { readFile, writeFile } from "node:fs/promises";
import { extname } from "node:path";
import { importUnits, kindLabel, mergeUnits, renameUnit, unitDirectory } from "../use-cases/units.ts";
import { unitRowsFromJson, unitRowsFromXlsx, unitsWorkbook } from "../xlsx/units.ts";
import { guarded, options, UsageError } from "./args.ts";
import { withDeps } from "./admin.ts";

const USAGE = `usage: keywork units import FILE.xlsx|FILE.json
       keywork units list [--json]
       keywork units export FILE.xlsx
       keywork units rename OLD NEW
       keywork units merge A B … --into C`;

export async function readInput(file: string): Promise<Buffer> {
  return readFile(file).catch(() => {
    throw new UsageError(`无法读取 ${file} / cannot read ${file}`);
  });
}

export const unitsCommand = async (args: string[]): Promise<number> => {
  const [sub, ...rest] = args;
  switch (sub) {
    case "import":
      return withDeps(async (deps) => {
        const { positionals } = options(rest, {}, 1);
        const file = positionals[0];
        if (!file) throw new UsageError(USAGE);
        const data = await readInput(file);
        const rows =
          extname(file).toLowerCase() === ".json"
            ? unitRowsFromJson(parseJson(data, file))
            : await unitRowsFromXlsx(data);
        const { added, updated } = await importUnits(deps, "cli", rows);
        process.stdout.write(`units imported: ${added.length} added, ${updated.length} updated\n`);
        return 0;
      });
    case "list":
      return withDeps(async (deps) => {
        const { values } = options(rest, { json: { type: "boolean" } });
        const { units, retired } = await unitDirectory(deps);
        if (values.json) process.stdout.write(`${JSON.stringify(units)}\n`);
        else {
          for (const u of units)
            process.stdout.write(`${u.name}\t${kindLabel(u.kind)}\t${u.aliases.join("、")}\n`);
          for (const r of retired) process.stdout.write(`(已撤销 retired) ${r.name} → ${r.retiredInto}\n`);
        }
        return 0;
      });
    case "export":
      return withDeps(async (deps) => {
        const { positionals } = options(rest, {}, 1);
        const file = positionals[0];
        if (!file) throw new UsageError(USAGE);
        const { units, retired } = await unitDirectory(deps);
        await writeFile(file, await unitsWorkbook(units, retired));
        process.stdout.write(`${units.length} units written to ${file}\n`);
        return 0;
      });
    case "rename":
      return withDeps(async (deps) => {
        const { positionals } = options(rest, {}, 2);
        if (positionals.length !== 2) throw new UsageError(USAGE);
        const done = await renameUnit(deps, "cli", positionals[0]!, positionals[1]!);
        process.stdout.write(
          `unit ${done.from} renamed to ${done.to} (${done.users} accounts, open periods moved: ${done.periods.join(", ") || "none"})\n`,
        );
        return 0;
      });
    case "merge":
      return withDeps(async (deps) => {
        const { values, positionals } = options(rest, { into: { type: "string" } }, 20);
        if (positionals.length === 0 || !values.into) throw new UsageError(USAGE);
        const done = await mergeUnits(deps, "cli", positionals, values.into);
        process.stdout.write(
          `units ${done.from.join(", ")} merged into ${done.into} (${done.users} accounts, open periods moved: ${done.periods.join(", ") || "none"})\n`,
        );
        return 0;
      });
    default:
      return guarded(async () => {
        throw new UsageError(USAGE);
      });
  }
};

export function parseJson(data: Buffer, file: string): unknown {
  try {
    return JSON.parse(data.toString("utf8"));
  } catch {
    throw new UsageError(`${file} 不是 JSON / ${file} is not JSON`);
  }
}
