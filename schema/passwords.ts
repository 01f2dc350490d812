// The password rules, stated once: the server enforces them, the web page and the task pane check
// them as the person types, all with the same zh/en messages. Pure TypeScript.

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/**
 * Passwords people pick when asked for ten characters; checked case-insensitively. A short list on
 * purpose: the length rule does most of the work, this stops the obvious ones.
 */
const COMMON = new Set([
  "1234567890",
  "12345678910",
  "0123456789",
  "9876543210",
  "1111111111",
  "password",
  "password1",
  "password12",
  "password123",
  "password1234",
  "passw0rd123",
  "qwertyuiop",
  "qwerty123456",
  "1qaz2wsx3edc",
  "1q2w3e4r5t",
  "abc1234567",
  "abcd123456",
  "a123456789",
  "aa123456789",
  "admin12345",
  "admin123456",
  "administrator",
  "iloveyou123",
  "woaini1314",
  "zxcvbnm123",
  "keywork123",
  "keywork2022",
  "changeme123",
]);

export type PasswordProblem =
  | "too-short"
  | "too-long"
  | "contains-username"
  | "common"
  | "one-character"
  | "same-as-current"
  | "mismatch";

export const PASSWORD_MESSAGES: Record<PasswordProblem, { zh: string; en: string }> = {
  "too-short": {
    zh: `密码至少 ${PASSWORD_MIN_LENGTH} 个字符`,
    en: `the password needs at least ${PASSWORD_MIN_LENGTH} characters`,
  },
  "too-long": {
    zh: `密码最多 ${PASSWORD_MAX_LENGTH} 个字符`,
    en: `the password may have at most ${PASSWORD_MAX_LENGTH} characters`,
  },
  "contains-username": { zh: "密码不能包含用户名", en: "the password must not contain the username" },
  common: { zh: "密码过于常见,请换一个", en: "the password is too common; choose another" },
  "one-character": {
    zh: "密码不能由同一个字符重复组成",
    en: "the password must not be one character repeated",
  },
  "same-as-current": {
    zh: "新密码不能与当前密码相同",
    en: "the new password must differ from the current one",
  },
  mismatch: { zh: "两次输入的新密码不一致", en: "the two new passwords differ" },
};

export const PASSWORD_RULES = {
  zh: `至少 ${PASSWORD_MIN_LENGTH} 个字符,不含用户名,不是常见密码,不能与当前密码相同。`,
  en: `At least ${PASSWORD_MIN_LENGTH} characters, not containing the username, not a common password, not the current one.`,
};

export interface PasswordContext {
  username: string;
  /** The current password, when the person typed it (a self-service change). */
  current?: string;
  /** The repeated entry of the form, when there is one. */
  repeat?: string;
}

/** Every rule the password breaks, in the order above; empty when it is acceptable. */
export function checkPassword(password: string, context: PasswordContext): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push("too-short");
  if (length > PASSWORD_MAX_LENGTH) problems.push("too-long");
  const lower = password.toLowerCase();
  const username = context.username.trim().toLowerCase();
  if (username.length >= 2 && lower.includes(username)) problems.push("contains-username");
  if (COMMON.has(lower)) problems.push("common");
  if (length > 0 && new Set(password).size === 1) problems.push("one-character");
  if (context.current !== undefined && context.current === password) problems.push("same-as-current");
  if (context.repeat !== undefined && context.repeat !== password) problems.push("mismatch");
  return problems;
}

/** The problems as one "中文 / English" sentence for an API answer or the command line. */
export function describePasswordProblems(problems: readonly PasswordProblem[]): string {
  const zh = problems.map((p) => PASSWORD_MESSAGES[p].zh).join(";");
  const en = problems.map((p) => PASSWORD_MESSAGES[p].en).join("; ");
  return `${zh} / ${en}`;
}
