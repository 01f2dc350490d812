// `keywork audit [--json] [--limit N] [--action A] [--actor WHO] [--before ID]`: the audit log, newest first.
import { AUDIT_PAGE_MAX, listAudit } from "../use-cases/audit.ts";
import { commandDeps, guarded, options, UsageError } from "./args.ts";

export const auditCommand = (args: string[]) =>
  guarded(async () => {
    const { values } = options(args, {
      json: { type: "boolean" },
      limit: { type: "string" },
      action: { type: "string" },
      actor: { type: "string" },
      before: { type: "string" },
    });
    const number = (text: string | undefined, what: string, max: number) => {
      if (text === undefined) return undefined;
      if (!/^[1-9]\d{0,9}$/u.test(text) || Number(text) > max)
        throw new UsageError(
          `--${what} 须为 1 到 ${max} 的整数 / --${what} must be a whole number from 1 to ${max}`,
        );
      return Number(text);
    };
    const limit = number(values.limit, "limit", AUDIT_PAGE_MAX) ?? 50;
    const before = number(values.before, "before", 2_147_483_647);
    const deps = await commandDeps();
    try {
      const entries = await listAudit(deps, {
        limit,
        ...(before !== undefined ? { before } : {}),
        ...(values.action ? { action: values.action } : {}),
        ...(values.actor ? { actor: values.actor } : {}),
      });
      if (values.json) {
        process.stdout.write(`${JSON.stringify(entries)}\n`);
        return 0;
      }
      for (const e of entries)
        process.stdout.write(
          `${e.id}\t${e.at}\t${e.actor}\t${e.action}\t${e.target}${e.detail ? `\t${JSON.stringify(e.detail)}` : ""}\n`,
        );
      if (entries.length === 0) process.stdout.write("no audit entries\n");
      return 0;
    } finally {
      await deps.store.close();
    }
  });
