/** The page: a rating screen and a recommendations screen, switched by the URL hash. */
import { useEffect, useState } from "react";
import { Header, type View } from "./components/Header";
import { Onboarding } from "./components/Onboarding";
import { RatedStrip } from "./components/RatedStrip";
import { Recommendations } from "./components/Recommendations";
import { Search } from "./components/Search";
import { RATINGS_FOR_RECOMMENDATIONS } from "./state/rating";
import { ratedList } from "./state/store";
import { useAppState } from "./state/useAppState";

const viewOf = (hash: string): View => (hash.startsWith("#/recommendations") ? "recommendations" : "rate");

export function App() {
  const [state, dispatch] = useAppState();
  const [view, setView] = useState<View>(() => viewOf(window.location.hash));
  const rated = ratedList(state).length;

  useEffect(() => {
    const onHash = () => setView(viewOf(window.location.hash));
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);

  const go = (next: View) => {
    window.location.hash = next === "rate" ? "#/rate" : "#/recommendations";
    setView(next);
    window.scrollTo({ top: 0 });
  };

  return (
    <div className={view === "rate" ? "app has-cta" : "app"}>
      <Header view={view} onView={go} rated={rated} onReset={() => dispatch({ type: "reset" })} />
      <main className="page">
        {view === "rate" ? (
          <>
            <div className="hero">
              <h1>Tell us what you’ve watched.</h1>
              <p>
                Rate a handful of movies and get picks from two kinds of recommender — collaborative
                filtering and K-Means taste clusters — side by side if you like.
              </p>
            </div>
            <Search state={state} dispatch={dispatch} />
            <RatedStrip state={state} dispatch={dispatch} />
            <Onboarding state={state} dispatch={dispatch} />
          </>
        ) : (
          <Recommendations state={state} dispatch={dispatch} onGoRate={() => go("rate")} />
        )}
      </main>
      {view === "rate" && (
        <div className={`cta${rated >= RATINGS_FOR_RECOMMENDATIONS ? " cta--ready" : ""}`}>
          <p>
            {rated >= RATINGS_FOR_RECOMMENDATIONS
              ? `${rated} ratings — enough for good recommendations.`
              : `Rate ${RATINGS_FOR_RECOMMENDATIONS - rated} more movie${RATINGS_FOR_RECOMMENDATIONS - rated === 1 ? "" : "s"} to unlock recommendations.`}
          </p>
          <button
            type="button"
            className="btn btn--primary"
            disabled={rated < RATINGS_FOR_RECOMMENDATIONS}
            onClick={() => go("recommendations")}
          >
            Get recommendations →
          </button>
        </div>
      )}
      <footer className="footer">
        Data: MovieLens (GroupLens). Your ratings stay in this browser.
      </footer>
    </div>
  );
}
