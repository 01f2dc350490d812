// The web page's submission decisions without a browser: the body, stale preview rows, what a refused
// submission means.
import { describe, expect, it } from "vitest";
import { ApiError, NetworkError } from "../../client/errors.ts";
import { DEFAULT_VOCABULARY } from "../../schema/statuses.ts";
import type { TaskRow } from "../../web/api.ts";
import { isStale, refusalOf, submissionBody } from "../../web/submit-state.ts";

const mine = { seq: 3, status: "已完成", progress: "done", baseVersion: 1 };
const server = (over: Partial<TaskRow>) =>
  ({ ...mine, version: 1, updatedBy: "x", updatedAt: null, ...over }) as TaskRow;

describe("submissionBody", () => {
  it("names the unit only when one is given (a coordinator's submission)", () => {
    expect(submissionBody([mine], "市科技局")).toEqual({ unit: "市科技局", rows: [mine] });
    expect(submissionBody([mine], null)).toEqual({ rows: [mine] });
  });
});

describe("isStale", () => {
  it("marks a row changed on the server since the pull to other text", () => {
    expect(isStale(server({ version: 2, progress: "theirs" }), mine, DEFAULT_VOCABULARY)).toBe(true);
  });

  it("does not mark a row the server holds at the pulled version or with the same text", () => {
    expect(isStale(server({ progress: "theirs" }), mine, DEFAULT_VOCABULARY)).toBe(false);
    expect(isStale(server({ version: 2 }), mine, DEFAULT_VOCABULARY)).toBe(false);
    expect(isStale(undefined, mine, DEFAULT_VOCABULARY)).toBe(false);
  });
});

describe("refusalOf", () => {
  const detail = { zh: "中", en: "en" };

  it("tells a network failure, a conflict, invalid rows, a lock and a refusal apart", () => {
    const conflicts = [{ seq: 3 }] as unknown as ApiError["conflicts"];
    expect(refusalOf(new NetworkError("offline"))).toEqual({ kind: "network" });
    expect(refusalOf(new ApiError(409, "version-conflict", detail, { conflicts }))).toEqual({
      kind: "conflict",
      conflicts,
    });
    expect(refusalOf(new ApiError(422, "invalid-rows", detail))).toEqual({
      kind: "invalid",
      detail,
      issues: [],
    });
    expect(refusalOf(new ApiError(423, "locked", detail))).toEqual({ kind: "locked" });
    expect(refusalOf(new ApiError(403, "other-unit", detail))).toEqual({ kind: "forbidden", detail });
  });

  it("leaves a 409 without conflicts and any other failure to the generic message", () => {
    expect(refusalOf(new ApiError(409, "x", detail))).toEqual({ kind: "other" });
    expect(refusalOf(new ApiError(500, "x", detail))).toEqual({ kind: "other" });
    expect(refusalOf(new Error("boom"))).toEqual({ kind: "other" });
  });
});
