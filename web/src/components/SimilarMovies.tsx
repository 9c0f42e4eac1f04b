/**
 * Movies like this one, as cards that lead to their own pages, and where they come from: the
 * collaborative model ("people who liked this also liked…"), or, while it is away, popular
 * movies sharing the genres. A partial answer says what is missing.
 */
import type { MovieDetail } from "../api/client";
import { toRef } from "../api/movies";
import { useStore } from "../state/context";
import { ratingOf } from "../state/store";
import { Notice, ProblemList } from "./Feedback";
import { MovieCard, SkeletonGrid } from "./MovieCard";
import { MovieRating } from "./MovieRating";

/** Two full rows of the widest grid (six columns), and six of a phone's two. */
export const SIMILAR_COUNT = 12;

const SOURCES: Record<MovieDetail["similarSource"], { title: string; about: string }> = {
  collab: {
    title: "People who liked this also liked…",
    about: "From the collaborative filtering model, learnt from how MovieLens users rated.",
  },
  genres: {
    title: "Same genres",
    about: "The collaborative model is not answering right now, so these are well-liked movies that share this one’s genres.",
  },
};

export function SimilarMovies({ movie }: { movie: MovieDetail }) {
  const [state, dispatch] = useStore();
  const source = SOURCES[movie.similarSource];
  return (
    <section className="section" aria-labelledby="similar-heading" data-similar-source={movie.similarSource}>
      <div className="section__head">
        <h2 id="similar-heading">{source.title}</h2>
        <p className="muted">{source.about}</p>
      </div>
      {movie.degraded && (
        <Notice kind="warning" title="Partial answer: part of movierec is not responding right now.">
          <ProblemList problems={movie.problems} />
        </Notice>
      )}
      {movie.similar.length === 0 ? (
        <p className="muted">No similar movies found.</p>
      ) : (
        <ul className="grid" aria-label="Similar movies">
          {movie.similar.map((similar) => {
            const value = ratingOf(state, similar.movieId);
            const ref = toRef(similar);
            return (
              <li key={similar.movieId}>
                <MovieCard movie={ref} highlight={value !== null}>
                  <MovieRating movie={ref} value={value} dispatch={dispatch} />
                </MovieCard>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** The section's boxes while the movie loads: a heading line, then a grid of card skeletons. */
export function SimilarMoviesSkeleton() {
  return (
    <section className="section">
      <div className="section__head">
        <div className="skeleton skeleton--heading" />
      </div>
      <SkeletonGrid count={SIMILAR_COUNT} label="Loading similar movies" />
    </section>
  );
}
