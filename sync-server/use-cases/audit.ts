// The audit log: every administrative action (units, accounts, periods, lock/unlock, returns,
// reminders) with who, when and what. Read by coordinators (GET /audit, the 审计日志 screen,
// `keywork audit`). A detail never holds a password or a token.
import { userInfo } from "node:os";
import type { AuditEntry, AuditQuery, NewAuditEntry } from "../store/store.ts";
import type { Actor, Deps } from "./context.ts";

/** Who did it: the signed-in user, or the command line (which runs with the server's own rights). */
export type AuditActor = Actor | "cli";

export type AuditAction =
  | "unit.add"
  | "unit.update"
  | "unit.rename"
  | "unit.merge"
  | "units.import"
  | "user.create"
  | "users.import"
  | "user.reset-password"
  | "user.disable"
  | "user.enable"
  | "user.set-role"
  | "user.set-unit"
  | "user.change-password"
  | "period.publish"
  | "period.new"
  | "period.lock"
  | "period.unlock"
  | "return.create"
  | "reminder.send";

export function actorName(actor: AuditActor): string {
  if (actor !== "cli") return actor.username;
  let osUser = "unknown";
  try {
    osUser = userInfo().username;
  } catch {
    // No passwd entry (some containers): the command line is still named as such.
  }
  return `cli:${osUser}`;
}

/** The entry to append, for a store method that writes it inside its own transaction. */
export function auditEntry(
  deps: Deps,
  actor: AuditActor,
  action: AuditAction,
  target: string,
  detail: Record<string, unknown> | null = null,
): NewAuditEntry {
  return { at: deps.now().toISOString(), actor: actorName(actor), action, target, detail };
}

export async function recordAudit(
  deps: Deps,
  actor: AuditActor,
  action: AuditAction,
  target: string,
  detail: Record<string, unknown> | null = null,
): Promise<AuditEntry> {
  return deps.store.appendAudit(auditEntry(deps, actor, action, target, detail));
}

export const AUDIT_PAGE_MAX = 500;

export async function listAudit(deps: Deps, query: Partial<AuditQuery>): Promise<AuditEntry[]> {
  return deps.store.listAudit({ ...query, limit: Math.min(query.limit ?? 100, AUDIT_PAGE_MAX) });
}
