/**
 * The recommendations screen. Ratings and "seen" marks settle for a moment before a new request
 * goes out, so several quick ratings make one request; the previous list stays on screen until
 * the new one arrives. Partial answers (fallback, a backend down) are said, not hidden.
 */
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { RecommendationResponse, RecommendedMovie } from "../api/client";
import { useApi } from "../api/context";
import { toRef } from "../api/movies";
import { useDebounced } from "../hooks/useDebounced";
import { useRemote } from "../hooks/useRemote";
import { RATE_PATH } from "../paths";
import { RATINGS_FOR_RECOMMENDATIONS } from "../state/rating";
import type { Action, Algorithm, AppState } from "../state/store";
import { ratedList, ratingOf } from "../state/store";
import { describeYears, isAnyYear, yearParams } from "../state/years";
import { AlgorithmSwitch } from "./AlgorithmSwitch";
import { ClusterPanel } from "./ClusterPanel";
import { ErrorBox, Notice, ProblemList } from "./Feedback";
import { MovieCard, SkeletonGrid } from "./MovieCard";
import { MovieRating } from "./MovieRating";
import { YearFilter } from "./YearFilter";

export const RECOMMENDATION_LIMIT = 20;

interface Props {
  state: AppState;
  dispatch: (action: Action) => void;
  debounceMs?: number;
}

interface Inputs {
  ratings: { movieId: number; rating: number }[];
  exclude: number[];
}

export function Recommendations({ state, dispatch, debounceMs = 600 }: Props) {
  const api = useApi();
  const rated = ratedList(state);
  const enough = rated.length >= RATINGS_FOR_RECOMMENDATIONS;
  const inputs = JSON.stringify({
    ratings: rated.map(({ movieId, rating }) => ({ movieId, rating })),
    exclude: state.seen,
  } satisfies Inputs);
  const settled = useDebounced(inputs, debounceMs);
  const { algorithm, years } = state;
  // The years are a deliberate choice (a preset, Enter): asked for at once, not debounced.
  const yearKey = `${years.from ?? ""}-${years.to ?? ""}`;
  const remote = useRemote(enough ? `${algorithm}|${yearKey}|${settled}` : null, (signal) => {
    const { ratings, exclude } = JSON.parse(settled) as Inputs;
    return api.recommend(
      { ratings, algorithm, limit: RECOMMENDATION_LIMIT, exclude: exclude.length ? exclude : null, ...yearParams(years) },
      signal,
    );
  });

  const head = (
    <div className="recs__head">
      <div>
        <h2 id="recs-heading">Recommended for you</h2>
        <p className="muted">
          From your {rated.length} rating{rated.length === 1 ? "" : "s"}. Rate or mark a movie as seen
          and the list updates.
        </p>
      </div>
      <div className="recs__controls">
        <AlgorithmSwitch value={algorithm} onChange={(a) => dispatch({ type: "algorithm", algorithm: a })} />
        <YearFilter value={years} onChange={(y) => dispatch({ type: "years", years: y })} />
      </div>
    </div>
  );

  if (!enough) {
    return (
      <section className="section recs" aria-labelledby="recs-heading">
        {head}
        <div className="empty">
          <p>
            Rate at least {RATINGS_FOR_RECOMMENDATIONS} movies to get recommendations —{" "}
            {RATINGS_FOR_RECOMMENDATIONS - rated.length} to go.
          </p>
          <Link className="btn btn--primary" to={RATE_PATH}>
            Rate movies
          </Link>
        </div>
      </section>
    );
  }

  const data = remote.data;
  return (
    <section className="section recs" aria-labelledby="recs-heading" aria-busy={remote.status === "loading" || remote.refreshing}>
      {head}
      {remote.refreshing && (
        <p className="updating" role="status">
          <span className="spinner" aria-hidden="true" /> Updating your recommendations…
        </p>
      )}
      {remote.status === "loading" && (
        <SkeletonGrid count={algorithm === "both" ? 8 : 10} label="Loading recommendations" />
      )}
      {remote.status === "error" && (
        <ErrorBox title="Couldn’t get recommendations" message={remote.error ?? ""} onRetry={remote.retry} />
      )}
      {data && <Answer data={data} state={state} dispatch={dispatch} />}
    </section>
  );
}

