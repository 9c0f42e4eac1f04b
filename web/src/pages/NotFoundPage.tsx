/** Any URL the app has no page for. */
import { Link } from "react-router";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { RATE_PATH } from "../paths";

export function NotFoundPage() {
  useDocumentTitle("Page not found");
  return (
    <section className="missing" aria-labelledby="missing-heading">
      <h1 id="missing-heading">Page not found</h1>
      <p className="muted">There is nothing at this address.</p>
      <Link className="btn btn--primary" to={RATE_PATH}>
        Rate movies
      </Link>
    </section>
  );
}
