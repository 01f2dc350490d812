// Housekeeping: expired tokens and old idempotency answers are deleted, so neither table only grows.
import type { Deps } from "./context.ts";

/** How long a submission's answer is kept for retries: far longer than any client retries. */
export const ANSWER_DAYS = 7;

export async function purgeExpired(deps: Deps): Promise<{ tokens: number; answers: number }> {
  const now = deps.now();
  const answersBefore = new Date(now.getTime() - ANSWER_DAYS * 86_400_000).toISOString();
  const purged = await deps.store.purgeExpired(now.toISOString(), answersBefore);
  if (purged.tokens + purged.answers > 0) deps.logger.info(purged, "expired tokens and old answers purged");
  return purged;
}
