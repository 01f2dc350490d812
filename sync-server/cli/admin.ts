// Administration commands: migrate, demo, add-user, import-plan, lock/unlock, export.
import { readFile, writeFile } from "node:fs/promises";
import { extname } from "node:path";
import { buildDirectory } from "../../schema/index.ts";
import { seedDemo } from "../demo/seed.ts";
import type { Role } from "../store/store.ts";
import { merged } from "../use-cases/merged.ts";
import { setLocked } from "../use-cases/periods.ts";
import { UnitMappingSchema, importPlan } from "../use-cases/plans.ts";
import { addUser } from "../use-cases/users.ts";
import { mergedWorkbook } from "../xlsx/merged.ts";
import { readFirstSheetGrid } from "../xlsx/grid.ts";
import { unitMappingFromXlsx } from "../xlsx/units.ts";
import { parseJson, readInput } from "./units.ts";
import { commandDeps, guarded, options, UsageError } from "./args.ts";

/** Runs a body with a migrated store, always closing it. */
export async function withDeps(
  body: (deps: Awaited<ReturnType<typeof commandDeps>>) => Promise<number>,
): Promise<number> {
  return guarded(async () => {
    const deps = await commandDeps();
    try {
      return await body(deps);
    } finally {
      await deps.store.close();
    }
  });
}

export const migrateCommand = (args: string[]) =>
  guarded(async () => {
    options(args, {});
    const deps = await commandDeps({ ...process.env });
    await deps.store.close();
    process.stdout.write("migrations are up to date\n");
    return 0;
  });

export const demoCommand = (args: string[]) =>
  withDeps(async (deps) => {
    options(args, {});
    const accounts = await seedDemo(deps);
    process.stdout.write("Demo seeded: units, periods 2021-H2 (locked) and 2022-H1, accounts:\n");
    for (const a of accounts)
      process.stdout.write(`  ${a.username}\t${a.password}\t${a.role}\t${a.unit ?? ""}\n`);
    return 0;
  });

export const addUserCommand = (args: string[]) =>
  withDeps(async (deps) => {
    const { values } = options(args, {
      username: { type: "string" },
      name: { type: "string" },
      unit: { type: "string" },
      role: { type: "string" },
      password: { type: "string" },
      json: { type: "boolean" },
    });
    for (const required of ["username", "name", "role"] as const) {
      if (!values[required]) throw new UsageError(`缺少 --${required} / --${required} is required`);
    }
    if (values.unit) {
      const directory = buildDirectory(await deps.store.listUnits());
      const canonical = directory.byKey.get(values.unit.replace(/\s+/gu, ""));
      if (canonical) values.unit = canonical;
    }
    const answer = await addUser(deps, {
      username: values.username!,
      name: values.name!,
      unit: values.unit ?? null,
      role: values.role as Role,
      ...(values.password ? { password: values.password } : {}),
    });
    if (values.json) process.stdout.write(`${JSON.stringify(answer)}\n`);
    else {
      process.stdout.write(`user ${answer.username} created\n`);
      if (!values.password) process.stdout.write(`password: ${answer.password}   (shown once)\n`);
      process.stdout.write(`API token: ${answer.token}   (shown once; for scripts)\n`);
    }
    return 0;
  });

export const importPlanCommand = (args: string[]) =>
  withDeps(async (deps) => {
    const { values, positionals } = options(
      args,
      {
        period: { type: "string" },
        title: { type: "string" },
        due: { type: "string" },
        "add-units": { type: "boolean" },
        map: { type: "string" },
      },
      1,
    );
    const file = positionals[0];
    if (!file)
      throw new UsageError(
        "用法 / usage: keywork import-plan FILE.xlsx --period ID [--title T] [--due DATE] [--add-units] [--map mapping.json|.xlsx]",
      );
    if (!values.period)
      throw new UsageError("缺少 --period（如 2022-H1） / --period is required (like 2022-H1)");
    const { grid } = await readFirstSheetGrid(
      await readFile(file).catch(() => {
        throw new UsageError(`无法读取 ${file} / cannot read ${file}`);
      }),
    );
    const period = await importPlan(
      deps,
      { kind: "grid", grid },
      {
        period: values.period,
        ...(values.title ? { title: values.title } : {}),
        ...(values.due ? { due: values.due } : {}),
      },
      "zh",
      {
        actor: "cli",
        units: {
          addUnits: values["add-units"] === true,
          ...(values.map ? { map: await readUnitMapping(values.map) } : {}),
        },
      },
    );
    process.stdout.write(`period ${period.id} opened: ${period.title}\n`);
    return 0;
  });

export const lockCommand = (locked: boolean) => (args: string[]) =>
  withDeps(async (deps) => {
    const { positionals } = options(args, {}, 1);
    if (!positionals[0]) throw new UsageError(`用法 / usage: keywork ${locked ? "lock" : "unlock"} PERIOD`);
    const period = await setLocked(deps, positionals[0], locked, "cli");
    process.stdout.write(`period ${period.id} ${period.locked ? "locked" : "reopened"}\n`);
    return 0;
  });

export const exportCommand = (args: string[]) =>
  withDeps(async (deps) => {
    const { values, positionals } = options(args, { out: { type: "string" } }, 1);
    if (!positionals[0] || !values.out)
      throw new UsageError("用法 / usage: keywork export PERIOD --out FILE.xlsx");
    await writeFile(values.out, await mergedWorkbook(await merged(deps, positionals[0])));
    process.stdout.write(`merged sheet of ${positionals[0]} written to ${values.out}\n`);
    return 0;
  });

/** import-plan --map: JSON { 未知名称: 单位名称 | "+" } or a sheet 未知名称 · 单位名称. */
async function readUnitMapping(file: string): Promise<Record<string, string>> {
  const data = await readInput(file);
  if (extname(file).toLowerCase() !== ".json") return unitMappingFromXlsx(data);
  const parsed = UnitMappingSchema.safeParse(parseJson(data, file));
  if (!parsed.success) throw new UsageError(`${file}: expected { "未知名称": "单位名称" or "+" }`);
  return parsed.data;
}
