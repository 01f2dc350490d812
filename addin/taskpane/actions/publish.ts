// Coordinator: publish the active sheet (official layout) as the plan of a new period. Excel syncs: 1.
import { parse } from "../../../schema/layout.ts";
import { planOf } from "../../../schema/model.ts";
import { buildDirectory } from "../../../schema/units.ts";
import { hasErrors, validate, type Issue } from "../../../schema/validate.ts";
import type { Period } from "../../../schema/api.ts";
import { loadUnits } from "../storage.ts";
import { hostOf, type ActionEnv } from "./env.ts";

export type PublishResult =
  { kind: "invalid"; issues: Issue[]; sheetId: string } | { kind: "published"; period: Period };

export async function publishActiveSheet(
  env: ActionEnv,
  input: { period: string; title?: string; due?: string },
): Promise<PublishResult> {
  const { sheet: active } = await hostOf(env).session((session) => session.readActive({ metadata: false }));
  const units = loadUnits(env.store, env.server) ?? (await env.api.units()).units;
  const directory = buildDirectory(units);
  const parsed = parse(active.grid, { directory, origin: active.origin });
  const issues = validate(parsed, { directory, planOnly: true });
  if (hasErrors(issues) || parsed.rows.length === 0) return { kind: "invalid", issues, sheetId: active.id };
  const period = await env.api.publish({
    plan: planOf(parsed.document),
    period: input.period,
    ...(input.title ? { title: input.title } : {}),
    ...(input.due ? { due: input.due } : {}),
  });
  return { kind: "published", period };
}
