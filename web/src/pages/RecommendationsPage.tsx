/** `/recommendations`: the picks for the ratings in the app state. */
import { Recommendations } from "../components/Recommendations";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { useStore } from "../state/context";

export function RecommendationsPage() {
  const [state, dispatch] = useStore();
  useDocumentTitle("Recommendations");
  return <Recommendations state={state} dispatch={dispatch} />;
}
