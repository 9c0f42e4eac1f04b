/**
 * One K-Means cluster on the clusters page: how many people, the genres they like, the movies
 * they like far more than everyone else does. The person's own cluster is marked.
 */
import { forwardRef } from "react";
import type { ClusterSummary } from "../api/client";
import { toRef } from "../api/movies";
import { GenreBars, percent } from "./GenreBars";
import { MovieCard, SkeletonCard } from "./MovieCard";

/** "3%", and "<1%" for the one-person clusters a rounded 0% would misdescribe. */
const share = (x: number) => (x > 0 && x < 0.005 ? "<1%" : percent(x));

interface Props {
  cluster: ClusterSummary;
  /** All users of the model, to put the cluster's size in proportion. */
  totalUsers: number;
  yours: boolean;
}

export const ClusterCard = forwardRef<HTMLElement, Props>(function ClusterCard({ cluster, totalUsers, yours }, ref) {
  const headingId = `cluster-${cluster.clusterId}-heading`;
  return (
    <section
      ref={ref}
      className={`clustercard${yours ? " clustercard--yours" : ""}`}
      aria-labelledby={headingId}
      data-cluster-id={cluster.clusterId}
    >
      <div className="clustercard__head">
        <h2 id={headingId}>
          Cluster #{cluster.clusterId}
          {yours && <span className="badge badge--yours">Your cluster</span>}
        </h2>
        <p className="muted clustercard__size">
          <strong>{cluster.size.toLocaleString("en-US")}</strong> {cluster.size === 1 ? "user" : "users"}
          {totalUsers > 0 && <> · {share(cluster.size / totalUsers)} of all</>}
        </p>
      </div>
      <div className="clustercard__genres">
        <h3>Top genres</h3>
        {cluster.topGenres.length > 0 ? (
          <GenreBars genres={cluster.topGenres} label={`Top genres of cluster #${cluster.clusterId}`} />
        ) : (
          <p className="muted">No genre stands out.</p>
        )}
      </div>
      <div className="clustercard__movies">
        <h3>Signature movies</h3>
        {cluster.signatureMovies.length > 0 ? (
          <ul className="grid clustercard__grid" aria-label={`Signature movies of cluster #${cluster.clusterId}`}>
            {cluster.signatureMovies.map((movie) => (
              <li key={movie.movieId}>
                <MovieCard movie={toRef(movie)} note={`${movie.lift.toFixed(1)}× more liked here`} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted clustercard__none">
            No signature movies: nothing is liked here much more than by everyone else.
          </p>
        )}
      </div>
    </section>
  );
});

/** The same boxes as a cluster, while the list loads. */
export function SkeletonCluster({ movies }: { movies: number }) {
  return (
    <div className="clustercard clustercard--skeleton" aria-hidden="true">
      <div className="clustercard__head">
        <div className="skeleton skeleton--heading" />
        <div className="skeleton skeleton--line skeleton--short" />
      </div>
      <div className="clustercard__genres">
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="skeleton skeleton--line" />
        ))}
      </div>
      <div className="clustercard__movies">
        <div className="grid clustercard__grid">
          {Array.from({ length: movies }, (_, i) => (
            <SkeletonCard key={i} />
          ))}
        </div>
      </div>
    </div>
  );
}
