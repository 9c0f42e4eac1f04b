/**
 * The degraded answer the live test stack never gives (its collab service is always up): the
 * gateway's MovieDetail shape, typed by the generated schema, as it comes while collab is down.
 * The e2e run sees the real one, with the collab service stopped.
 */
import { render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it, vi } from "vitest";
import type { MovieDetail } from "../api/client";
import { StoreContext } from "../state/context";
import { initialState } from "../state/store";
import { SimilarMovies } from "./SimilarMovies";

const collabDown: MovieDetail = {
  movieId: 1,
  title: "Toy Story",
  year: 1995,
  genres: ["Adventure", "Animation", "Children", "Comedy", "Fantasy"],
  imdbId: "tt0114709",
  poster: null,
  ratingCount: 215,
  meanRating: 3.92,
  similar: [
    { movieId: 2294, title: "Antz", year: 1998, genres: ["Adventure", "Animation", "Children", "Comedy", "Fantasy"], imdbId: "tt0120587", poster: null, score: null },
    { movieId: 3114, title: "Toy Story 2", year: 1999, genres: ["Adventure", "Animation", "Children", "Comedy", "Fantasy"], imdbId: "tt0120363", poster: null, score: null },
  ],
  similarSource: "genres",
  degraded: true,
  problems: [{ part: "collab", code: "unavailable", message: "unreachable (ClientConnectorError)" }],
};

function renderSimilar(movie: MovieDetail) {
  return render(
    <StoreContext.Provider value={[initialState, vi.fn()]}>
      <MemoryRouter>
        <SimilarMovies movie={movie} />
      </MemoryRouter>
    </StoreContext.Provider>,
  );
}

describe("SimilarMovies", () => {
  it("says the list is by genre and why, when the collaborative model is away", () => {
    renderSimilar(collabDown);
    expect(screen.getByRole("heading", { name: "Same genres" })).toBeInTheDocument();
    expect(screen.getByText(/collaborative model is not answering right now/)).toBeInTheDocument();
    const notice = screen.getByRole("status");
    expect(notice).toHaveTextContent("Partial answer");
    expect(notice).toHaveTextContent("Collaborative filtering: unreachable (ClientConnectorError)");
    const cards = within(screen.getByRole("list", { name: "Similar movies" })).getAllByRole("article");
    expect(cards.map((c) => within(c).getByRole("link").getAttribute("href"))).toEqual(["/movies/2294", "/movies/3114"]);
  });

  it("says so when there is nothing similar", () => {
    renderSimilar({ ...collabDown, similar: [], similarSource: "collab", degraded: false, problems: [] });
    expect(screen.getByRole("heading", { name: "People who liked this also liked…" })).toBeInTheDocument();
    expect(screen.getByText("No similar movies found.")).toBeInTheDocument();
    expect(screen.queryByRole("status")).toBeNull();
  });
});
