import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { App } from "./App";
import { createApi, type RecommendationResponse, type RecommendedMovie } from "./api/client";
import { ApiContext } from "./api/context";
import { STORAGE_KEY } from "./state/persist";
import { apiError, movie, startGateway, type TestGateway } from "./test/gateway";

const ONBOARDING = [movie(1, "Toy Story"), movie(260, "Star Wars"), movie(2571, "The Matrix"), movie(356, "Forrest Gump")];

let gateway: TestGateway;

function renderApp(baseUrl = gateway.url) {
  return render(
    <ApiContext.Provider value={createApi(baseUrl)}>
      <App />
    </ApiContext.Provider>,
  );
}

const card = (title: string) => screen.getByRole("article", { name: title });

beforeEach(async () => {
  window.location.hash = "";
  gateway = await startGateway({
    onboarding: () => ({ body: { items: ONBOARDING, seed: 7, degraded: false, problems: [] } }),
  });
});
afterEach(() => gateway.close());

describe("rating screen", () => {
  it("rates with keyboard and mouse, skips, counts, and keeps it all across a reload", async () => {
    const user = userEvent.setup();
    const first = renderApp();
    expect(screen.getByRole("status", { name: "Loading movies to rate" })).toBeInTheDocument();
    await screen.findByRole("article", { name: "Toy Story" });
    expect(gateway.requests[0]?.query.get("count")).toBe("12");
    expect(screen.getByTestId("counter")).toHaveTextContent("0 rated · rate 3+ for recommendations");

    within(card("Toy Story")).getByRole("slider").focus();
    await user.keyboard("{End}{ArrowLeft}");
    await user.click(card("Star Wars").querySelector('[data-value="4"]')!);
    await user.click(within(card("Forrest Gump")).getByRole("button", { name: "Haven't seen Forrest Gump" }));

    expect(screen.queryByRole("article", { name: "Forrest Gump" })).toBeNull();
    expect(screen.getByTestId("counter")).toHaveTextContent("2 rated");
    expect(within(card("Toy Story")).getByRole("slider")).toHaveAttribute("aria-valuenow", "4.5");
    expect(screen.getByRole("button", { name: "Get recommendations →" })).toBeDisabled();
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).skipped).toEqual([356]);

    first.unmount();
    renderApp();
    const yours = screen.getByRole("list", { name: "Your ratings" });
    expect(within(yours).getByRole("slider", { name: /Toy Story/ })).toHaveAttribute("aria-valuenow", "4.5");
    expect(within(yours).getByRole("slider", { name: /Star Wars/ })).toHaveAttribute("aria-valuenow", "4");
    await screen.findByRole("article", { name: "The Matrix" });
    expect(screen.queryByRole("article", { name: "Forrest Gump" })).toBeNull();
  });

  it("unlocks recommendations from three ratings and resets after asking", async () => {
    const user = userEvent.setup();
    renderApp();
    await screen.findByRole("article", { name: "Toy Story" });
    for (const title of ["Toy Story", "Star Wars", "The Matrix"]) {
      await user.click(card(title).querySelector('[data-value="5"]')!);
    }
    expect(screen.getByTestId("counter")).toHaveTextContent("3 rated · recommendations ready");
    expect(screen.getByRole("button", { name: "Get recommendations →" })).toBeEnabled();

    await user.click(screen.getByRole("button", { name: "Reset" }));
    expect(screen.getByTestId("counter")).toHaveTextContent("3 rated");
    await user.click(screen.getByRole("button", { name: "Yes, reset" }));
    expect(screen.getByTestId("counter")).toHaveTextContent("0 rated");
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).ratings).toEqual({});
  });

  it("fetches more movies and appends the new ones", async () => {
    const user = userEvent.setup();
    renderApp();
    await screen.findByRole("article", { name: "Toy Story" });
    gateway.handlers.onboarding = () => ({
      body: { items: [movie(1, "Toy Story"), movie(1214, "Alien")], seed: 8, degraded: false, problems: [] },
    });
    await user.click(screen.getByRole("button", { name: "More movies" }));
    await screen.findByRole("article", { name: "Alien" });
    expect(screen.getAllByRole("article", { name: "Toy Story" })).toHaveLength(1);
    expect(screen.getAllByRole("article")).toHaveLength(5);
  });

  it("says what failed and retries", async () => {
    const user = userEvent.setup();
    gateway.handlers.onboarding = () => apiError(503, "The catalogue is still loading.");
    renderApp();
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Couldn’t load movies to rate");
    expect(alert).toHaveTextContent("The catalogue is still loading.");
    gateway.handlers.onboarding = () => ({ body: { items: ONBOARDING, seed: 1, degraded: false, problems: [] } });
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    await screen.findByRole("article", { name: "Toy Story" });
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("explains when the server cannot be reached", async () => {
    await gateway.close();
    const closed = gateway.url;
    gateway = await startGateway({});
    renderApp(closed);
    expect(await screen.findByRole("alert")).toHaveTextContent("Cannot reach the movierec server");
  });

  it("finds any movie by title and rates it from the results", async () => {
    const user = userEvent.setup();
    gateway.handlers.search = (q) => ({
      body: { query: q.get("q")!, items: [movie(6016, "City of God", { poster: null })], degraded: false, problems: [] },
    });
    renderApp();
    await user.type(screen.getByRole("searchbox"), "city of god");
    const results = await screen.findByRole("list", { name: "Search results" });
    expect(gateway.requests.at(-1)?.query.get("q")).toBe("city of god");
    await user.click(results.querySelector('[data-value="4.5"]')!);
    expect(screen.getByTestId("counter")).toHaveTextContent("1 rated");
    expect(within(screen.getByRole("list", { name: "Your ratings" })).getByText("City of God", { selector: "strong" })).toBeInTheDocument();
  });
});

