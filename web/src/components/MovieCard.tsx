/**
 * One movie as a card: poster, title, year, genres, then whatever actions the screen adds.
 * Poster and title link to the movie's page; the actions sit outside the links.
 */
import type { ReactNode } from "react";
import type { MovieRef } from "../state/store";
import { MovieLink, PosterLink } from "./MovieLink";

interface Props {
  movie: MovieRef;
  children?: ReactNode;
  /** A line under the title, e.g. "Because you rated Alien". */
  note?: ReactNode;
  highlight?: boolean;
}

export function MovieCard({ movie, children, note, highlight = false }: Props) {
  const headingId = `movie-${movie.movieId}-title`;
  return (
    <article
      className={`card${highlight ? " card--rated" : ""}`}
      aria-labelledby={headingId}
      data-movie-id={movie.movieId}
    >
      <PosterLink movieId={movie.movieId} title={movie.title} year={movie.year} url={movie.poster} />
      <div className="card__body">
        <h3 className="card__title" id={headingId} title={movie.title}>
          <MovieLink movieId={movie.movieId}>{movie.title}</MovieLink>
        </h3>
        <p className="card__meta">
          {movie.year ?? "Year unknown"}
          {movie.genres.length > 0 && <> · {movie.genres.slice(0, 3).join(", ")}</>}
        </p>
        {note && <p className="card__note">{note}</p>}
        {children && <div className="card__actions">{children}</div>}
      </div>
    </article>
  );
}

/** A card-shaped placeholder with the same box sizes, shown while a list loads. */
export function SkeletonCard() {
  return (
    <div className="card card--skeleton" aria-hidden="true">
      <div className="poster skeleton" />
      <div className="card__body">
        <div className="skeleton skeleton--line" />
        <div className="skeleton skeleton--line skeleton--short" />
        <div className="skeleton skeleton--line skeleton--stars" />
      </div>
    </div>
  );
}

export function SkeletonGrid({ count, label }: { count: number; label: string }) {
  return (
    <div className="grid" role="status" aria-live="polite" aria-label={label}>
      {Array.from({ length: count }, (_, i) => (
        <SkeletonCard key={i} />
      ))}
    </div>
  );
}
