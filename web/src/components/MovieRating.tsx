/** The stars for one movie wherever it can be rated: a StarRating bound to the app's ratings. */
import { titleWithYear } from "../api/movies";
import type { Action, MovieRef } from "../state/store";
import { StarRating } from "./StarRating";

interface Props {
  movie: MovieRef;
  value: number | null;
  dispatch: (action: Action) => void;
  size?: "sm" | "md";
}

export function MovieRating({ movie, value, dispatch, size }: Props) {
  return (
    <StarRating
      size={size}
      label={titleWithYear(movie)}
      value={value}
      onChange={(rating) =>
        dispatch(rating === null ? { type: "unrate", movieId: movie.movieId } : { type: "rate", movie, rating })
      }
    />
  );
}

/** "Remove": forgets the movie's rating (the stars can only change it). */
export function RemoveRating({ movie, dispatch }: Pick<Props, "movie" | "dispatch">) {
  return (
    <button
      type="button"
      className="link"
      onClick={() => dispatch({ type: "unrate", movieId: movie.movieId })}
      aria-label={`Remove rating of ${movie.title}`}
    >
      Remove
    </button>
  );
}
