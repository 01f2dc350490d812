// `keywork periods new|list` and `keywork remind PERIOD`: the next period from the last, the list of
// periods, and the 催报 webhook.
import { sendReminder } from "../use-cases/reminders.ts";
import { periodSummaries, rollOver } from "../use-cases/rollover.ts";
import { readFirstSheetGrid } from "../xlsx/grid.ts";
import { guarded, options, UsageError } from "./args.ts";
import { withDeps } from "./admin.ts";
import { readInput } from "./units.ts";

const USAGE = `usage: keywork periods new ID --from PERIOD [--due DATE] [--title T] [--plan FILE.xlsx] [--add-units]
       keywork periods list [--json]`;

export const periodsCommand = async (args: string[]): Promise<number> => {
  const [sub, ...rest] = args;
  if (sub === "new")
    return withDeps(async (deps) => {
      const { values, positionals } = options(
        rest,
        {
          from: { type: "string" },
          due: { type: "string" },
          title: { type: "string" },
          plan: { type: "string" },
          "add-units": { type: "boolean" },
        },
        1,
      );
      if (!positionals[0] || !values.from) throw new UsageError(USAGE);
      const newPlan = values.plan
        ? {
            source: {
              kind: "grid" as const,
              grid: (await readFirstSheetGrid(await readInput(values.plan))).grid,
            },
            units: { addUnits: values["add-units"] === true },
          }
        : undefined;
      const period = await rollOver(
        deps,
        "cli",
        {
          period: positionals[0],
          from: values.from,
          ...(values.due ? { due: values.due } : {}),
          ...(values.title ? { title: values.title } : {}),
        },
        "zh",
        newPlan,
      );
      process.stdout.write(`period ${period.id} opened from ${values.from}: ${period.title}\n`);
      return 0;
    });
  if (sub === "list")
    return withDeps(async (deps) => {
      const { values } = options(rest, { json: { type: "boolean" } });
      const periods = await periodSummaries(deps);
      if (values.json) process.stdout.write(`${JSON.stringify(periods)}\n`);
      else
        for (const p of periods)
          process.stdout.write(
            `${p.id}\t${p.title}\tdue ${p.dueAt ?? "-"}\t${p.locked ? "locked" : "open"}\tprevious ${p.previousPeriodId ?? "-"}\t${p.tasks} tasks\t${p.reportedUnits}/${p.units} units reported\n`,
          );
      return 0;
    });
  return guarded(async () => {
    throw new UsageError(USAGE);
  });
};

export const remindCommand = (args: string[]) =>
  withDeps(async (deps) => {
    const { positionals } = options(args, {}, 1);
    if (!positionals[0]) throw new UsageError("用法 / usage: keywork remind PERIOD");
    const answer = await sendReminder(deps, "cli", positionals[0]);
    if (answer.delivered)
      process.stdout.write(
        `reminder sent (${answer.kind}) to ${answer.missing.length} units: ${answer.missing.join("、")}\n`,
      );
    else process.stdout.write(`every unit has reported ${answer.period}; nothing sent\n`);
    return 0;
  });
