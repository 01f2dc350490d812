// zod's own messages, which reach people in the API's problem details, are Chinese first, then English
// (sync-server/zod-messages.ts); a schema's own message stays as written. The API's answers are
// checked in api/submissions.test.ts, which does not import the module itself.
import { describe, expect, test } from "vitest";
import { z } from "zod";
import "../../sync-server/zod-messages.ts";

const CHINESE_THEN_ENGLISH = /^[^/]*[\u4e00-\u9fff][^/]* \/ [^\u4e00-\u9fff]+$/u;

describe("zod's messages", () => {
  test("a built-in check says what failed in Chinese, then in English", () => {
    const result = z.strictObject({ n: z.number().max(5) }).safeParse({ n: 9, extra: 1 });
    const messages = result.error!.issues.map((i) => i.message);
    expect(messages).toHaveLength(2);
    for (const message of messages) expect(message).toMatch(CHINESE_THEN_ENGLISH);
    expect(messages[0]).toContain("Too big");
    expect(messages[1]).toContain('Unrecognized key: "extra"');
  });

  test("a schema's own message is kept as written", () => {
    const result = z.string().regex(/^a$/u, "应为 a / must be a").safeParse("b");
    expect(result.error!.issues[0]!.message).toBe("应为 a / must be a");
  });
});
