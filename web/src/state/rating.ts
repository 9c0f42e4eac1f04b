/** The MovieLens rating scale the API accepts: 0.5 to 5 in half steps. */
export const MIN_RATING = 0.5;
export const MAX_RATING = 5;
export const RATING_STEP = 0.5;

/** From this many ratings on, recommendations are worth asking for. */
export const RATINGS_FOR_RECOMMENDATIONS = 3;

export function isValidRating(value: unknown): value is number {
  return (
    typeof value === "number" &&
    value >= MIN_RATING &&
    value <= MAX_RATING &&
    Number.isInteger(value / RATING_STEP)
  );
}

/** Snap to the half-star grid inside the scale (keyboard steps and clicks both land here). */
export function clampRating(value: number): number {
  const snapped = Math.round(value / RATING_STEP) * RATING_STEP;
  return Math.min(MAX_RATING, Math.max(MIN_RATING, snapped));
}

export function describeRating(value: number | null): string {
  if (value === null) return "Not rated";
  return `${value} out of 5 stars`;
}
