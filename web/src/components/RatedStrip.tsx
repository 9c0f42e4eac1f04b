/** "Your ratings": everything rated so far (it survives reloads), to change or remove. */
import type { Action, AppState } from "../state/store";
import { ratedList } from "../state/store";
import { MovieLink, PosterLink } from "./MovieLink";
import { MovieRating, RemoveRating } from "./MovieRating";

export function RatedStrip({ state, dispatch }: { state: AppState; dispatch: (a: Action) => void }) {
  const rated = ratedList(state);
  if (rated.length === 0) return null;
  return (
    <section className="section" aria-labelledby="rated-heading">
      <div className="section__head">
        <h2 id="rated-heading">Your ratings</h2>
        <p className="muted">{rated.length} so far. Change one any time.</p>
      </div>
      <ul className="rated" aria-label="Your ratings">
        {rated.map((movie) => (
          <li key={movie.movieId} className="rated__item" data-movie-id={movie.movieId}>
            <PosterLink movieId={movie.movieId} title={movie.title} year={movie.year} url={movie.poster} size="sm" />
            <div className="rated__text">
              <MovieLink movieId={movie.movieId} title={movie.title}>
                <strong>{movie.title}</strong>
              </MovieLink>
              <MovieRating movie={movie} value={movie.rating} dispatch={dispatch} size="sm" />
              <RemoveRating movie={movie} dispatch={dispatch} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
