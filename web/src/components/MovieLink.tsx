/**
 * Every movie on screen leads to its page, and it is built here, once: a real link (so
 * middle-click and "open in new tab" work), never a click handler on the card. Cards keep
 * their rating controls outside these links, so a click on a star rates and never navigates.
 */
import type { ReactNode } from "react";
import { Link } from "react-router";
import { moviePath } from "../paths";
import { Poster } from "./Poster";

interface LinkProps {
  movieId: number;
  children: ReactNode;
  className?: string;
  title?: string;
}

/** The movie's title (or any label) as the link to its page: what Tab and screen readers get. */
export function MovieLink({ movieId, children, className = "movielink", title }: LinkProps) {
  return (
    <Link to={moviePath(movieId)} className={className} title={title}>
      {children}
    </Link>
  );
}

interface PosterLinkProps {
  movieId: number;
  title: string;
  year: number | null;
  url: string | null;
  size?: "sm" | "md";
}

/**
 * The poster as a second link to the same page, for the mouse. Out of the Tab order and hidden
 * from screen readers: the title link beside it already says where it goes, once.
 */
export function PosterLink({ movieId, ...poster }: PosterLinkProps) {
  return (
    <Link to={moviePath(movieId)} className={`posterlink posterlink--${poster.size ?? "md"}`} tabIndex={-1} aria-hidden="true">
      <Poster {...poster} />
    </Link>
  );
}
