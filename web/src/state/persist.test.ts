import { describe, expect, it } from "vitest";
import { loadState, parseState, saveState, STORAGE_KEY } from "./persist";
import { initialState, reducer } from "./store";

describe("persistence", () => {
  it("round-trips the state through localStorage", () => {
    let state = reducer(initialState, {
      type: "rate",
      movie: { movieId: 260, title: "Star Wars", year: 1977, genres: ["Sci-Fi"], poster: "http://x/p.jpg" },
      rating: 5,
    });
    state = reducer(state, { type: "skip", movieId: 3 });
    state = reducer(state, { type: "seen", movieId: 9 });
    state = reducer(state, { type: "algorithm", algorithm: "kmeans" });
    state = reducer(state, { type: "years", years: { from: 1990, to: 1999 } });
    saveState(localStorage, state);
    expect(loadState(localStorage)).toEqual(state);
  });

  it("starts fresh from nothing or from text that is not JSON", () => {
    expect(parseState(null)).toEqual(initialState);
    expect(parseState("{not json")).toEqual(initialState);
    expect(parseState("42")).toEqual(initialState);
  });

  it("drops malformed entries and keeps the good ones", () => {
    const raw = JSON.stringify({
      ratings: {
        "1": { movieId: 1, title: "Toy Story", rating: 4, year: 1995, genres: ["Animation", 3] },
        "2": { movieId: 2, title: "Jumanji", rating: 7 },
        "3": { movieId: 3, title: "Off grid", rating: 3.3 },
        "4": { movieId: -4, title: "Bad id", rating: 3 },
        "5": "nonsense",
      },
      skipped: [5, "6", 7.5, 8],
      seen: "all",
      algorithm: "magic",
      years: { from: 1999, to: 1990 },
    });
    expect(parseState(raw)).toEqual({
      ratings: { "1": { movieId: 1, title: "Toy Story", rating: 4, year: 1995, genres: ["Animation"], poster: null } },
      skipped: [5, 8],
      seen: [],
      algorithm: "collab",
      years: { from: null, to: null },
    });
  });

  it("keeps a stored year range only when the API would take it", () => {
    const years = (value: unknown) => parseState(JSON.stringify({ years: value })).years;
    expect(years({ from: 1990, to: 1999 })).toEqual({ from: 1990, to: 1999 });
    expect(years({ from: 2000 })).toEqual({ from: 2000, to: null });
    expect(years({ to: 1979 })).toEqual({ from: null, to: 1979 });
    for (const bad of [{ from: "1990", to: 1999 }, { from: 1700 }, { to: 2300 }, { from: 1990.5 }, { from: 2000, to: 1990 }, "1990s", null]) {
      expect(years(bad)).toEqual({ from: null, to: null });
    }
  });

  it("survives storage that throws (private mode)", () => {
    const broken = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("quota");
      },
    } as unknown as Storage;
    expect(loadState(broken)).toEqual(initialState);
    expect(() => saveState(broken, initialState)).not.toThrow();
  });

  it("uses a versioned key", () => {
    saveState(localStorage, initialState);
    expect(localStorage.getItem(STORAGE_KEY)).not.toBeNull();
  });
});
