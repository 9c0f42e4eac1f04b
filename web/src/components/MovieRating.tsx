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
