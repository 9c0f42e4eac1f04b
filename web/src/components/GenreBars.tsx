/**
 * A cluster's top genres as share bars. A movie counts for each of its genres, so the shares do
 * not add up to 100%: each bar is its own share of the whole track, never a slice of a total.
 */
import type { components } from "../api/schema";

type GenreShare = components["schemas"]["GenreShare"];

export const percent = (x: number) => `${Math.round(x * 100)}%`;

export function GenreBars({ genres, max = 5, label }: { genres: GenreShare[]; max?: number; label?: string }) {
  return (
    <ul className="bars" aria-label={label}>
      {genres.slice(0, max).map((g) => (
        <li key={g.genre}>
          <span className="bars__label">{g.genre}</span>
          <span className="bars__track" aria-hidden="true">
            <span className="bars__fill" style={{ width: percent(Math.min(1, g.share)) }} />
          </span>
          <span className="bars__value">{percent(g.share)}</span>
        </li>
      ))}
    </ul>
  );
}
