/** The app's URLs, in one place: links build them here, the router matches them in App.tsx. */

export const RATE_PATH = "/";
export const RECOMMENDATIONS_PATH = "/recommendations";

/**
 * Where an old hash link points now. The app used to switch screens by the hash (`#/rate`,
 * `#/recommendations`), so bookmarks like `/#/recommendations` still exist; other hashes are
 * not ours to touch.
 */
export function legacyHashPath(hash: string): string | null {
  if (hash.startsWith("#/recommendations")) return RECOMMENDATIONS_PATH;
  if (hash === "#/" || hash.startsWith("#/rate")) return RATE_PATH;
  return null;
}
