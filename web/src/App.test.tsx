/**
 * The page against the real gateway (ml-latest-small, started once by src/test/stack.ts). The
 * catalogue is real, so the tests assert what holds for any answer — which movies come back is
 * the gateway's business — and error states come from real conditions: a closed port, a 422.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { STORAGE_KEY } from "./state/persist";
import { closedUrl, gatewayUrl, liveApi, type LiveApi } from "./test/live";
import { renderAt } from "./test/render";

let live: LiveApi;
/** Where the app opens in this test. */
let path = "/";

const renderApp = () => renderAt(path, live.api);

const card = (title: string) => screen.getByRole("article", { name: title });
const idsOf = (root: HTMLElement) =>
  within(root)
    .queryAllByRole("article")
    .map((a) => Number(a.getAttribute("data-movie-id")));
const stored = () => JSON.parse(localStorage.getItem(STORAGE_KEY)!) as { ratings: Record<string, unknown>; skipped: number[]; algorithm: string };

/** The onboarding grid once the gateway's first batch is on screen. */
async function onboardingGrid(): Promise<HTMLElement> {
  return screen.findByRole("list", { name: "Movies to rate" }, { timeout: 10_000 });
}

beforeEach(() => {
  path = "/";
  live = liveApi();
});

/** The app opened while the server is down shows `heading` with the reason; the server comes
 * back and "Try again" is clicked. */
async function retryAfterTheServerIsBack(heading: string): Promise<void> {
  const user = userEvent.setup();
  live.target(await closedUrl());
  renderApp();
  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent(heading);
  expect(alert).toHaveTextContent("Cannot reach the movierec server");
  live.target(gatewayUrl());
  await user.click(within(alert).getByRole("button", { name: "Try again" }));
}

