import { describe, expect, it } from "vitest";
import { initialState, ratedList, ratingOf, reducer, type MovieRef } from "./store";

const toy: MovieRef = { movieId: 1, title: "Toy Story", year: 1995, genres: ["Animation"], poster: null };
const alien: MovieRef = { movieId: 1214, title: "Alien", year: 1979, genres: ["Horror"], poster: null };

describe("reducer", () => {
  it("records a rating with what the page needs to show the movie", () => {
    const state = reducer(initialState, { type: "rate", movie: toy, rating: 4.5 });
    expect(ratingOf(state, 1)).toBe(4.5);
    expect(ratedList(state)).toEqual([{ ...toy, rating: 4.5 }]);
  });

  it("refuses ratings off the half-star grid", () => {
    for (const rating of [0, 0.25, 5.5, 3.3, Number.NaN]) {
      expect(reducer(initialState, { type: "rate", movie: toy, rating })).toBe(initialState);
    }
  });

  it("changes and removes ratings", () => {
    let state = reducer(initialState, { type: "rate", movie: toy, rating: 2 });
    state = reducer(state, { type: "rate", movie: toy, rating: 3.5 });
    expect(ratingOf(state, 1)).toBe(3.5);
    state = reducer(state, { type: "unrate", movieId: 1 });
    expect(ratingOf(state, 1)).toBeNull();
    expect(ratedList(state)).toEqual([]);
  });

  it("skips and seen marks are kept once, and rating a movie clears them", () => {
    let state = reducer(initialState, { type: "skip", movieId: 1 });
    state = reducer(state, { type: "skip", movieId: 1 });
    state = reducer(state, { type: "seen", movieId: 1214 });
    expect(state.skipped).toEqual([1]);
    expect(state.seen).toEqual([1214]);
    state = reducer(state, { type: "rate", movie: toy, rating: 4 });
    state = reducer(state, { type: "rate", movie: alien, rating: 5 });
    expect(state.skipped).toEqual([]);
    expect(state.seen).toEqual([]);
  });

  it("reset forgets ratings and marks but keeps the chosen algorithm and years", () => {
    let state = reducer(initialState, { type: "algorithm", algorithm: "both" });
    state = reducer(state, { type: "years", years: { from: 1990, to: 1999 } });
    state = reducer(state, { type: "rate", movie: toy, rating: 4 });
    state = reducer(state, { type: "skip", movieId: 7 });
    state = reducer(state, { type: "reset" });
    expect(state).toEqual({ ...initialState, algorithm: "both", years: { from: 1990, to: 1999 } });
  });

  it("refuses a year range the API would refuse", () => {
    for (const years of [{ from: 1999, to: 1990 }, { from: 1700, to: null }, { from: null, to: 1990.5 }]) {
      expect(reducer(initialState, { type: "years", years })).toBe(initialState);
    }
  });
});
