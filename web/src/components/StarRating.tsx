/**
 * Half-star rating, 0.5 to 5. One focusable ARIA slider (arrows, Home/End, digits, Delete),
 * and for the mouse ten invisible half-star targets; hovering previews the value.
 */
import { useId, useState, type KeyboardEvent } from "react";
import { clampRating, describeRating, MAX_RATING, MIN_RATING, RATING_STEP } from "../state/rating";

interface Props {
  value: number | null;
  onChange: (value: number | null) => void;
  /** What is being rated, for the accessible name ("Rate Toy Story (1995)"). */
  label: string;
  size?: "sm" | "md";
}

const STARS = [1, 2, 3, 4, 5];

function nextValue(key: string, value: number | null): number | null | undefined {
  const current = value ?? 0;
  switch (key) {
    case "ArrowRight":
    case "ArrowUp":
      return clampRating(current + RATING_STEP);
    case "ArrowLeft":
    case "ArrowDown":
      return value === null ? undefined : clampRating(current - RATING_STEP);
    case "PageUp":
      return clampRating(current + 1);
    case "PageDown":
      return value === null ? undefined : clampRating(current - 1);
    case "Home":
      return MIN_RATING;
    case "End":
      return MAX_RATING;
    case "Delete":
    case "Backspace":
    case "0":
      return null;
    default:
      return /^[1-5]$/.test(key) ? Number(key) : undefined;
  }
}

export function StarRating({ value, onChange, label, size = "md" }: Props) {
  const [hover, setHover] = useState<number | null>(null);
  const gradient = `g${useId().replace(/[^\w-]/g, "")}`;
  const shown = hover ?? value ?? 0;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = nextValue(event.key, value);
    if (next === undefined) return;
    event.preventDefault();
    if (next !== value) onChange(next);
  };

  return (
    <div
      className={`stars stars--${size}${value === null ? " stars--empty" : ""}`}
      role="slider"
      tabIndex={0}
      aria-label={`Rate ${label}`}
      aria-valuemin={MIN_RATING}
      aria-valuemax={MAX_RATING}
      aria-valuenow={value ?? undefined}
      aria-valuetext={describeRating(value)}
      onKeyDown={onKeyDown}
      onMouseLeave={() => setHover(null)}
    >
      {STARS.map((star) => {
        const fill = shown >= star ? "full" : shown >= star - 0.5 ? "half" : "empty";
        return (
          <span key={star} className={`star star--${fill}`} aria-hidden="true">
            <svg viewBox="0 0 24 24" focusable="false">
              <defs>
                <linearGradient id={`${gradient}-${star}`}>
                  <stop offset="50%" stopColor="currentColor" />
                  <stop offset="50%" stopColor="transparent" />
                </linearGradient>
              </defs>
              <path
                d="M12 2.5l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8z"
                fill={fill === "full" ? "currentColor" : fill === "half" ? `url(#${gradient}-${star})` : "none"}
              />
            </svg>
            {[star - 0.5, star].map((half) => (
              <span
                key={half}
                className={`star__hit star__hit--${half === star ? "right" : "left"}`}
                data-value={half}
                title={`${half} stars`}
                onMouseEnter={() => setHover(half)}
                onClick={() => onChange(half)}
              />
            ))}
          </span>
        );
      })}
      <span className="stars__value" aria-hidden="true">
        {hover ?? value ?? ""}
      </span>
    </div>
  );
}
