/** `/`: search, the ratings so far, movies to rate, and the way on to recommendations. */
import { useNavigate } from "react-router";
import { Onboarding } from "../components/Onboarding";
import { RatedStrip } from "../components/RatedStrip";
import { Search } from "../components/Search";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { RECOMMENDATIONS_PATH } from "../paths";
import { useStore } from "../state/context";
import { RATINGS_FOR_RECOMMENDATIONS } from "../state/rating";
import { ratedList } from "../state/store";

export function RatePage() {
  const [state, dispatch] = useStore();
  const navigate = useNavigate();
  const rated = ratedList(state).length;
  const ready = rated >= RATINGS_FOR_RECOMMENDATIONS;
  const missing = RATINGS_FOR_RECOMMENDATIONS - rated;
  useDocumentTitle(null);
  return (
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
      <div className={`cta${ready ? " cta--ready" : ""}`}>
        <p>
          {ready
            ? `${rated} ratings — enough for good recommendations.`
            : `Rate ${missing} more movie${missing === 1 ? "" : "s"} to unlock recommendations.`}
        </p>
        {/* A button, not a link: it stays disabled until there are enough ratings. */}
        <button
          type="button"
          className="btn btn--primary"
          disabled={!ready}
          onClick={() => navigate(RECOMMENDATIONS_PATH)}
        >
          Get recommendations →
        </button>
      </div>
    </>
  );
}
