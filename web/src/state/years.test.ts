import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { describeYears, MAX_YEAR, MIN_YEAR, parseYears, yearParams } from "./years";

/** The gateway's OpenAPI document, as committed beside the generated client (client:check). */
const openapi = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../openapi.json"), "utf8"));

describe("year bounds", () => {
  it("are the API's, so what the page accepts the gateway accepts", () => {
    const request = openapi.components.schemas.RecommendationRequest.properties;
    for (const field of ["yearFrom", "yearTo"]) {
      const year = request[field].anyOf.find((s: { type: string }) => s.type === "integer");
      expect([year.minimum, year.maximum]).toEqual([MIN_YEAR, MAX_YEAR]);
    }
  });
});

describe("year filter input", () => {
  it("reads both, one or no bound", () => {
    expect(parseYears("1990", "1999")).toEqual({ ok: true, range: { from: 1990, to: 1999 } });
    expect(parseYears(" 2000 ", "")).toEqual({ ok: true, range: { from: 2000, to: null } });
    expect(parseYears("", "1979")).toEqual({ ok: true, range: { from: null, to: 1979 } });
    expect(parseYears("", "")).toEqual({ ok: true, range: { from: null, to: null } });
    expect(parseYears("1995", "1995")).toEqual({ ok: true, range: { from: 1995, to: 1995 } });
  });

  it("explains what is wrong and which input it is", () => {
    expect(parseYears("abc", "")).toMatchObject({ ok: false, field: "from", error: expect.stringMatching(/not a year/) });
    expect(parseYears("1990.5", "")).toMatchObject({ ok: false, field: "from" });
    expect(parseYears("-1990", "")).toMatchObject({ ok: false, field: "from" });
    expect(parseYears("1700", "")).toMatchObject({ ok: false, field: "from", error: expect.stringMatching(/between 1800 and 2200/) });
    expect(parseYears("", "2201")).toMatchObject({ ok: false, field: "to", error: expect.stringMatching(/between 1800 and 2200/) });
    expect(parseYears("1999", "1990")).toMatchObject({ ok: false, field: "to", error: expect.stringMatching(/after/) });
  });

  it("sends only the bounds that are set, and names the range", () => {
    expect(yearParams({ from: null, to: null })).toEqual({});
    expect(yearParams({ from: 1990, to: 1999 })).toEqual({ yearFrom: 1990, yearTo: 1999 });
    expect(yearParams({ from: null, to: 1979 })).toEqual({ yearTo: 1979 });
    expect(describeYears({ from: 1990, to: 1999 })).toBe("1990–1999");
    expect(describeYears({ from: 2000, to: null })).toBe("since 2000");
    expect(describeYears({ from: null, to: 1979 })).toBe("up to 1979");
    expect(describeYears({ from: null, to: null })).toBe("");
  });
});
