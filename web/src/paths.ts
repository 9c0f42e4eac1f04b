/** The app's URLs, in one place: links build them here, the router matches them in App.tsx. */
import { generatePath } from "react-router";

export const RATE_PATH = "/";
export const RECOMMENDATIONS_PATH = "/recommendations";
export const CLUSTERS_PATH = "/clusters";
export const MOVIE_PATH = "/movies/:movieId";

export const moviePath = (movieId: number): string => generatePath(MOVIE_PATH, { movieId: String(movieId) });

/** The `:movieId` of a movie URL as a number, or null for anything that is not a movie id. */
export function parseMovieId(raw: string | undefined): number | null {
  if (!raw || !/^[1-9]\d*$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}

/**
 * Where an old hash link points now. The app used to switch screens by the hash (`#/rate`,
 * `#/recommendations`), so bookmarks like `/#/recommendations` still exist; other hashes are
 * not ours to touch.
 */
export function legacyHashPath(hash: string): string | null {
  if (hash.startsWith("#/recommendations")) return RECOMMENDATIONS_PATH;
  if (hash === "#/" || hash.startsWith("#/rate")) return RATE_PATH;
  return null;
}
