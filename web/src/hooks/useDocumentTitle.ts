import { useEffect } from "react";

export const SITE_TITLE = "movierec";

/** The tab's title for this page: "<title> — movierec", or the site's own when null. */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} — ${SITE_TITLE}` : `${SITE_TITLE} — movies you will like`;
  }, [title]);
}
