/**
 * The rating screen's grid: well-known movies to rate or skip, and more on request. The list
 * grows ("More movies" appends); skipped movies leave it, rated ones stay, marked.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
import type { Movie } from "../api/client";
import { useApi } from "../api/context";
import { toRef } from "../api/movies";
import type { Action, AppState } from "../state/store";
import { ratingOf } from "../state/store";
import { ErrorBox, Notice } from "./Feedback";
import { MovieCard, SkeletonGrid } from "./MovieCard";
import { MovieRating } from "./MovieRating";

export const ONBOARDING_BATCH = 12;

/**
 * What the grid showed, kept by the app shell while the rating screen is away (on a movie's
 * page, say): back on it, the reader finds the same movies where they left them, not a new
 * random set, and the browser's scroll position still fits the page.
 */
export interface OnboardingMemory {
  movies: Movie[];
  problems: string[];
}
export const OnboardingMemoryContext = createContext<OnboardingMemory | null>(null);
export const newOnboardingMemory = (): OnboardingMemory => ({ movies: [], problems: [] });

interface Props {
  state: AppState;
  dispatch: (action: Action) => void;
}

export function Onboarding({ state, dispatch }: Props) {
  const api = useApi();
  const own = useRef(newOnboardingMemory());
  const memory = useContext(OnboardingMemoryContext) ?? own.current;
  const remembered = memory.movies.length > 0;
  const [movies, setMovies] = useState<Movie[]>(memory.movies);
  const [status, setStatus] = useState<"loading" | "ok" | "error">(remembered ? "ok" : "loading");
  const [error, setError] = useState<string | null>(null);
  const [batch, setBatch] = useState(0);
  const [problems, setProblems] = useState<string[]>(memory.problems);

  useEffect(() => {
    memory.movies = movies;
    memory.problems = problems;
  }, [memory, movies, problems]);

  useEffect(() => {
    if (batch === 0 && remembered) return; // the first batch is the remembered one
    const controller = new AbortController();
    setStatus("loading");
    api.onboarding(ONBOARDING_BATCH, undefined, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        setProblems(page.degraded ? page.problems.map((p) => p.message) : []);
        setMovies((known) => {
          const have = new Set(known.map((m) => m.movieId));
          return [...known, ...page.items.filter((m) => !have.has(m.movieId))];
        });
        setStatus("ok");
      },
      (cause: unknown) => {
        if (controller.signal.aborted) return;
        setError(cause instanceof Error ? cause.message : String(cause));
        setStatus("error");
      },
    );
    return () => controller.abort();
    // `remembered` only matters for the first batch, as the screen mounts.
  }, [api, batch]);

  const more = useCallback(() => setBatch((n) => n + 1), []);
  const skipped = new Set(state.skipped);
  const shown = movies.filter((m) => !skipped.has(m.movieId));
  const firstLoad = status === "loading" && movies.length === 0;

  return (
    <section className="section" aria-labelledby="onboarding-heading">
      <div className="section__head">
        <h2 id="onboarding-heading">Movies you may have seen</h2>
        <p className="muted">Rate the ones you know — half stars welcome. Skip the rest.</p>
      </div>
      {problems.length > 0 && (
        <Notice kind="warning" title="Some posters are missing right now.">
          Titles stand in for them. The poster service said: {problems.join(" ")}
        </Notice>
      )}
      {firstLoad && <SkeletonGrid count={ONBOARDING_BATCH} label="Loading movies to rate" />}
      {shown.length > 0 && (
        <ul className="grid" aria-label="Movies to rate">
          {shown.map((movie) => {
            const value = ratingOf(state, movie.movieId);
            return (
              <li key={movie.movieId}>
                <MovieCard movie={toRef(movie)} highlight={value !== null}>
                  <MovieRating movie={toRef(movie)} value={value} dispatch={dispatch} />
                  {value === null && (
                    <button
                      type="button"
                      className="btn btn--ghost btn--small"
                      onClick={() => dispatch({ type: "skip", movieId: movie.movieId })}
                      aria-label={`Haven't seen ${movie.title}`}
                    >
                      Haven’t seen it
                    </button>
                  )}
                </MovieCard>
              </li>
            );
          })}
        </ul>
      )}
      {status === "error" && (
        <ErrorBox title="Couldn’t load movies to rate" message={error ?? ""} onRetry={more} />
      )}
      {status !== "error" && !firstLoad && (
        <div className="section__foot">
          <button type="button" className="btn" onClick={more} disabled={status === "loading"}>
            {status === "loading" ? "Loading…" : "More movies"}
          </button>
        </div>
      )}
    </section>
  );
}
