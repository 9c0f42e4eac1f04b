/**
 * The top of a movie's page: poster, title, year, genres, how MovieLens rated it, the user's
 * own rating (the same half-star control and app state as everywhere else) and IMDb.
 */
import { Link } from "react-router";
import type { MovieDetail } from "../api/client";
import { imdbUrl, toRef } from "../api/movies";
import { RECOMMENDATIONS_PATH } from "../paths";
import { useStore } from "../state/context";
import { RATINGS_FOR_RECOMMENDATIONS } from "../state/rating";
import { ratedList, ratingOf } from "../state/store";
import { Poster } from "./Poster";
import { MovieRating, RemoveRating } from "./MovieRating";

export function MovieDetails({ movie }: { movie: MovieDetail }) {
  const imdb = imdbUrl(movie.imdbId);
  return (
    <section className="movie" aria-labelledby="movie-heading" data-movie-id={movie.movieId}>
      <div className="movie__poster">
        <Poster title={movie.title} year={movie.year} url={movie.poster} />
      </div>
      <div className="movie__head">
        <h1 id="movie-heading">
          {movie.title}
          {/* The space outside the span: some name computations trim inside it. */}
          {movie.year !== null && (
            <>
              {" "}
              <span className="movie__year">({movie.year})</span>
            </>
          )}
        </h1>
        {movie.genres.length > 0 && (
          <ul className="tags" aria-label="Genres">
            {movie.genres.map((genre) => (
              <li key={genre} className="tag">
                {genre}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="movie__body">
        <Stats ratingCount={movie.ratingCount} meanRating={movie.meanRating} />
        <YourRating movie={movie} />
        {imdb && (
          <a className="btn btn--ghost btn--small movie__imdb" href={imdb} target="_blank" rel="noopener noreferrer">
            IMDb page <span aria-hidden="true">↗</span>
            <span className="sr-only"> (opens in a new tab)</span>
          </a>
        )}
      </div>
    </section>
  );
}

function Stats({ ratingCount, meanRating }: { ratingCount: number; meanRating: number | null }) {
  if (meanRating === null || ratingCount === 0) {
    return <p className="muted">No ratings in the MovieLens data set yet.</p>;
  }
  return (
    <dl className="stats">
      <div className="stats__item">
        <dt>MovieLens average</dt>
        <dd>
          <span className="stats__star" aria-hidden="true">★</span> {meanRating.toFixed(1)}
          <span className="muted"> / 5</span>
        </dd>
      </div>
      <div className="stats__item">
        <dt>MovieLens ratings</dt>
        <dd>{ratingCount.toLocaleString("en-US")}</dd>
      </div>
    </dl>
  );
}

function YourRating({ movie }: { movie: MovieDetail }) {
  const [state, dispatch] = useStore();
  const value = ratingOf(state, movie.movieId);
  const ready = ratedList(state).length >= RATINGS_FOR_RECOMMENDATIONS;
  return (
    <div className="yours" role="group" aria-labelledby="yours-heading">
      <h2 id="yours-heading">Your rating</h2>
      <div className="yours__control">
        <MovieRating movie={toRef(movie)} value={value} dispatch={dispatch} />
        {value !== null && <RemoveRating movie={movie} dispatch={dispatch} />}
      </div>
      <p className="muted yours__hint">
        {value === null ? "Seen it? Rate it and your recommendations take it into account." : "Saved. It counts in your recommendations."}
        {value !== null && ready && (
          <>
            {" "}
            <Link to={RECOMMENDATIONS_PATH}>See them →</Link>
          </>
        )}
      </p>
    </div>
  );
}

/** The same boxes as MovieDetails, shimmering: nothing moves when the movie arrives. */
export function MovieDetailsSkeleton() {
  return (
    <div className="movie movie--skeleton" role="status" aria-label="Loading the movie">
      <div className="movie__poster">
        <div className="poster skeleton" />
      </div>
      <div className="movie__head">
        <div className="skeleton skeleton--title" />
        <div className="skeleton skeleton--line skeleton--short" />
      </div>
      <div className="movie__body">
        <div className="skeleton skeleton--block" />
        <div className="skeleton skeleton--line skeleton--stars" />
      </div>
    </div>
  );
}
