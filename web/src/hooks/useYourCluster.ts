/**
 * Which K-Means cluster the person is closest to, for the clusters page. The app keeps no
 * recommendation answer around between pages (each screen fetches its own), so this asks the
 * recommendations API once with algorithm kmeans and limit 1: the answer's `cluster` is the
 * nearest one, and one movie is the least the API will send along with it. No year filter and no
 * exclusions: the cluster depends on the ratings alone.
 */
import type { Cluster } from "../api/client";
import { useApi } from "../api/context";
import { RATINGS_FOR_RECOMMENDATIONS } from "../state/rating";
import type { RatedMovie } from "../state/store";
import { useRemote } from "./useRemote";

export type YourCluster =
  | { status: "too-few"; missing: number }
  | { status: "loading" }
  | { status: "found"; cluster: Cluster }
  /** kmeans did not say (down, or the ratings told it nothing): the clusters still show. */
  | { status: "unknown" };

export function useYourCluster(rated: RatedMovie[]): YourCluster {
  const api = useApi();
  const enough = rated.length >= RATINGS_FOR_RECOMMENDATIONS;
  const ratings = rated.map(({ movieId, rating }) => ({ movieId, rating }));
  const remote = useRemote(enough ? JSON.stringify(ratings) : null, (signal) =>
    api.recommend({ ratings, algorithm: "kmeans", limit: 1 }, signal),
  );
  if (!enough) return { status: "too-few", missing: RATINGS_FOR_RECOMMENDATIONS - rated.length };
  if (remote.status === "loading" || remote.status === "idle") return { status: "loading" };
  const kmeans = remote.data?.results.kmeans;
  // A fallback answer (popular movies) names no cluster worth calling the person's own.
  if (!kmeans?.cluster || kmeans.fallback) return { status: "unknown" };
  return { status: "found", cluster: kmeans.cluster };
}
