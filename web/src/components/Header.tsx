/** Brand, the three screens, the rating counter and a reset that asks before it forgets. */
import { useState } from "react";
import { Link, NavLink } from "react-router";
import { CLUSTERS_PATH, RATE_PATH, RECOMMENDATIONS_PATH } from "../paths";
import { RATINGS_FOR_RECOMMENDATIONS } from "../state/rating";

interface Props {
  rated: number;
  onReset: () => void;
}

export function Header({ rated, onReset }: Props) {
  const [confirming, setConfirming] = useState(false);
  const ready = rated >= RATINGS_FOR_RECOMMENDATIONS;
  return (
    <header className="topbar">
      <div className="topbar__inner">
        <Link className="brand" to={RATE_PATH}>
          <span className="brand__mark" aria-hidden="true">★</span> movierec
        </Link>
        {/* NavLink marks the current screen with aria-current="page"; a movie's page marks none. */}
        <nav className="tabs" aria-label="Screens">
          <NavLink to={RATE_PATH} end className="tabs__tab">
            Rate
          </NavLink>
          <NavLink to={RECOMMENDATIONS_PATH} className="tabs__tab">
            Recommendations
          </NavLink>
          <NavLink to={CLUSTERS_PATH} className="tabs__tab">
            Clusters
          </NavLink>
        </nav>
        <Counter rated={rated} ready={ready} />
        <div className="topbar__reset">
          {confirming ? (
            <span className="confirm" role="group" aria-label="Confirm reset">
              <span className="muted">Forget all ratings?</span>
              <button
                type="button"
                className="btn btn--danger btn--small"
                onClick={() => {
                  setConfirming(false);
                  onReset();
                }}
              >
                Yes, reset
              </button>
              <button type="button" className="btn btn--ghost btn--small" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <button
              type="button"
              className="btn btn--ghost btn--small"
              onClick={() => setConfirming(true)}
              disabled={rated === 0}
            >
              Reset
            </button>
          )}
        </div>
      </div>
    </header>
  );
}

export function Counter({ rated, ready }: { rated: number; ready: boolean }) {
  const progress = Math.min(rated, RATINGS_FOR_RECOMMENDATIONS);
  return (
    <div className={`counter${ready ? " counter--ready" : ""}`} role="status" aria-live="polite" data-testid="counter">
      <span className="counter__dots" aria-hidden="true">
        {Array.from({ length: RATINGS_FOR_RECOMMENDATIONS }, (_, i) => (
          <span key={i} className={i < progress ? "is-on" : ""} />
        ))}
      </span>
      <span>
        <strong>{rated}</strong> rated
        <span className="counter__hint">
          {ready ? " · recommendations ready" : ` · rate ${RATINGS_FOR_RECOMMENDATIONS}+ for recommendations`}
        </span>
      </span>
    </div>
  );
}
