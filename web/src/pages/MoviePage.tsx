/** `/movies/:movieId`: one movie, the user's rating of it, and movies like it. */
import { Link, useParams } from "react-router";
import { ApiError, type MovieDetail } from "../api/client";
import { useApi } from "../api/context";
import { titleWithYear } from "../api/movies";
import { ErrorBox } from "../components/Feedback";
import { MovieDetails, MovieDetailsSkeleton } from "../components/MovieDetails";
import { SIMILAR_COUNT, SimilarMovies, SimilarMoviesSkeleton } from "../components/SimilarMovies";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { useRemote } from "../hooks/useRemote";
import { parseMovieId, RATE_PATH } from "../paths";

export function MoviePage() {
  const raw = useParams().movieId;
  const movieId = parseMovieId(raw);
  if (movieId === null) return <NoSuchMovie reason={`“${raw ?? ""}” is not a movie id.`} />;
  // A new movie is a new page: its own loading state, not the previous movie left on screen.
  return <Movie key={movieId} movieId={movieId} />;
}

/** The gateway's 404 is an answer here ("no such movie"), not an error to retry. */
type Lookup = { found: true; movie: MovieDetail } | { found: false };

function Movie({ movieId }: { movieId: number }) {
  const api = useApi();
  const remote = useRemote<Lookup>(String(movieId), (signal) =>
    api.movie(movieId, SIMILAR_COUNT, signal).then(
      (movie) => ({ found: true, movie }),
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return { found: false };
        throw error;
      },
    ),
  );
  const lookup = remote.data;
  useDocumentTitle(lookup?.found ? titleWithYear(lookup.movie) : lookup ? "No such movie" : "Movie");

  if (remote.status === "error") {
    return <ErrorBox title="Couldn’t load this movie" message={remote.error ?? ""} onRetry={remote.retry} />;
  }
  if (!lookup) {
    return (
      <>
        <MovieDetailsSkeleton />
        <SimilarMoviesSkeleton />
      </>
    );
  }
  if (!lookup.found) return <NoSuchMovie reason={`There is no movie with id ${movieId} in the catalogue.`} />;
  return (
    <>
      <MovieDetails movie={lookup.movie} />
      <SimilarMovies movie={lookup.movie} />
    </>
  );
}

function NoSuchMovie({ reason }: { reason: string }) {
  useDocumentTitle("No such movie");
  return (
    <section className="missing" aria-labelledby="missing-heading">
      <h1 id="missing-heading">No such movie</h1>
      <p className="muted">{reason} Search for it by title instead.</p>
      <Link className="btn btn--primary" to={RATE_PATH}>
        Search and rate movies
      </Link>
    </section>
  );
}
