/** The K-Means taste cluster the user landed in: how sure, how big, what it loves. */
import type { Cluster } from "../api/client";
import { MovieLink } from "./MovieLink";

const percent = (x: number) => `${Math.round(x * 100)}%`;

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
          <ul className="bars">
            {cluster.topGenres.slice(0, 5).map((g) => (
              <li key={g.genre}>
                <span className="bars__label">{g.genre}</span>
                <span className="bars__track" aria-hidden="true">
                  <span className="bars__fill" style={{ width: percent(Math.min(1, g.share)) }} />
                </span>
                <span className="bars__value">{percent(g.share)}</span>
              </li>
            ))}
          </ul>
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
