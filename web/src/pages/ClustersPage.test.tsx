/**
 * The clusters page against the real gateway: what it shows is compared with the gateway's own
 * answer, so the test holds for whatever the model learnt. kmeans down (a 503) is the one case
 * the live stack does not give (its kmeans is always up): a client that answers the way the
 * gateway does then, typed by the generated schema; the e2e run sees the real one.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, createApi, type Api, type ClusterList } from "../api/client";
import { STORAGE_KEY } from "../state/persist";
import { gatewayUrl, liveApi, type LiveApi } from "../test/live";
import { renderAt } from "../test/render";
import { KMEANS_DOWN, SIGNATURE_COUNT } from "./ClustersPage";

let live: LiveApi;
const scrollIntoView = vi.fn();

beforeEach(() => {
  live = liveApi();
  // jsdom lays nothing out and has no scrollIntoView; a spy says whether the page asked.
  Element.prototype.scrollIntoView = scrollIntoView;
  scrollIntoView.mockClear();
});
afterEach(() => {
  delete (Element.prototype as Partial<Element>).scrollIntoView;
});

const answer = (): Promise<ClusterList> => createApi(gatewayUrl()).clusters(SIGNATURE_COUNT);
/** The clusters once on screen (by class: a role query over ~100 sections is slow in jsdom). */
async function clusterSections(): Promise<HTMLElement[]> {
  await waitFor(() => expect(document.querySelector("section.clustercard")).not.toBeNull(), { timeout: 15_000 });
  return [...document.querySelectorAll<HTMLElement>("section.clustercard")];
}
const RATED = [
  { movieId: 1, rating: 5 },
  { movieId: 260, rating: 4 },
  { movieId: 2571, rating: 3 },
];

function storeRatings() {
  const ratings = Object.fromEntries(RATED.map(({ movieId, rating }) => [movieId, { movieId, rating, title: `Movie ${movieId}`, year: null, genres: [] }]));
  localStorage.setItem(STORAGE_KEY, JSON.stringify({ ratings, skipped: [], seen: [], algorithm: "collab" }));
}

describe("the clusters page", () => {
  // First, while the test's HTTP connections are fresh: after a test renders ~600 cards the event
  // loop has been busy for seconds, and a POST on a keep-alive socket the gateway closed meanwhile
  // fails in undici ("other side closed"; POSTs are not retried). The page's GETs retry.
  it("marks the person's own cluster, the one K-Means places their ratings in, and scrolls to it", async () => {
    storeRatings();
    const kmeans = await createApi(gatewayUrl()).recommend({ ratings: RATED, algorithm: "kmeans", limit: 1 });
    const yourId = kmeans.results.kmeans!.cluster!.id;
    renderAt("/clusters", live.api);
    await clusterSections();
    const line = screen.getByTestId("your-cluster");
    await waitFor(() => expect(line).toHaveTextContent(`Your ratings are closest to cluster #${yourId}`));
    expect(live.calls).toContainEqual({ method: "recommend", input: { ratings: RATED, algorithm: "kmeans", limit: 1 } });

    const badges = screen.getAllByText("Your cluster");
    expect(badges).toHaveLength(1);
    const yours = badges[0]!.closest("section")!;
    expect(yours).toHaveAttribute("data-cluster-id", String(yourId));
    expect(yours).toHaveClass("clustercard--yours");
    expect(scrollIntoView).toHaveBeenCalledTimes(1);
    expect(scrollIntoView.mock.contexts[0]).toBe(yours);

    await userEvent.setup().click(within(line).getByRole("button", { name: "Show it" }));
    expect(scrollIntoView).toHaveBeenCalledTimes(2);
  }, 60_000);

  it("lists every cluster with its size, top genres and signature movies, as the gateway says", async () => {
    const expected = await answer();
    renderAt("/clusters", live.api);
    expect(screen.getByRole("status", { name: "Loading the clusters" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: "Taste clusters" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Clusters" })).toHaveAttribute("aria-current", "page");
    await waitFor(() => expect(document.title).toBe("Taste clusters — movierec"));

    const sections = await clusterSections();
    expect(sections.map((s) => Number(s.getAttribute("data-cluster-id")))).toEqual(expected.items.map((c) => c.clusterId));
    expect(live.calls).toContainEqual({ method: "clusters", input: { signature: SIGNATURE_COUNT } });
    // ~100 clusters of six cards: plain DOM reads here, role queries over the lot are too slow in jsdom.
    for (const [i, cluster] of expected.items.entries()) {
      const section = sections[i]!;
      expect(section.querySelector(".clustercard__size")).toHaveTextContent(`${cluster.size.toLocaleString("en-US")} user`);
      const shown = [...section.querySelectorAll(".bars__label")].map((l) => l.textContent);
      expect(shown).toEqual(cluster.topGenres.slice(0, 5).map((g) => g.genre));
      const cards = [...section.querySelectorAll("article")];
      expect(cards.map((c) => Number(c.getAttribute("data-movie-id")))).toEqual(cluster.signatureMovies.map((m) => m.movieId));
      for (const card of cards) expect(card.querySelector(".card__title a")).toHaveAttribute("href", `/movies/${card.getAttribute("data-movie-id")}`);
      if (cluster.signatureMovies.length === 0) expect(section).toHaveTextContent("No signature movies");
    }
    // ml-latest-small has a cluster without signature movies: the note above was really seen.
    expect(expected.items.some((c) => c.signatureMovies.length === 0)).toBe(true);
    // No ratings: no cluster is "yours", the page says how to get one, and nothing was asked.
    expect(screen.getByTestId("your-cluster")).toHaveTextContent("Rate 3 more movies to see which cluster is yours.");
    expect(screen.queryByText("Your cluster")).toBeNull();
    expect(live.calls.some((c) => c.method === "recommend")).toBe(false);
    expect(scrollIntoView).not.toHaveBeenCalled();
  }, 60_000);

  it("opens from the header", async () => {
    const user = userEvent.setup();
    const { router } = renderAt("/", live.api);
    await user.click(screen.getByRole("link", { name: "Clusters" }));
    expect(router.state.location.pathname).toBe("/clusters");
    expect(await clusterSections()).not.toHaveLength(0);
  }, 60_000);

  it("says K-Means is down, with a retry, instead of a blank page", async () => {
    const user = userEvent.setup();
    let down = true;
    // The gateway's answer while kmeans is away: HTTP 503 in the error shape (ApiError from unwrap).
    const api: Api = {
      ...live.api,
      clusters: (signature, signal) =>
        down ? Promise.reject(new ApiError("kmeans is unavailable: clusters_unavailable", 503)) : live.api.clusters(signature, signal),
    };
    renderAt("/clusters", api);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Couldn’t load the clusters");
    expect(alert).toHaveTextContent(KMEANS_DOWN);
    expect(screen.getByRole("heading", { level: 1, name: "Taste clusters" })).toBeInTheDocument();
    down = false;
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await clusterSections()).not.toHaveLength(0);
    expect(screen.queryByRole("alert")).toBeNull();
  }, 60_000);
});
