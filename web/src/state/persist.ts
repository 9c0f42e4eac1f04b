/**
 * localStorage persistence. What comes back is checked entry by entry: a stale or hand-edited
 * value must never break the page, so anything malformed is dropped, not trusted.
 */
import { isValidRating } from "./rating";
import { isRange, type YearRange } from "./years";
import { ALGORITHMS, initialState, type Algorithm, type AppState, type RatedMovie } from "./store";

export const STORAGE_KEY = "movierec:v1";

const isId = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v > 0;

function ratedMovie(value: unknown): RatedMovie | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  if (!isId(v.movieId) || !isValidRating(v.rating) || typeof v.title !== "string") return null;
  return {
    movieId: v.movieId,
    rating: v.rating,
    title: v.title,
    year: typeof v.year === "number" ? v.year : null,
    genres: Array.isArray(v.genres) ? v.genres.filter((g) => typeof g === "string") : [],
    poster: typeof v.poster === "string" ? v.poster : null,
  };
}

/** A stored year range, or any year when it is missing, malformed or reversed. */
function yearRange(value: unknown): YearRange {
  if (typeof value !== "object" || value === null) return initialState.years;
  const v = value as Record<string, unknown>;
  const range = { from: v.from ?? null, to: v.to ?? null } as YearRange;
  return isRange(range) ? range : initialState.years;
}

const ids = (value: unknown): number[] => (Array.isArray(value) ? value.filter(isId) : []);

/** Parse a stored state; anything unreadable gives the initial state. */
export function parseState(raw: string | null): AppState {
  if (!raw) return initialState;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return initialState;
  }
  if (typeof data !== "object" || data === null) return initialState;
  const d = data as Record<string, unknown>;
  const ratings: Record<string, RatedMovie> = {};
  if (typeof d.ratings === "object" && d.ratings !== null) {
    for (const value of Object.values(d.ratings)) {
      const movie = ratedMovie(value);
      if (movie) ratings[movie.movieId] = movie;
    }
  }
  const algorithm = ALGORITHMS.includes(d.algorithm as Algorithm)
    ? (d.algorithm as Algorithm)
    : initialState.algorithm;
  return { ratings, skipped: ids(d.skipped), seen: ids(d.seen), algorithm, years: yearRange(d.years) };
}

export function loadState(storage: Storage): AppState {
  try {
    return parseState(storage.getItem(STORAGE_KEY));
  } catch {
    return initialState; // storage disabled (private mode, blocked cookies)
  }
}

export function saveState(storage: Storage, state: AppState): void {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch {
    // Quota or disabled storage: the session still works, it just is not remembered.
  }
}
