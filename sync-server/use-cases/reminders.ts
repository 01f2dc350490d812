// 催报: the list of units that have not reported, sent to the city's DingTalk custom robot or WeCom
// group robot (REMINDER_WEBHOOK_*). The copyable text (coverage) stays; this is the one-click way.
// The robot's URL holds its token and the DingTalk secret signs each request: neither is ever logged
// nor put in an answer.
import { createHmac } from "node:crypto";
import { AppError, conflict } from "../errors.ts";
import { recordAudit, type AuditActor } from "./audit.ts";
import type { Deps } from "./context.ts";
import { coverage } from "./coverage.ts";

export interface ReminderAnswer {
  period: string;
  /** Whether the robot accepted the message (false when every unit has reported: nothing sent). */
  delivered: boolean;
  kind: "dingtalk" | "wecom";
  missing: string[];
  text: string;
}

/** DingTalk 加签: HMAC-SHA256 of "timestamp\nsecret" keyed by the secret, base64, as query parameters. */
export function dingtalkSignedUrl(url: string, secret: string, timestamp: number): string {
  const sign = createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
  const signed = new URL(url);
  signed.searchParams.set("timestamp", String(timestamp));
  signed.searchParams.set("sign", sign);
  return signed.toString();
}

/** Both robots take the same text message. */
export function robotBody(text: string): { msgtype: "text"; text: { content: string } } {
  return { msgtype: "text", text: { content: text } };
}

export async function sendReminder(deps: Deps, actor: AuditActor, periodId: string): Promise<ReminderAnswer> {
  const { REMINDER_WEBHOOK_URL: url, REMINDER_WEBHOOK_KIND: kind } = deps.config;
  if (!url || !kind)
    throw conflict(
      "no-webhook",
      "未配置催报机器人（REMINDER_WEBHOOK_URL、REMINDER_WEBHOOK_KIND），请复制催报文字发送 / no reminder webhook is configured (REMINDER_WEBHOOK_URL, REMINDER_WEBHOOK_KIND); copy the reminder text instead",
    );
  const answer = await coverage(deps, periodId);
  const base = { period: periodId, kind, missing: answer.missing, text: answer.reminder.zh };
  if (answer.missing.length === 0) return { ...base, delivered: false };
  const secret = deps.config.REMINDER_WEBHOOK_SECRET;
  const target = kind === "dingtalk" && secret ? dingtalkSignedUrl(url, secret, deps.now().getTime()) : url;
  const failure = await post(target, robotBody(answer.reminder.zh), deps.config.REMINDER_WEBHOOK_TIMEOUT_MS);
  await recordAudit(deps, actor, "reminder.send", periodId, {
    kind,
    units: answer.missing,
    delivered: failure === null,
    ...(failure ? { error: failure } : {}),
  });
  if (failure) {
    deps.logger.warn({ period: periodId, kind, error: failure }, "reminder webhook failed");
    throw new AppError(
      502,
      "webhook-failed",
      `催报消息未送达：${failure} / the reminder was not delivered: ${failure}`,
      { receiver: failure },
    );
  }
  deps.logger.info({ period: periodId, kind, units: answer.missing.length }, "reminder sent");
  return { ...base, delivered: true };
}

/** Null when the robot accepted the message; otherwise what went wrong, in the receiver's words. */
async function post(url: string, body: unknown, timeoutMs: number): Promise<string | null> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
  } catch (error) {
    const e = error as { name?: string; cause?: { code?: string } };
    if (e.name === "TimeoutError") return `${timeoutMs} ms 内无应答 / no answer within ${timeoutMs} ms`;
    return `无法连接（${e.cause?.code ?? e.name ?? "error"}） / unreachable (${e.cause?.code ?? e.name ?? "error"})`;
  }
  const text = (await res.text().catch(() => "")).slice(0, 2000);
  let json: { errcode?: unknown; errmsg?: unknown } | null = null;
  try {
    json = JSON.parse(text) as { errcode?: unknown; errmsg?: unknown };
  } catch {
    json = null;
  }
  const errmsg = typeof json?.errmsg === "string" ? json.errmsg.slice(0, 300) : "";
  if (!res.ok) return `HTTP ${res.status}${errmsg ? ` ${errmsg}` : ""}`;
  if (json === null || typeof json !== "object")
    return `应答不是 JSON / the answer is not JSON (HTTP ${res.status})`;
  if (json.errcode !== 0) return `errcode ${String(json.errcode)}: ${errmsg}`;
  return null;
}
