import { describe, expect, it } from "vitest";
import { legacyHashPath } from "./paths";

describe("URLs", () => {
  it("sends the old hash links where the screens are now", () => {
    expect(legacyHashPath("#/recommendations")).toBe("/recommendations");
    expect(legacyHashPath("#/rate")).toBe("/");
    expect(legacyHashPath("#/")).toBe("/");
    expect(legacyHashPath("")).toBeNull();
    expect(legacyHashPath("#top")).toBeNull();
  });
});
