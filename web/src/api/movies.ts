/** API movies to the page's MovieRef (what ratings remember about a movie). */
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
