/**
 * The year filter on the recommendations screen, against the real gateway: what the page sends,
 * that every movie shown is inside the range (whatever the model picks), what it says about a
 * wrong entry, and that the choice outlives a reload.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { RecommendationRequest } from "../api/client";
import { STORAGE_KEY } from "../state/persist";
import { liveApi, type LiveApi } from "../test/live";
import { renderAt } from "../test/render";

let live: LiveApi;

/** Toy Story, Star Wars and The Matrix rated, and whatever else the test stores. */
function storeState(extra: Record<string, unknown> = {}) {
  const ratings = Object.fromEntries(
    ([[1, "Toy Story", 5], [260, "Star Wars", 4], [2571, "The Matrix", 3]] as const).map(([movieId, title, rating]) => [
      movieId,
      { movieId, title, rating, year: null, genres: [] },
    ]),
  );
  localStorage.setItem(STORAGE_KEY, JSON.stringify({ ratings, skipped: [], seen: [], algorithm: "collab", ...extra }));
}

const requests = () => live.calls.flatMap((c) => (c.method === "recommend" ? [c.input] : []));
const lastRequest = (): RecommendationRequest | undefined => requests().at(-1);
const grid = (timeout = 10_000) => screen.findByRole("list", { name: "Recommended movies" }, { timeout });
/** The year each card shows (its meta line starts with it). */
const yearsShown = (root: HTMLElement) =>
  within(root)
    .getAllByRole("article")
    .map((card) => Number(card.querySelector(".card__meta")?.textContent?.slice(0, 4)));

async function expectAllWithin(from: number, to: number) {
  await waitFor(
    async () => {
      const years = yearsShown(await grid());
      expect(years.length).toBeGreaterThan(0);
      for (const y of years) expect(y >= from && y <= to, `year ${y} outside ${from}–${to}`).toBe(true);
    },
    { timeout: 10_000 },
  );
}

beforeEach(() => {
  live = liveApi();
  storeState();
});

describe("the year filter", () => {
  it("sends nothing about years until one is chosen, then only movies of those years come back", async () => {
    const user = userEvent.setup();
    renderAt("/recommendations", live.api);
    await grid();
    expect(lastRequest()).not.toHaveProperty("yearFrom");
    expect(lastRequest()).not.toHaveProperty("yearTo");
    expect(screen.getByRole("button", { name: "Any year" })).toHaveAttribute("aria-pressed", "true");

    await user.click(screen.getByRole("button", { name: "1990s" }));
    await waitFor(() => expect(lastRequest()).toMatchObject({ yearFrom: 1990, yearTo: 1999, algorithm: "collab" }));
    await expectAllWithin(1990, 1999);
    expect(screen.getByRole("button", { name: "1990s" })).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByLabelText("From")).toHaveValue("1990");
    expect(screen.getByLabelText("to")).toHaveValue("1999");
    expect(screen.getByText("Only movies from 1990–1999.")).toBeInTheDocument();

    // The same range for K-Means and for both.
    await user.click(screen.getByRole("radio", { name: "K-Means" }));
    await waitFor(() => expect(lastRequest()).toMatchObject({ yearFrom: 1990, yearTo: 1999, algorithm: "kmeans" }));
    await expectAllWithin(1990, 1999);
    await user.click(screen.getByRole("radio", { name: "Both" }));
    await waitFor(() => expect(lastRequest()).toMatchObject({ yearFrom: 1990, yearTo: 1999, algorithm: "both" }));
    for (const name of ["Collaborative filtering", "K-Means clusters"]) {
      const column = await screen.findByRole("region", { name }, { timeout: 10_000 });
      await waitFor(() => {
        const years = yearsShown(column);
        expect(years.length).toBeGreaterThan(0);
        for (const y of years) expect(y >= 1990 && y <= 1999, `${name}: year ${y}`).toBe(true);
      });
    }
  });

  it("applies typed years on Enter, one bound alone too", async () => {
    const user = userEvent.setup();
    renderAt("/recommendations", live.api);
    await grid();
    await user.type(screen.getByLabelText("From"), "2005{Enter}");
    await waitFor(() => expect(lastRequest()).toMatchObject({ yearFrom: 2005 }));
    expect(lastRequest()).not.toHaveProperty("yearTo");
    await expectAllWithin(2005, 2200);
    expect(screen.getByText("Only movies since 2005.")).toBeInTheDocument();
  });

  it("explains a wrong entry beside the inputs and does not send it", async () => {
    const user = userEvent.setup();
    renderAt("/recommendations", live.api);
    await grid();
    const sent = requests().length;
    const from = screen.getByLabelText("From");
    const to = screen.getByLabelText("to");

    await user.type(from, "abc");
    await user.click(screen.getByRole("button", { name: "Apply" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("“abc” is not a year");
    expect(from).toHaveAttribute("aria-invalid", "true");
    expect(from).toHaveAccessibleDescription(/not a year/);

    await user.clear(from);
    await user.type(from, "1700{Enter}");
    expect(screen.getByRole("alert")).toHaveTextContent("between 1800 and 2200");

    await user.clear(from);
    await user.type(from, "1999");
    await user.type(to, "1990{Enter}");
    expect(screen.getByRole("alert")).toHaveTextContent("“From” (1999) is after “to” (1990)");
    expect(to).toHaveAttribute("aria-invalid", "true");
    expect(requests()).toHaveLength(sent);

    // Fixed: the message goes and the range is asked for.
    await user.clear(to);
    await user.type(to, "2009{Enter}");
    await waitFor(() => expect(lastRequest()).toMatchObject({ yearFrom: 1999, yearTo: 2009 }));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("is kept across a reload, and Any year takes it off", async () => {
    const user = userEvent.setup();
    storeState({ years: { from: 1980, to: 1989 } });
    const first = renderAt("/recommendations", live.api);
    await grid();
    expect(lastRequest()).toMatchObject({ yearFrom: 1980, yearTo: 1989 });
    expect(screen.getByRole("button", { name: "1980s" })).toHaveAttribute("aria-pressed", "true");
    await expectAllWithin(1980, 1989);
    await user.click(screen.getByRole("button", { name: "Since 2000" }));
    await waitFor(() => expect(lastRequest()).toMatchObject({ yearFrom: 2000 }));
    first.unmount();

    renderAt("/recommendations", live.api);
    await grid();
    expect(screen.getByRole("button", { name: "Since 2000" })).toHaveAttribute("aria-pressed", "true");
    expect(lastRequest()).toMatchObject({ yearFrom: 2000 });
    await user.click(screen.getByRole("button", { name: "Any year" }));
    await waitFor(() => expect(lastRequest()).not.toHaveProperty("yearFrom"));
    expect((JSON.parse(localStorage.getItem(STORAGE_KEY)!) as { years: unknown }).years).toEqual({ from: null, to: null });
  });
});
