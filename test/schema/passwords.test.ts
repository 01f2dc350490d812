import { describe, expect, test } from "vitest";
import { checkPassword, describePasswordProblems, PASSWORD_MESSAGES } from "../../schema/passwords.ts";

describe("password rules", () => {
  test("a long password unlike the username passes", () => {
    expect(checkPassword("Spring-river-2022", { username: "kjj.wang" })).toEqual([]);
  });
  test("fewer than 10 characters is too short, counted as characters not bytes", () => {
    expect(checkPassword("abc-12345", { username: "kjj" })).toEqual(["too-short"]);
    expect(checkPassword("春江花月夜春江花月夜", { username: "kjj" })).toEqual([]);
  });
  test("containing the username is refused, whatever the case", () => {
    expect(checkPassword("my-KJJ.Wang-2022", { username: "kjj.wang" })).toEqual(["contains-username"]);
  });
  test("a common password is refused", () => {
    expect(checkPassword("Password123", { username: "kjj" })).toEqual(["common"]);
  });
  test("one character repeated is refused", () => {
    expect(checkPassword("aaaaaaaaaaaa", { username: "kjj" })).toEqual(["one-character"]);
  });
  test("the current password and a mistyped repeat are refused", () => {
    expect(
      checkPassword("Spring-river-2022", { username: "kjj", current: "Spring-river-2022", repeat: "x" }),
    ).toEqual(["same-as-current", "mismatch"]);
  });
  test("every problem reads Chinese first, then English", () => {
    expect(describePasswordProblems(["too-short", "common"])).toBe(
      `${PASSWORD_MESSAGES["too-short"].zh};${PASSWORD_MESSAGES.common.zh} / ${PASSWORD_MESSAGES["too-short"].en}; ${PASSWORD_MESSAGES.common.en}`,
    );
  });
});
