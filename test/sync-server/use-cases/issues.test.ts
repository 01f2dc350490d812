import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldIssues, firstIssueLine } from "../../../sync-server/use-cases/issues.ts";

const Rows = z.object({ rows: z.array(z.object({ seq: z.number(), progress: z.string() })) });

function errorOf(value: unknown): z.ZodError {
  const result = Rows.safeParse(value);
  if (result.success) throw new Error("expected a failure");
  return result.error;
}

describe("fieldIssues", () => {
  it("names the field by its path and answers no 序号 unless asked", () => {
    const issues = fieldIssues(errorOf({ rows: [{ seq: 4, progress: 1 }] }));
    expect(issues).toEqual([
      { seq: null, field: "rows.0.progress", code: "invalid_type", message: expect.any(String) },
    ]);
  });

  it("puts the part checked in front of the field", () => {
    const [issue] = fieldIssues(errorOf({ rows: [{ seq: 4, progress: 1 }] }), { prefix: "body" });
    expect(issue?.field).toBe("body.rows.0.progress");
  });

  it("answers the row's 序号 from the path when given a way to find it", () => {
    const [issue] = fieldIssues(errorOf({ rows: [{ seq: 4, progress: 1 }] }), {
      seqOf: (path) => (path[1] === 0 ? 4 : null),
    });
    expect(issue?.seq).toBe(4);
  });

  it("keeps at most the limit of issues", () => {
    const rows = Array.from({ length: 5 }, (_, n) => ({ seq: n, progress: n }));
    expect(fieldIssues(errorOf({ rows }), { limit: 3 })).toHaveLength(3);
  });

  it("writes the first issue as one line for the problem's detail", () => {
    const issues = fieldIssues(errorOf({ rows: [{ seq: 4, progress: 1 }] }));
    expect(firstIssueLine(issues)).toBe(`rows.0.progress: ${issues[0]?.message}`);
  });
});