describe("rating screen", () => {
  it("rates with keyboard and mouse, skips, counts, and keeps it all across a reload", async () => {
    const user = userEvent.setup();
    const first = renderApp();
    expect(screen.getByRole("status", { name: "Loading movies to rate" })).toBeInTheDocument();
    const grid = await onboardingGrid();
    expect(live.calls[0]).toEqual({ method: "onboarding", input: { count: 12 } });
    const articles = within(grid).getAllByRole("article");
    expect(articles).toHaveLength(12);
    expect(screen.getByTestId("counter")).toHaveTextContent("0 rated · rate 3+ for recommendations");
    const [a, b, c] = articles.map((el) => el.querySelector("h3")?.textContent ?? "");
    const skippedId = Number(articles[2]!.getAttribute("data-movie-id"));

    within(card(a!)).getByRole("slider").focus();
    await user.keyboard("{End}{ArrowLeft}");
    await user.click(card(b!).querySelector('[data-value="4"]')!);
    await user.click(within(card(c!)).getByRole("button", { name: `Haven't seen ${c}` }));

    expect(idsOf(grid)).not.toContain(skippedId);
    expect(screen.getByTestId("counter")).toHaveTextContent("2 rated");
    expect(within(card(a!)).getByRole("slider")).toHaveAttribute("aria-valuenow", "4.5");
    expect(screen.getByRole("button", { name: "Get recommendations →" })).toBeDisabled();
    expect(stored().skipped).toEqual([skippedId]);

    first.unmount();
    renderApp();
    const yours = screen.getByRole("list", { name: "Your ratings" });
    expect(within(yours).getByText(a!, { selector: "strong" })).toBeInTheDocument();
    // The strip lists ratings by movie id, so compare title -> stars, not positions.
    const kept = within(yours)
      .getAllByRole("listitem")
      .map((li) => [li.querySelector("strong")?.textContent, within(li).getByRole("slider").getAttribute("aria-valuenow")]);
    expect(Object.fromEntries(kept)).toEqual({ [a!]: "4.5", [b!]: "4" });
    expect(idsOf(await onboardingGrid())).not.toContain(skippedId);
  });

  it("unlocks recommendations from three ratings and resets after asking", async () => {
    const user = userEvent.setup();
    renderApp();
    const grid = await onboardingGrid();
    for (const article of within(grid).getAllByRole("article").slice(0, 3)) {
      await user.click(article.querySelector('[data-value="5"]')!);
    }
    expect(screen.getByTestId("counter")).toHaveTextContent("3 rated · recommendations ready");
    expect(screen.getByRole("button", { name: "Get recommendations →" })).toBeEnabled();

    await user.click(screen.getByRole("button", { name: "Reset" }));
    expect(screen.getByTestId("counter")).toHaveTextContent("3 rated");
    await user.click(screen.getByRole("button", { name: "Yes, reset" }));
    expect(screen.getByTestId("counter")).toHaveTextContent("0 rated");
    expect(stored().ratings).toEqual({});
  });

  it("fetches more movies and appends the new ones", async () => {
    const user = userEvent.setup();
    renderApp();
    const grid = await onboardingGrid();
    const before = idsOf(grid);
    await user.click(screen.getByRole("button", { name: "More movies" }));
    await waitFor(() => expect(idsOf(grid).length).toBeGreaterThan(before.length), { timeout: 10_000 });
    const after = idsOf(grid);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(new Set(after).size).toBe(after.length);
    expect(live.calls.filter((c) => c.method === "onboarding")).toHaveLength(2);
  });

  it("shows posters that really load from the poster service", async () => {
    renderApp();
    const grid = await onboardingGrid();
    // Posters are hidden from screen readers inside cards: the title link beside each says it.
    const images = within(grid).getAllByRole("img", { hidden: true });
    expect(images.length).toBeGreaterThan(0);
    const src = images[0]!.getAttribute("src")!;
    const response = await fetch(src);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^image\//);
  });

  it("explains when the server cannot be reached, and retries once it is back", async () => {
    await retryAfterTheServerIsBack("Couldn’t load movies to rate");
    await onboardingGrid();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("finds any movie by title and rates it from the results", async () => {
    const user = userEvent.setup();
    renderApp();
    await user.type(screen.getByRole("searchbox"), "matrix");
    const results = await screen.findByRole("list", { name: "Search results" }, { timeout: 10_000 });
    expect(within(results).getAllByText(/Matrix/).length).toBeGreaterThan(0);
    const matrix = within(results).getByText("The Matrix", { selector: "strong" });
    expect(live.calls.at(-1)).toEqual({ method: "search", input: { query: "matrix", limit: 8 } });
    const row = matrix.closest("li")!;
    await user.click(row.querySelector('[data-value="4.5"]')!);
    expect(screen.getByTestId("counter")).toHaveTextContent("1 rated");
    expect(within(screen.getByRole("list", { name: "Your ratings" })).getByText("The Matrix", { selector: "strong" })).toBeInTheDocument();
  });

  it("shows the gateway's own message when it rejects the input", async () => {
    const user = userEvent.setup();
    renderApp();
    await user.click(screen.getByRole("searchbox"));
    await user.paste("x".repeat(201)); // the gateway takes titles up to 200 characters
    const alert = await screen.findByRole("alert", {}, { timeout: 10_000 });
    expect(alert).toHaveTextContent("Search failed");
    expect(alert).toHaveTextContent("Invalid request: query.q"); // the gateway's 422 message
    expect(screen.queryByRole("list", { name: "Search results" })).toBeNull();
  });
});

/** Three well-known ml-latest-small movies (Toy Story, Star Wars, The Matrix), stored as rated. */
function storeRatings(ratings: [number, string, number][] = [[1, "Toy Story", 5], [260, "Star Wars", 4], [2571, "The Matrix", 3]]) {
  const entries = Object.fromEntries(ratings.map(([movieId, title, rating]) => [movieId, { movieId, title, rating, year: null, genres: [] }]));
  localStorage.setItem(STORAGE_KEY, JSON.stringify({ ratings: entries, skipped: [], seen: [], algorithm: "collab" }));
}

const recommended = (timeout = 10_000) => screen.findByRole("list", { name: "Recommended movies" }, { timeout });

describe("recommendations screen", () => {
  beforeEach(() => {
    storeRatings();
    path = "/recommendations";
  });

  it("shows personal picks with reasons, and switches between algorithms", async () => {
    const user = userEvent.setup();
    renderApp();
    const grid = await recommended();
    const ids = idsOf(grid);
    expect(ids).toHaveLength(20);
    expect(ids).not.toContain(1);
    expect(ids).not.toContain(260);
    expect(ids).not.toContain(2571);
    expect(within(grid).getAllByText(/^Because you rated /).length).toBeGreaterThan(0);
    expect(live.calls.at(-1)?.input).toEqual({
      ratings: [
        { movieId: 1, rating: 5 },
        { movieId: 260, rating: 4 },
        { movieId: 2571, rating: 3 },
      ],
      algorithm: "collab",
      limit: 20,
      exclude: null,
    });
    expect(screen.getByText(/^Model: \S+ [0-9a-f]{7}$/)).toBeInTheDocument();
    expect(document.querySelector('[data-notice="warning"]')).toBeNull();

    await user.click(screen.getByRole("radio", { name: "K-Means" }));
    const panel = await screen.findByRole("complementary", { name: /^Your taste cluster #\d+$/ }, { timeout: 10_000 });
    expect(panel).toHaveTextContent(/\d+% match/);
    for (const chip of within(panel).getAllByRole("link")) expect(chip.getAttribute("href")).toMatch(/^\/movies\/\d+$/);
    expect((live.calls.at(-1)?.input as { algorithm: string }).algorithm).toBe("kmeans");

    await user.click(screen.getByRole("radio", { name: "Both" }));
    const collab = await screen.findByRole("region", { name: "Collaborative filtering" }, { timeout: 10_000 });
    const kmeans = screen.getByRole("region", { name: "K-Means clusters" });
    expect(idsOf(collab).length).toBeGreaterThan(0);
    expect(idsOf(kmeans).length).toBeGreaterThan(0);
    expect(stored().algorithm).toBe("both");
  });

  it("says honestly when the ratings could not be used and shows popular movies", async () => {
    const unknown = 2 ** 31 - 1; // no such movie in the catalogue
    storeRatings([[unknown, "Nope 1", 5], [unknown - 1, "Nope 2", 4], [unknown - 2, "Nope 3", 3]]);
    renderApp();
    await recommended();
    expect(document.querySelector('[data-notice="info"]')).toBeInTheDocument();
    expect(screen.getByText("Showing popular movies for now.")).toBeInTheDocument();
    expect(screen.getByText("3 rating(s) could not be used.")).toBeInTheDocument();
  });

  it("updates the list when a recommended movie is rated or marked as seen", async () => {
    const user = userEvent.setup();
    renderApp();
    const grid = await recommended();
    const [first, second] = within(grid).getAllByRole("article");
    const rateId = Number(first!.getAttribute("data-movie-id"));
    const seenId = Number(second!.getAttribute("data-movie-id"));
    const seenTitle = second!.querySelector("h3")!.textContent!;

    await user.click(within(second!).getByRole("button", { name: `Seen ${seenTitle}, don't recommend it` }));
    expect(idsOf(grid)).not.toContain(seenId);

    within(first!).getByRole("slider").focus();
    await user.keyboard("5");
    expect(first).toHaveTextContent("Rated · list updating");
    await waitFor(() => expect(idsOf(screen.getByRole("list", { name: "Recommended movies" }))).not.toContain(rateId), { timeout: 10_000 });
    const refreshed = idsOf(screen.getByRole("list", { name: "Recommended movies" }));
    expect(refreshed).toHaveLength(20);
    expect(refreshed).not.toContain(seenId);
    const last = live.calls.at(-1)?.input as { ratings: { movieId: number }[]; exclude: number[] };
    expect(last.exclude).toEqual([seenId]);
    expect(last.ratings.map((r) => r.movieId)).toContain(rateId);
  });

  it("shows an error with a retry instead of a blank page, and recovers", async () => {
    await retryAfterTheServerIsBack("Couldn’t get recommendations");
    expect(idsOf(await recommended())).toHaveLength(20);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("asks for more ratings before there are three", () => {
    localStorage.clear();
    renderApp();
    expect(screen.getByText(/Rate at least 3 movies to get recommendations — 3 to go/)).toBeInTheDocument();
    expect(live.calls.filter((c) => c.method === "recommend")).toHaveLength(0);
  });
});

describe("URLs", () => {
  it("sends old hash bookmarks to the new addresses", async () => {
    storeRatings();
    path = "/#/recommendations";
    const { router } = renderApp();
    await recommended();
    expect(router.state.location).toMatchObject({ pathname: "/recommendations", hash: "" });
    expect(screen.getByRole("link", { name: "Recommendations" })).toHaveAttribute("aria-current", "page");
    await waitFor(() => expect(document.title).toBe("Recommendations — movierec"));
  });

  it("sends #/rate to the rating screen", async () => {
    path = "/#/rate";
    const { router } = renderApp();
    await onboardingGrid();
    expect(router.state.location).toMatchObject({ pathname: "/", hash: "" });
    expect(screen.getByRole("link", { name: "Rate" })).toHaveAttribute("aria-current", "page");
  });

  it("says when there is no page at an address", () => {
    path = "/nowhere";
    renderApp();
    expect(screen.getByRole("heading", { level: 1, name: "Page not found" })).toBeInTheDocument();
    expect(live.calls).toEqual([]);
  });

  it("opens a movie's page from its card, its search result and its rating", async () => {
    const user = userEvent.setup();
    const { router } = renderApp();
    const grid = await onboardingGrid();
    const shown = idsOf(grid);
    const article = within(grid).getAllByRole("article")[0]!;
    const id = Number(article.getAttribute("data-movie-id"));
    const title = article.querySelector("h3")!.textContent!;
    await user.click(article.querySelector('[data-value="5"]')!); // a star rates, it does not navigate
    expect(router.state.location.pathname).toBe("/");

    await user.type(screen.getByRole("searchbox"), "matrix");
    const results = await screen.findByRole("list", { name: "Search results" }, { timeout: 10_000 });
    expect(router.state.location.search).toBe("?q=matrix");
    const row = within(results).getByText("The Matrix", { selector: "strong" }).closest("li")!;
    expect(within(row).getByRole("link", { name: "The Matrix" })).toHaveAttribute("href", "/movies/2571");
    const strip = screen.getByRole("list", { name: "Your ratings" });
    expect(within(strip).getByRole("link", { name: title })).toHaveAttribute("href", `/movies/${id}`);

    await user.click(within(article).getByRole("link", { name: title }));
    expect(router.state.location.pathname).toBe(`/movies/${id}`);
    // "Rate <title>" or "Rate <title> (<year>)": not a similar movie whose title starts the same
    // ("The Dark Knight Rises" on "The Dark Knight"'s page).
    const ownName = (name: string) => name === `Rate ${title}` || name.startsWith(`Rate ${title} (`);
    const slider = await screen.findByRole("slider", { name: ownName }, { timeout: 10_000 });
    expect(slider).toHaveAttribute("aria-valuenow", "5"); // the rating given on the card
    expect(screen.getByRole("link", { name: "Rate" })).not.toHaveAttribute("aria-current");

    // Back on the rating screen: the same movies to rate, not a new random set, and the search.
    await router.navigate(-1);
    expect(idsOf(await onboardingGrid())).toEqual(shown);
    expect(live.calls.filter((c) => c.method === "onboarding")).toHaveLength(1);
    expect(screen.getByRole("searchbox")).toHaveValue("matrix");
    await screen.findByRole("list", { name: "Search results" }, { timeout: 10_000 });
  });
});