function Answer({ data, state, dispatch }: { data: RecommendationResponse; state: AppState; dispatch: (a: Action) => void }) {
  const seen = new Set(state.seen);
  const visible = (items: RecommendedMovie[]) => items.filter((m) => !seen.has(m.movieId));
  return (
    <>
      <Notices data={data} />
      {data.algorithm === "both" ? (
        <div className="compare">
          <Column title="Collaborative filtering" algorithm="collab" data={data}>
            {data.results.collab ? (
              <Grid items={visible(data.results.collab.items)} state={state} dispatch={dispatch} />
            ) : (
              <Notice kind="warning" title="Collaborative filtering did not answer this time." />
            )}
          </Column>
          <Column title="K-Means clusters" algorithm="kmeans" data={data}>
            {data.results.kmeans?.cluster && <ClusterPanel cluster={data.results.kmeans.cluster} />}
            {data.results.kmeans ? (
              <Grid items={visible(data.results.kmeans.items)} state={state} dispatch={dispatch} />
            ) : (
              <Notice kind="warning" title="K-Means did not answer this time." />
            )}
          </Column>
        </div>
      ) : (
        <>
          {data.algorithm === "kmeans" && data.results.kmeans?.cluster && (
            <ClusterPanel cluster={data.results.kmeans.cluster} />
          )}
          <Grid items={visible(data.items)} state={state} dispatch={dispatch} />
          <ModelLine data={data} algorithm={data.algorithm} />
        </>
      )}
    </>
  );
}

function Notices({ data }: { data: RecommendationResponse }) {
  return (
    <div className="notices">
      {data.degraded && (
        <Notice kind="warning" title="Partial answer: part of movierec is not responding right now.">
          <ProblemList problems={data.problems} />
        </Notice>
      )}
      {data.fallback && (
        <Notice kind="info" title="Showing popular movies for now.">
          {data.degraded
            ? "These are not personal picks: the recommender that would make them is away."
            : "Your ratings did not give the model enough to go on. Rate a few more movies to make these personal."}
        </Notice>
      )}
      {data.ignored.length > 0 && (
        <Notice kind="info" title={`${data.ignored.length} rating(s) could not be used.`}>
          {data.ignored.map((i) => `movie ${i.movieId}: ${i.reason}`).join("; ")}
        </Notice>
      )}
    </div>
  );
}

function Column(props: { title: string; algorithm: Exclude<Algorithm, "both">; data: RecommendationResponse; children: ReactNode }) {
  const part = props.data.results[props.algorithm];
  return (
    <section className="compare__column" aria-label={props.title}>
      <h3 className="compare__title">
        {props.title}
        {part?.fallback && <span className="badge">popular picks</span>}
      </h3>
      {props.children}
      <ModelLine data={props.data} algorithm={props.algorithm} />
    </section>
  );
}

function ModelLine({ data, algorithm }: { data: RecommendationResponse; algorithm: Algorithm }) {
  const parts = algorithm === "both" ? (["collab", "kmeans"] as const) : [algorithm];
  const models = parts.flatMap((p) => {
    const result = data.results[p];
    return result ? [`${result.model.name} ${result.model.version.slice(0, 7)}`] : [];
  });
  if (models.length === 0) return null;
  return <p className="modelline">Model: {models.join(" + ")}</p>;
}

function Grid({ items, state, dispatch }: { items: RecommendedMovie[]; state: AppState; dispatch: (a: Action) => void }) {
  if (items.length === 0) {
    return isAnyYear(state.years) ? (
      <p className="muted">Nothing left to recommend here — try another algorithm.</p>
    ) : (
      <p className="muted">Nothing to recommend from {describeYears(state.years)} — try a wider range of years.</p>
    );
  }
  return (
    <ul className="grid" aria-label="Recommended movies">
      {items.map((movie) => {
        const value = ratingOf(state, movie.movieId);
        const ref = toRef(movie);
        return (
          <li key={movie.movieId}>
            <MovieCard movie={ref} highlight={value !== null} note={movie.reasons[0] ?? null}>
              <MovieRating movie={ref} value={value} dispatch={dispatch} />
              {value === null ? (
                <button
                  type="button"
                  className="btn btn--ghost btn--small"
                  onClick={() => dispatch({ type: "seen", movieId: movie.movieId })}
                  aria-label={`Seen ${movie.title}, don't recommend it`}
                >
                  Seen it
                </button>
              ) : (
                <span className="card__flag">Rated · list updating</span>
              )}
            </MovieCard>
          </li>
        );
      })}
    </ul>
  );
}
