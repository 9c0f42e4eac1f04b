/**
 * Everything the user told us, kept in the browser: an anonymous user is just this state,
 * sent along with each recommendation request (no account, nothing stored server-side).
 */
import { isValidRating } from "./rating";
import { ANY_YEAR, isRange, type YearRange } from "./years";

export type Algorithm = "collab" | "kmeans" | "both";
export const ALGORITHMS: readonly Algorithm[] = ["collab", "kmeans", "both"];

/** What the page needs to show a movie the user rated, without asking the API again. */
export interface MovieRef {
  movieId: number;
  title: string;
  year: number | null;
  genres: string[];
  poster: string | null;
}

export interface RatedMovie extends MovieRef {
  rating: number;
}

export interface AppState {
  /** Ratings by movie id, in the order they were given. */
  ratings: Record<string, RatedMovie>;
  /** "Haven't seen it" on the rating screen: not offered again. */
  skipped: number[];
  /** "Seen it" on a recommendation: never recommended again. */
  seen: number[];
  algorithm: Algorithm;
  /** Release years the recommendations are limited to (any algorithm); both null = any year. */
  years: YearRange;
}

export type Action =
  | { type: "rate"; movie: MovieRef; rating: number }
  | { type: "unrate"; movieId: number }
  | { type: "skip"; movieId: number }
  | { type: "seen"; movieId: number }
  | { type: "algorithm"; algorithm: Algorithm }
  | { type: "years"; years: YearRange }
  | { type: "reset" };

export const initialState: AppState = { ratings: {}, skipped: [], seen: [], algorithm: "collab", years: ANY_YEAR };

const without = (ids: number[], id: number): number[] => ids.filter((x) => x !== id);
const withId = (ids: number[], id: number): number[] => (ids.includes(id) ? ids : [...ids, id]);

export function reducer(state: AppState, action: Action): AppState {
  switch (action.type) {
    case "rate": {
      if (!isValidRating(action.rating)) return state;
      const { movieId } = action.movie;
      const movie: RatedMovie = { ...action.movie, rating: action.rating };
      return {
        ...state,
        ratings: { ...state.ratings, [movieId]: movie },
        skipped: without(state.skipped, movieId),
        seen: without(state.seen, movieId),
      };
    }
    case "unrate": {
      const { [action.movieId]: _removed, ...rest } = state.ratings;
      return { ...state, ratings: rest };
    }
    case "skip":
      return { ...state, skipped: withId(state.skipped, action.movieId) };
    case "seen":
      return { ...state, seen: withId(state.seen, action.movieId) };
    case "algorithm":
      return { ...state, algorithm: action.algorithm };
    case "years":
      // The filter component validates what is typed; an impossible range never gets this far.
      return isRange(action.years) ? { ...state, years: action.years } : state;
    case "reset":
      // Ratings and marks are forgotten; how the person likes to look (algorithm, years) stays.
      return { ...initialState, algorithm: state.algorithm, years: state.years };
  }
}

export function ratedList(state: AppState): RatedMovie[] {
  return Object.values(state.ratings);
}

export function ratingOf(state: AppState, movieId: number): number | null {
  return state.ratings[movieId]?.rating ?? null;
}
