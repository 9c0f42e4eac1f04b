/**
 * Find any movie by title and rate it right there (results as you type, debounced). The
 * settled query lives in the URL (`/?q=matrix`), so back from a result's page finds the search
 * as it was, and a search can be linked.
 */
import { useEffect, useId, useState } from "react";
import { useSearchParams } from "react-router";
import { useApi } from "../api/context";
import { toRef } from "../api/movies";
import { useDebounced } from "../hooks/useDebounced";
import { useRemote } from "../hooks/useRemote";
import type { Action, AppState } from "../state/store";
import { ratingOf } from "../state/store";
import { ErrorBox } from "./Feedback";
import { MovieLink, PosterLink } from "./MovieLink";
import { MovieRating } from "./MovieRating";

const SEARCH_LIMIT = 8;

interface Props {
  state: AppState;
  dispatch: (action: Action) => void;
  debounceMs?: number;
}

export function Search({ state, dispatch, debounceMs = 250 }: Props) {
  const api = useApi();
  const inputId = useId();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(() => params.get("q") ?? "");
  const query = useDebounced(text.trim(), debounceMs);
  const inUrl = params.get("q") ?? "";
  useEffect(() => {
    if (query === inUrl) return;
    // Replace, not push: typing is not a trail of pages to go back through; and stay in place.
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (query) next.set("q", query);
        else next.delete("q");
        return next;
      },
      { replace: true, preventScrollReset: true },
    );
    // Only a new settled query writes the URL; `inUrl` is read, not followed.
  }, [query]);
  useEffect(() => {
    // The URL changed under the box (the Rate tab, back or forward on this screen): follow it.
    if (inUrl !== query) setText(inUrl);
  }, [inUrl]);
  const results = useRemote(query.length >= 2 ? query : null, (signal) =>
    api.search(query, SEARCH_LIMIT, signal),
  );
  const items = results.data?.items ?? [];

  return (
    <section className="search" aria-label="Search movies">
      <label htmlFor={inputId} className="search__label">
        Looking for something else?
      </label>
      <div className="search__box">
        <svg className="search__icon" viewBox="0 0 24 24" aria-hidden="true">
          <circle cx="11" cy="11" r="7" />
          <path d="M20 20l-4-4" />
        </svg>
        <input
          id={inputId}
          type="search"
          placeholder="Search any movie, e.g. “matrix” or “amelie 2001”"
          autoComplete="off"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      {results.status === "error" && (
        <ErrorBox title="Search failed" message={results.error ?? ""} onRetry={results.retry} />
      )}
      {results.status === "ok" && items.length === 0 && (
        <p className="muted search__empty">No movie matches “{results.data?.query ?? query}”.</p>
      )}
      {items.length > 0 && (
        <ul className={`search__results${results.refreshing ? " is-refreshing" : ""}`} aria-label="Search results">
          {items.map((movie) => {
            const value = ratingOf(state, movie.movieId);
            return (
              <li key={movie.movieId} className="result" data-movie-id={movie.movieId}>
                <PosterLink
                  movieId={movie.movieId}
                  title={movie.title}
                  year={movie.year ?? null}
                  url={movie.poster ?? null}
                  size="sm"
                />
                <div className="result__text">
                  <MovieLink movieId={movie.movieId}>
                    <strong>{movie.title}</strong>
                  </MovieLink>
                  <span className="muted">
                    {movie.year ?? "Year unknown"}
                    {movie.genres.length > 0 && ` · ${movie.genres.slice(0, 3).join(", ")}`}
                  </span>
                </div>
                <MovieRating movie={toRef(movie)} value={value} dispatch={dispatch} size="sm" />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
