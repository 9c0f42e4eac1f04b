/**
 * A movie's page against the real gateway (src/test/stack.ts): what it shows is compared with
 * the gateway's own answer for the same movie, so the test holds for whatever the model says.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createApi, type MovieDetail } from "../api/client";
import { SIMILAR_COUNT } from "../components/SimilarMovies";
import { STORAGE_KEY } from "../state/persist";
import { closedUrl, gatewayUrl, liveApi, type LiveApi } from "../test/live";
import { renderAt } from "../test/render";

let live: LiveApi;
const TOY_STORY = 1;
const NO_SUCH_ID = 2 ** 31 - 1;

beforeEach(() => {
  live = liveApi();
});

/** The gateway's answer for a movie, asked directly (not through the page). */
const answerFor = (movieId: number): Promise<MovieDetail> => createApi(gatewayUrl()).movie(movieId, SIMILAR_COUNT);
const heading = (name: string | ((name: string) => boolean)) => screen.findByRole("heading", { level: 1, name }, { timeout: 10_000 });
const similarGrid = () => screen.findByRole("list", { name: "Similar movies" }, { timeout: 10_000 });
const ratingsStored = () => (JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "{}") as { ratings?: Record<string, { title: string; rating: number }> }).ratings ?? {};

describe("a movie's page", () => {
  it("shows the movie, its MovieLens ratings, an IMDb link and at least twelve similar movies", async () => {
    const expected = await answerFor(TOY_STORY);
    renderAt(`/movies/${TOY_STORY}`, live.api);
    // Placeholders of the final boxes while the answer is on its way.
    expect(screen.getByRole("status", { name: "Loading the movie" })).toBeInTheDocument();
    expect(screen.getByRole("status", { name: "Loading similar movies" })).toBeInTheDocument();

    await heading("Toy Story (1995)");
    expect(live.calls).toEqual([{ method: "movie", input: { movieId: TOY_STORY, similar: SIMILAR_COUNT } }]);
    await waitFor(() => expect(document.title).toBe("Toy Story (1995) — movierec"));
    const genres = within(screen.getByRole("list", { name: "Genres" })).getAllByRole("listitem");
    expect(genres.map((g) => g.textContent)).toEqual(expected.genres);
    const stat = (term: string) => screen.getByText(term, { selector: "dt" }).nextElementSibling;
    expect(stat("MovieLens average")).toHaveTextContent(`★ ${expected.meanRating!.toFixed(1)} / 5`);
    expect(stat("MovieLens ratings")).toHaveTextContent(expected.ratingCount.toLocaleString("en-US"));

    const imdb = screen.getByRole("link", { name: /IMDb page/ });
    expect(imdb).toHaveAttribute("href", "https://www.imdb.com/title/tt0114709/");
    expect(imdb).toHaveAttribute("target", "_blank");
    expect(imdb.getAttribute("rel")?.split(" ")).toEqual(expect.arrayContaining(["noopener", "noreferrer"]));

    expect(screen.getByRole("heading", { level: 2, name: "People who liked this also liked…" })).toBeInTheDocument();
    const cards = within(await similarGrid()).getAllByRole("article");
    expect(cards.length).toBeGreaterThanOrEqual(12);
    expect(cards.map((c) => Number(c.getAttribute("data-movie-id")))).toEqual(expected.similar.map((m) => m.movieId));
    for (const card of cards) {
      const id = card.getAttribute("data-movie-id");
      expect(within(card).getByRole("link")).toHaveAttribute("href", `/movies/${id}`);
    }
    expect(screen.queryByRole("status", { name: "Loading the movie" })).toBeNull();
    expect(document.querySelector('[data-notice="warning"]')).toBeNull();
  });

  it("rates the movie into the same ratings as onboarding, and a star click on a card does not navigate", async () => {
    const user = userEvent.setup();
    const { router } = renderAt(`/movies/${TOY_STORY}`, live.api);
    await heading("Toy Story (1995)");
    const slider = screen.getByRole("slider", { name: "Rate Toy Story (1995)" });
    slider.focus();
    await user.keyboard("{End}{ArrowLeft}");
    expect(slider).toHaveAttribute("aria-valuenow", "4.5");
    expect(screen.getByTestId("counter")).toHaveTextContent("1 rated");
    expect(ratingsStored()[TOY_STORY]).toMatchObject({ title: "Toy Story", rating: 4.5 });

    const first = within(await similarGrid()).getAllByRole("article")[0]!;
    await user.click(first.querySelector('[data-value="4"]')!);
    expect(router.state.location.pathname).toBe(`/movies/${TOY_STORY}`);
    expect(screen.getByTestId("counter")).toHaveTextContent("2 rated");
    expect(first).toHaveClass("card--rated");

    // The rating screen's strip lists both: one state for the whole app.
    await user.click(screen.getByRole("link", { name: "Rate" }));
    const yours = screen.getByRole("list", { name: "Your ratings" });
    expect(within(yours).getByText("Toy Story", { selector: "strong" })).toBeInTheDocument();
    expect(within(yours).getAllByRole("listitem")).toHaveLength(2);
  });

  it("follows a similar movie to its own page at the top, and comes back with the browser's back", async () => {
    const user = userEvent.setup();
    const { router } = renderAt(`/movies/${TOY_STORY}`, live.api);
    await heading("Toy Story (1995)");
    const first = within(await similarGrid()).getAllByRole("article")[0]!;
    const id = Number(first.getAttribute("data-movie-id"));
    const title = first.querySelector("h3")!.textContent!;
    vi.mocked(window.scrollTo).mockClear();

    await user.click(within(first).getByRole("link", { name: title }));
    expect(router.state.location.pathname).toBe(`/movies/${id}`);
    await heading((name) => name.startsWith(title)); // the title, then the year
    expect(window.scrollTo).toHaveBeenCalledWith(0, 0);
    expect(live.calls.at(-1)).toEqual({ method: "movie", input: { movieId: id, similar: SIMILAR_COUNT } });

    await router.navigate(-1);
    await heading("Toy Story (1995)");
    expect(router.state.location.pathname).toBe(`/movies/${TOY_STORY}`);
  });

  it("says there is no such movie for an unknown id and for one that is not a number", async () => {
    renderAt(`/movies/${NO_SUCH_ID}`, live.api);
    await heading("No such movie");
    expect(screen.getByText(new RegExp(`no movie with id ${NO_SUCH_ID}`))).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe("No such movie — movierec"));
    expect(screen.queryByRole("alert")).toBeNull(); // an answer, not an error to retry
  });

  it.each(["abc", "0", "-5", "1.5", "1e3", "99999999999999999999"])("treats /movies/%s as no such movie, without asking", async (raw) => {
    renderAt(`/movies/${raw}`, live.api);
    await heading("No such movie");
    expect(screen.getByRole("link", { name: "Search and rate movies" })).toHaveAttribute("href", "/");
    expect(live.calls).toEqual([]);
  });

  it("shows an error with a retry when the server cannot be reached, and recovers", async () => {
    const user = userEvent.setup();
    live.target(await closedUrl());
    renderAt(`/movies/${TOY_STORY}`, live.api);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Couldn’t load this movie");
    expect(alert).toHaveTextContent("Cannot reach the movierec server");
    live.target(gatewayUrl());
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    await heading("Toy Story (1995)");
    await waitFor(() => expect(screen.queryByRole("alert")).toBeNull());
  });
});
