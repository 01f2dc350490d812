// The pure parts of `keywork serve --workers N`: reading the option, and the pause before a restart.
import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { parseWorkers, restartPause } from "../../sync-server/cluster.ts";

describe("parseWorkers", () => {
  it("defaults to one process when nothing is given", () => {
    expect(parseWorkers(undefined)).toBe(1);
    expect(parseWorkers("")).toBe(1);
  });

  it("takes a whole number from 1", () => {
    expect(parseWorkers("1")).toBe(1);
    expect(parseWorkers("4")).toBe(4);
  });

  it("reads auto as one process per available core", () => {
    expect(parseWorkers("auto")).toBe(availableParallelism());
  });

  it("refuses zero, negatives, fractions, words and absurd counts", () => {
    for (const bad of ["0", "-2", "1.5", "two", "02", "1000", " 2"])
      expect(parseWorkers(bad), bad).toBeNull();
  });
});

describe("restartPause", () => {
  it("restarts at once a worker that ran well before it died", () => {
    expect(restartPause(0)).toBe(0);
  });

  it("doubles the pause for each death at start in a row, up to 30 seconds", () => {
    expect([1, 2, 3, 4].map(restartPause)).toEqual([250, 500, 1000, 2000]);
    expect(restartPause(20)).toBe(30_000);
  });
});
