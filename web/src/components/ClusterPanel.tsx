/** The K-Means taste cluster the user landed in: how sure, how big, what it loves. */
import type { Cluster } from "../api/client";
import { GenreBars, percent } from "./GenreBars";
import { MovieLink } from "./MovieLink";

export function ClusterPanel({ cluster }: { cluster: Cluster }) {
  return (
    <aside className="cluster" aria-labelledby="cluster-heading">
      <div className="cluster__head">
        <h3 id="cluster-heading">Your taste cluster #{cluster.id}</h3>
        <p className="muted">
          {percent(cluster.weight)} match
          {cluster.size != null && <> · {cluster.size.toLocaleString()} people like you</>}
        </p>
      </div>
      {cluster.topGenres.length > 0 && (
        <div>
          <h4>Top genres</h4>
          <GenreBars genres={cluster.topGenres} />
        </div>
      )}
      {cluster.signature.length > 0 && (
        <div>
          <h4>Signature movies</h4>
          <ul className="chips">
            {cluster.signature.slice(0, 6).map((m) => (
              <li key={m.movieId}>
                <MovieLink movieId={m.movieId} className="chip" title={`${m.lift.toFixed(1)}× more popular here`}>
                  {m.title}
                </MovieLink>
              </li>
            ))}
          </ul>
        </div>
      )}
    </aside>
  );
}