function rec(movieId: number, title: string, because = "Toy Story"): RecommendedMovie {
  return {
    ...movie(movieId, title),
    score: 1 / movieId,
    because: 1,
    reasons: [`Because you rated ${because} highly`],
    algorithms: ["collab"],
  };
}

function answer(request: { algorithm?: string | null }, items: RecommendedMovie[], extra: Partial<RecommendationResponse> = {}): RecommendationResponse {
  const model = { name: "ease", version: "abcdef123456" };
  return {
    requestId: "r1",
    algorithm: (request.algorithm ?? "collab") as RecommendationResponse["algorithm"],
    items,
    results: {
      collab: { items, fallback: false, model },
      kmeans: {
        items: [...items].reverse(),
        fallback: false,
        model: { name: "kmeans", version: "k1" },
        cluster: {
          id: 4,
          weight: 0.62,
          size: 58,
          topGenres: [
            { genre: "Sci-Fi", share: 0.41 },
            { genre: "Action", share: 0.3 },
          ],
          signature: [{ movieId: 1200, title: "Aliens", lift: 3.1 }],
        },
        clusters: [{ id: 4, weight: 0.62 }],
      },
    },
    fallback: false,
    degraded: false,
    problems: [],
    ignored: [],
    ...extra,
  };
}

describe("recommendations screen", () => {
  beforeEach(() => {
    const ratings = Object.fromEntries(
      ONBOARDING.slice(0, 3).map((m, i) => [m.movieId, { ...m, rating: 5 - i }]),
    );
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ ratings, skipped: [], seen: [], algorithm: "collab" }));
    window.location.hash = "#/recommendations";
  });

  it("shows posters, reasons, and switches between algorithms", async () => {
    const user = userEvent.setup();
    gateway.handlers.recommend = (body) => ({ body: answer(body, [rec(1196, "The Empire Strikes Back"), rec(1210, "Return of the Jedi")]) });
    renderApp();
    const grid = await screen.findByRole("list", { name: "Recommended movies" });
    expect(within(grid).getAllByRole("article")).toHaveLength(2);
    expect(within(grid).getAllByText("Because you rated Toy Story highly")).toHaveLength(2);
    expect(gateway.requests.at(-1)?.body).toEqual({
      ratings: [
        { movieId: 1, rating: 5 },
        { movieId: 260, rating: 4 },
        { movieId: 2571, rating: 3 },
      ],
      algorithm: "collab",
      limit: 20,
      exclude: null,
    });
    expect(screen.getByText(/Model: ease abcdef1/)).toBeInTheDocument();

    await user.click(screen.getByRole("radio", { name: "K-Means" }));
    const panel = await screen.findByRole("complementary", { name: "Your taste cluster #4" });
    expect(panel).toHaveTextContent("62% match");
    expect(panel).toHaveTextContent("Sci-Fi");
    expect(panel).toHaveTextContent("Aliens");
    expect((gateway.requests.at(-1)?.body as { algorithm: string }).algorithm).toBe("kmeans");

    await user.click(screen.getByRole("radio", { name: "Both" }));
    const collab = await screen.findByRole("region", { name: "Collaborative filtering" });
    const kmeans = screen.getByRole("region", { name: "K-Means clusters" });
    expect(within(collab).getAllByRole("article").map((a) => a.getAttribute("data-movie-id"))).toEqual(["1196", "1210"]);
    expect(within(kmeans).getAllByRole("article").map((a) => a.getAttribute("data-movie-id"))).toEqual(["1210", "1196"]);
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).algorithm).toBe("both");
  });

  it("says honestly when the answer is partial or only popular movies", async () => {
    gateway.handlers.recommend = (body) => ({
      body: answer(body, [rec(318, "The Shawshank Redemption")], {
        fallback: true,
        degraded: true,
        problems: [{ part: "collab", code: "unavailable", message: "The collab service did not answer." }],
      }),
    });
    renderApp();
    await screen.findByRole("list", { name: "Recommended movies" });
    const warning = document.querySelector('[data-notice="warning"]');
    expect(warning).toHaveTextContent("Partial answer");
    expect(warning).toHaveTextContent("Collaborative filtering: The collab service did not answer.");
    expect(document.querySelector('[data-notice="info"]')).toHaveTextContent("Showing popular movies for now.");
  });

  it("updates the list when a recommended movie is rated or marked as seen", async () => {
    const user = userEvent.setup();
    gateway.handlers.recommend = (body) => {
      const known = new Set([...body.ratings!.map((r) => r.movieId), ...(body.exclude ?? [])]);
      const all = [rec(1196, "The Empire Strikes Back"), rec(1210, "Return of the Jedi"), rec(1240, "The Terminator")];
      return { body: answer(body, all.filter((m) => !known.has(m.movieId))) };
    };
    renderApp();
    await screen.findByRole("article", { name: "The Empire Strikes Back" });

    await user.click(within(card("Return of the Jedi")).getByRole("button", { name: /Seen Return of the Jedi/ }));
    expect(screen.queryByRole("article", { name: "Return of the Jedi" })).toBeNull();

    within(card("The Empire Strikes Back")).getByRole("slider").focus();
    await user.keyboard("5");
    expect(card("The Empire Strikes Back")).toHaveTextContent("Rated · list updating");
    await waitFor(() => expect(screen.queryByRole("article", { name: "The Empire Strikes Back" })).toBeNull(), { timeout: 3000 });
    expect(screen.getByRole("article", { name: "The Terminator" })).toBeInTheDocument();
    const last = gateway.requests.at(-1)?.body as { ratings: { movieId: number }[]; exclude: number[] };
    expect(last.exclude).toEqual([1210]);
    expect(last.ratings.map((r) => r.movieId)).toContain(1196);
  });

  it("shows an error with a retry instead of a blank page", async () => {
    const user = userEvent.setup();
    gateway.handlers.recommend = () => apiError(503, "No recommender is answering right now.");
    renderApp();
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("No recommender is answering right now.");
    gateway.handlers.recommend = (body) => ({ body: answer(body, [rec(1196, "The Empire Strikes Back")]) });
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    await screen.findByRole("article", { name: "The Empire Strikes Back" });
  });

  it("asks for more ratings before there are three", async () => {
    localStorage.clear();
    renderApp();
    expect(screen.getByText(/Rate at least 3 movies to get recommendations — 3 to go/)).toBeInTheDocument();
    expect(gateway.requests.filter((r) => r.path === "/api/v1/recommendations")).toHaveLength(0);
  });
});

describe("partial answers on the rating screen", () => {
  it("says when posters are missing instead of hiding it", async () => {
    gateway.handlers.onboarding = () => ({
      body: {
        items: ONBOARDING,
        seed: 3,
        degraded: true,
        problems: [{ part: "posters", code: "unavailable", message: "The posters service did not answer." }],
      },
    });
    renderApp();
    await screen.findByRole("article", { name: "Toy Story" });
    expect(document.querySelector('[data-notice="warning"]')).toHaveTextContent(
      "Some posters are missing right now.The posters service did not answer.",
    );
  });
});
