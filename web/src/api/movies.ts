/** API movies to the page's MovieRef (what ratings remember about a movie), and their labels. */
import type { MovieRef } from "../state/store";
import type { Movie } from "./client";

export function toRef(movie: Movie): MovieRef {
  return {
    movieId: movie.movieId,
    title: movie.title,
    year: movie.year ?? null,
    genres: movie.genres,
    poster: movie.poster ?? null,
  };
}

/** "Toy Story (1995)", or the bare title when the year is unknown. */
export function titleWithYear(movie: { title: string; year?: number | null }): string {
  return movie.year ? `${movie.title} (${movie.year})` : movie.title;
}

/**
 * The movie's IMDb page. The API gives ids as "tt0114709"; a bare number (links.csv's own
 * form) is padded the way IMDb writes it, to at least seven digits. Anything else: no link.
 */
export function imdbUrl(imdbId: string | null | undefined): string | null {
  const digits = imdbId?.trim().match(/^(?:tt)?(\d{1,10})$/)?.[1];
  return digits ? `https://www.imdb.com/title/tt${digits.padStart(7, "0")}/` : null;
}
