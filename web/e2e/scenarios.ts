/** What a person does with the app, step by step, with a screenshot after each step. */
import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";

export interface Ctx {
  browser: Browser;
  base: string;
  shots: string;
  log: (line: string) => void;
  check: (name: string, body: () => Promise<void>) => Promise<void>;
}

const TIMEOUT = 30_000;
let context: BrowserContext | null = null;
let shotNo = 0;

async function shot(ctx: Ctx, page: Page, name: string, fullPage = true): Promise<void> {
  shotNo += 1;
  const file = join(ctx.shots, `${String(shotNo).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file, fullPage });
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeout = TIMEOUT): Promise<void> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A tab of the header. Exact: Playwright matches a string name as a case-blind substring,
 * and a movie link such as "Pirates of the Caribbean" contains "rate". */
const screenLink = (page: Page, name: string) =>
  page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name, exact: true });
const counter = (page: Page) => page.getByTestId("counter");
const recGrid = (page: Page) => page.getByRole("list", { name: "Recommended movies" });
const similarGrid = (page: Page) => page.getByRole("list", { name: "Similar movies" });
const movieHeading = (page: Page) => page.getByRole("heading", { level: 1 });
const moviePath = (page: Page) => new URL(page.url()).pathname;

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 0, `page is ${overflow}px wider than the phone screen`);
}

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await locator.boundingBox();
  expect(found !== null, `no box for ${locator}`);
  return found!;
}

/** The movie and similar-movie pages keep their boxes: no jump when the answer, then the posters arrive. */
function expectSameBox(what: string, before: { x: number; y: number; width: number; height: number }, after: typeof before): void {
  const moved = (["x", "y", "width", "height"] as const).filter((k) => Math.abs(before[k] - after[k]) > 1);
  expect(moved.length === 0, `${what} moved: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
}

/** Scroll through the page so lazy images load, then count posters really loaded. */
async function loadedPosters(page: Page, scope: Locator): Promise<number> {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 500) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 60));
    }
    window.scrollTo(0, 0);
  });
  return scope.locator("img.poster__img").evaluateAll(
    (imgs) => imgs.filter((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0).length,
  );
}

async function expectCounter(page: Page, rated: number): Promise<void> {
  await waitFor(`counter to say ${rated} rated`, async () => (await counter(page).textContent())?.includes(`${rated} rated`) ?? false);
}

export async function mainScenario(ctx: Ctx): Promise<void> {
  context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  watchPolicy(page, errors);
  const toRate = page.getByRole("list", { name: "Movies to rate" }).getByRole("article");

  await ctx.check("the rating screen shows well-known movies with posters", async () => {
    await page.goto(`${ctx.base}/`);
    await toRate.nth(11).waitFor();
    await waitFor("onboarding posters", async () => (await loadedPosters(page, page.locator("main"))) >= 6);
    await expectCounter(page, 0);
    await shot(ctx, page, "onboarding", false);
  });

  await ctx.check("five movies are rated with the keyboard and the mouse, one is skipped", async () => {
    const keys: [number, string[], string][] = [
      [0, ["End", "ArrowLeft"], "4.5"],
      [1, ["4"], "4"],
      [2, ["ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight"], "2.5"],
    ];
    for (const [i, presses, expected] of keys) {
      const slider = toRate.nth(i).getByRole("slider");
      await slider.focus();
      for (const key of presses) await page.keyboard.press(key);
      expect((await slider.getAttribute("aria-valuenow")) === expected, `keyboard rating ${i} is not ${expected}`);
    }
    for (const [i, value] of [
      [3, "5"],
      [4, "3.5"],
    ] as const) {
      const slider = toRate.nth(i).getByRole("slider");
      await slider.locator(`[data-value="${value}"]`).click();
      expect((await slider.getAttribute("aria-valuenow")) === value, `mouse rating ${i} is not ${value}`);
    }
    const skipped = toRate.nth(5);
    const skippedId = await skipped.getAttribute("data-movie-id");
    await skipped.getByRole("button", { name: /^Haven't seen/ }).click();
    await page.locator(`ul[aria-label="Movies to rate"] [data-movie-id="${skippedId}"]`).waitFor({ state: "detached" });
    await expectCounter(page, 5);
    await shot(ctx, page, "rated-five", false);
  });

  await ctx.check("search finds any movie and rates it", async () => {
    await page.getByRole("searchbox").fill("matrix");
    const results = page.getByRole("list", { name: "Search results" });
    const first = results.locator("li").first();
    await first.waitFor();
    expect(/matrix/i.test((await first.textContent()) ?? ""), "first search result is not a Matrix movie");
    await first.locator('[data-value="5"]').click();
    await expectCounter(page, 6);
    await shot(ctx, page, "search", false);
  });

  await ctx.check("more movies brings another set", async () => {
    const before = await toRate.count();
    await page.getByRole("button", { name: "More movies" }).click();
    await waitFor("more movies", async () => (await toRate.count()) > before);
  });

  await ctx.check("collaborative recommendations: at least 10, with posters and reasons", async () => {
    await page.getByRole("button", { name: /Get recommendations/ }).click();
    await recGrid(page).getByRole("article").nth(9).waitFor();
    const notes = await recGrid(page).locator(".card__note").count();
    expect(notes >= 1, "no recommendation says why it was picked");
    await waitFor("10 poster images loaded", async () => (await loadedPosters(page, recGrid(page))) >= 10);
    await shot(ctx, page, "collab");
  });

  await ctx.check("K-Means shows the taste cluster and its picks", async () => {
    await page.getByRole("radio", { name: "K-Means" }).check();
    const cluster = page.getByRole("complementary", { name: /Your taste cluster/ });
    await cluster.waitFor();
    await waitFor("kmeans results", async () => (await recGrid(page).getByRole("article").count()) >= 10 && !(await page.locator(".updating").count()));
    expect(((await cluster.textContent()) ?? "").includes("Top genres"), "cluster panel has no top genres");
    await waitFor("kmeans posters", async () => (await loadedPosters(page, recGrid(page))) >= 10);
    await shot(ctx, page, "kmeans");
  });

  await ctx.check("both algorithms side by side", async () => {
    await page.getByRole("radio", { name: "Both" }).check();
    const collab = page.getByRole("region", { name: "Collaborative filtering" });
    const kmeans = page.getByRole("region", { name: "K-Means clusters" });
    await collab.getByRole("article").nth(4).waitFor();
    await kmeans.getByRole("article").nth(4).waitFor();
    await waitFor("posters in both columns", async () => (await loadedPosters(page, page.locator(".compare"))) >= 10);
    await shot(ctx, page, "both");
    // The README's picture (make screenshots): this screen from the top down to the first row of
    // K-Means cards under the cluster panel, so both columns and the panel show.
    await page.evaluate(() => window.scrollTo(0, 0));
    const card = await kmeans.getByRole("article").first().boundingBox();
    expect(card !== null, "no K-Means card to crop the README picture at");
    const width = page.viewportSize()?.width ?? 1280;
    const height = Math.ceil(card!.y + card!.height + 8);
    await page.screenshot({ path: join(ctx.shots, "readme-both.png"), fullPage: true, clip: { x: 0, y: 0, width, height } });
  });

  await ctx.check("rating or marking a recommendation as seen updates the list", async () => {
    await page.getByRole("radio", { name: "Collaborative" }).check();
    await waitFor("collab list", async () => (await page.locator(".compare").count()) === 0 && (await recGrid(page).getByRole("article").count()) >= 10);
    const cards = recGrid(page).getByRole("article");
    const ratedId = await cards.nth(0).getAttribute("data-movie-id");
    const seenId = await cards.nth(1).getAttribute("data-movie-id");
    await cards.nth(1).getByRole("button", { name: /^Seen / }).click();
    await recGrid(page).locator(`[data-movie-id="${seenId}"]`).waitFor({ state: "detached" });
    const slider = recGrid(page).locator(`[data-movie-id="${ratedId}"]`).getByRole("slider");
    await slider.focus();
    await page.keyboard.press("4");
    await expectCounter(page, 7);
    await recGrid(page).locator(`[data-movie-id="${ratedId}"]`).waitFor({ state: "detached" });
    await waitFor("the list refilled", async () => (await recGrid(page).getByRole("article").count()) >= 10);
    await shot(ctx, page, "refined");
  });

  await ctx.check("ratings are kept across a reload", async () => {
    await page.reload();
    await expectCounter(page, 7);
    await recGrid(page).getByRole("article").nth(9).waitFor();
    await screenLink(page, "Rate").click();
    const yours = page.getByRole("list", { name: "Your ratings" }).locator("li");
    await waitFor("7 kept ratings", async () => (await yours.count()) === 7);
    await shot(ctx, page, "after-reload", false);
  });

  await yearChecks(ctx, page);
  await clusterChecks(ctx, page);

  const movieId = await movieChecks(ctx, page);

  await ctx.check("phone-sized screen: no sideways scrolling", async () => {
    const phone = await context!.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${ctx.base}/recommendations`);
    await recGrid(phone).getByRole("article").nth(3).waitFor();
    await loadedPosters(phone, recGrid(phone));
    await expectNoSidewaysScroll(phone);
    await shot(ctx, phone, "phone", false);
    await phone.goto(`${ctx.base}/movies/${movieId ?? 1}`);
    await similarGrid(phone).getByRole("article").nth(3).waitFor();
    await loadedPosters(phone, phone.locator("main"));
    await expectNoSidewaysScroll(phone);
    await shot(ctx, phone, "phone-movie", false);
    await phone.goto(`${ctx.base}/clusters`);
    await yourCluster(phone).waitFor();
    await scrollSettled(phone);
    await waitFor("your cluster's posters on the phone", async () => (await postersIn(yourCluster(phone))) >= 1);
    await expectNoSidewaysScroll(phone);
    await shot(ctx, phone, "phone-clusters", false);
    // An old hash bookmark of the rating screen lands on its new address.
    await phone.goto(`${ctx.base}/#/rate`);
    await phone.getByRole("list", { name: "Movies to rate" }).getByRole("article").nth(3).waitFor();
    expect(new URL(phone.url()).pathname === "/" && new URL(phone.url()).hash === "", `#/rate went to ${phone.url()}`);
    await shot(ctx, phone, "phone-rate", false);
    await phone.close();
  });

  await ctx.check("no script errors or Content-Security-Policy violations on the page", async () => {
    expect(errors.length === 0, `page errors: ${errors.join("; ")}`);
  });
}

const clusterCards = (page: Page) => page.locator("section.clustercard");
/** The page scrolls smoothly to your cluster: wait until it has come to rest. */
async function scrollSettled(page: Page): Promise<void> {
  let last = -1;
  await waitFor("the scroll to settle", async () => {
    const y = await page.evaluate(() => window.scrollY);
    const still = y === last;
    last = y;
    return still;
  });
}
const yourCluster = (page: Page) => page.locator("section.clustercard--yours");
/** Loaded poster images inside a locator, without scrolling (what is on screen now). */
const postersIn = (scope: Locator) =>
  scope.locator("img.poster__img").evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0).length);
/** The years the recommendation cards show (each card's meta line starts with its year). */
const cardYears = (scope: Locator) => scope.locator(".card__meta").evaluateAll((metas) => metas.map((m) => Number((m.textContent ?? "").slice(0, 4))));

/** The year filter: typed 1990–1999, every card inside it, a wrong entry explained, then any year again. */
async function yearChecks(ctx: Ctx, page: Page): Promise<void> {
  await ctx.check("the year filter limits the recommendations to 1990–1999 and explains a wrong entry", async () => {
    await screenLink(page, "Recommendations").click();
    await recGrid(page).getByRole("article").nth(9).waitFor();
    await page.getByLabel("From", { exact: true }).fill("1990");
    await page.getByLabel("to", { exact: true }).fill("1999");
    await page.getByLabel("to", { exact: true }).press("Enter");
    await waitFor("the 1990s preset to light up", async () => (await page.getByRole("button", { name: "1990s" }).getAttribute("aria-pressed")) === "true");
    await waitFor("a 1990s list", async () => {
      if (await page.locator(".updating").count()) return false;
      const years = await cardYears(recGrid(page));
      return years.length >= 10 && years.every((y) => y >= 1990 && y <= 1999);
    });
    const years = await cardYears(recGrid(page));
    ctx.log(`1990–1999: ${years.length} cards, years ${Math.min(...years)}–${Math.max(...years)}`);
    await waitFor("posters of the 1990s list", async () => (await loadedPosters(page, recGrid(page))) >= 10);
    await shot(ctx, page, "years-1990s");
    // K-Means gets the same range.
    await page.getByRole("radio", { name: "K-Means" }).check();
    await waitFor("a 1990s K-Means list", async () => {
      if (await page.locator(".updating").count()) return false;
      const k = await cardYears(recGrid(page));
      return (await page.getByRole("complementary", { name: /Your taste cluster/ }).count()) === 1 && k.length > 0 && k.every((y) => y >= 1990 && y <= 1999);
    });
    await page.getByRole("radio", { name: "Collaborative" }).check();
    await waitFor("collab again", async () => (await page.getByRole("complementary", { name: /Your taste cluster/ }).count()) === 0);

    // A reversed range is explained beside the inputs and not sent.
    let sent = 0;
    const count = () => (sent += 1);
    page.on("request", (r) => r.url().endsWith("/api/v1/recommendations") && count());
    await page.getByLabel("From", { exact: true }).fill("2001");
    await page.getByRole("button", { name: "Apply" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    const text = (await alert.textContent()) ?? "";
    expect(text.includes("is after"), `no explanation of the reversed range: ${text}`);
    await shot(ctx, page, "years-invalid", false);
    expect(sent === 0, `a reversed range was sent (${sent} requests)`);
    page.removeAllListeners("request");

    await page.getByRole("button", { name: "Any year" }).click();
    await waitFor("any year again", async () => (await page.getByLabel("From", { exact: true }).inputValue()) === "" && (await page.getByRole("alert").count()) === 0);
    await waitFor("a list of any year", async () => !(await page.locator(".updating").count()) && (await recGrid(page).getByRole("article").count()) >= 10);
  });
}

/** The clusters page from the header: every cluster, the reader's own marked and in view; no jump as posters load. */
async function clusterChecks(ctx: Ctx, page: Page): Promise<void> {
  await ctx.check("the Clusters page lists the clusters with sizes, genres and signature movies, and marks yours", async () => {
    await screenLink(page, "Clusters").click();
    await waitFor("the clusters URL", async () => moviePath(page) === "/clusters");
    await clusterCards(page).nth(9).waitFor();
    const n = await clusterCards(page).count();
    const first = clusterCards(page).first();
    expect(/\d+ users?/.test((await first.locator(".clustercard__size").textContent()) ?? ""), "the first cluster shows no size");
    expect((await first.locator(".bars li").count()) >= 3, "the first cluster shows fewer than three genres");
    expect((await first.getByRole("article").count()) >= 1, "the first cluster shows no signature movie");
    const empty = clusterCards(page).filter({ hasText: "No signature movies" });
    ctx.log(`${n} clusters, ${await empty.count()} without signature movies`);

    const yours = yourCluster(page);
    await yours.waitFor();
    expect((await yours.locator(".badge", { hasText: "Your cluster" }).count()) === 1, "your cluster has no badge");
    const line = (await page.getByTestId("your-cluster").textContent()) ?? "";
    const id = await yours.getAttribute("data-cluster-id");
    expect(line.includes(`cluster #${id}`), `the line names another cluster: ${line}`);
    // Scrolled to: its top comes to rest below the sticky header.
    await scrollSettled(page);
    await waitFor("your cluster in view", async () => {
      const b = await yours.boundingBox();
      return b !== null && b.y >= 0 && b.y < 200;
    });
    await waitFor("your cluster's posters", async () => (await postersIn(yours)) >= Math.min(3, await yours.getByRole("article").count()));
    const rest = await box(yours);
    await waitFor("all of your cluster's posters", async () => (await postersIn(yours)) === (await yours.locator("img.poster__img").count()));
    expectSameBox("your cluster once posters loaded", rest, await box(yours));
    await shot(ctx, page, "clusters-yours", false);
    await page.evaluate(() => window.scrollTo(0, 0));
    await waitFor("the top", async () => (await page.evaluate(() => window.scrollY)) === 0);
    await waitFor("the first clusters' posters", async () => (await postersIn(clusterCards(page).first())) >= 3);
    await shot(ctx, page, "clusters", false);
    if (await empty.count()) {
      await empty.first().scrollIntoViewIfNeeded();
      await shot(ctx, page, "clusters-empty-signature", false);
    }
    // A signature movie's card leads to its page.
    const card = first.getByRole("article").first();
    const title = (await card.locator("h3").textContent()) ?? "";
    await card.getByRole("link", { name: title }).click();
    await waitFor(`the heading ${title}`, async () => ((await movieHeading(page).textContent()) ?? "").startsWith(title));
    await page.goBack();
    await waitFor("back on the clusters", async () => moviePath(page) === "/clusters");
  });
}

/**
 * A movie's page, from the recommendations: its placeholders, rating it there, a similar movie
 * by keyboard, back, and a reload on the movie's own URL. Returns the movie's id.
 */
async function movieChecks(ctx: Ctx, page: Page): Promise<number | null> {
  let movieId: number | null = null;
  let title = "";
  let rated = 7;

  await ctx.check("a recommendation opens its movie's page, which keeps its boxes while loading", async () => {
    await screenLink(page, "Recommendations").click();
    const card = recGrid(page).getByRole("article").first();
    await recGrid(page).getByRole("article").nth(9).waitFor();
    movieId = Number(await card.getAttribute("data-movie-id"));
    title = (await card.locator("h3").textContent()) ?? "";
    const link = card.getByRole("link", { name: title });
    expect((await link.getAttribute("href")) === `/movies/${movieId}`, "the card's title is not a real link to its page");
    // Hold the answer back until the placeholders are measured: the local stack is too quick to see them.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const api = (url: URL) => url.pathname === `/api/v1/movies/${movieId}`;
    await page.route(api, async (route) => {
      await held;
      await route.continue();
    });
    await link.click();
    await waitFor("the movie's URL", async () => moviePath(page) === `/movies/${movieId}`);
    const skeleton = page.getByRole("status", { name: "Loading the movie" });
    await skeleton.waitFor();
    const posterBefore = await box(skeleton.locator(".poster"));
    const cardBefore = await box(page.getByRole("status", { name: "Loading similar movies" }).locator(".card").first());
    await shot(ctx, page, "movie-loading", false);
    release();
    await waitFor(`the heading ${title}`, async () => ((await movieHeading(page).textContent()) ?? "").startsWith(title));
    await page.unroute(api);
    await similarGrid(page).getByRole("article").nth(11).waitFor();
    expectSameBox("the poster box", posterBefore, await box(page.locator("section.movie .poster")));
    const firstCard = similarGrid(page).getByRole("article").first();
    const cardAfter = await box(firstCard);
    expect(Math.abs(cardAfter.width - cardBefore.width) <= 1, `similar cards changed width: ${cardBefore.width} -> ${cardAfter.width}`);
    ctx.log(`similar grid moved ${Math.round(cardAfter.y - cardBefore.y)} px when the movie arrived`);
    await waitFor("similar posters", async () => (await loadedPosters(page, similarGrid(page))) >= 12);
    expectSameBox("the first similar card once posters loaded", cardAfter, await box(firstCard));
    expect(await page.title() === `${await movieHeading(page).textContent()} — movierec`, `document title: ${await page.title()}`);
    const heading = (await page.getByRole("heading", { level: 2 }).allTextContents()).join(" | ");
    expect(heading.includes("People who liked this also liked"), `no collaborative heading: ${heading}`);
    const imdb = page.getByRole("link", { name: /IMDb page/ });
    expect(/^https:\/\/www\.imdb\.com\/title\/tt\d{7,}\/$/.test((await imdb.getAttribute("href")) ?? ""), "no IMDb link");
    expect(((await imdb.getAttribute("rel")) ?? "").includes("noopener"), "the IMDb link lacks rel=noopener");
  });

  await ctx.check("the movie is rated on its page, into the same ratings", async () => {
    const slider = page.locator("section.movie").getByRole("slider");
    await slider.locator('[data-value="4.5"]').click();
    expect((await slider.getAttribute("aria-valuenow")) === "4.5", "the movie's rating is not 4.5");
    rated += 1;
    await expectCounter(page, rated);
    // A star on a similar card rates it and stays on this page.
    const similarStars = similarGrid(page).getByRole("article").nth(1).getByRole("slider");
    await similarStars.locator('[data-value="3"]').click();
    rated += 1;
    await expectCounter(page, rated);
    expect(moviePath(page) === `/movies/${movieId}`, `a star click navigated to ${page.url()}`);
    await page.evaluate(() => window.scrollTo(0, 0)); // a full-page shot scrolled down repeats the sticky header
    await shot(ctx, page, "movie");
  });

  await ctx.check("a similar movie opens by keyboard at the top of its page; back returns", async () => {
    const card = similarGrid(page).getByRole("article").first();
    const similarId = Number(await card.getAttribute("data-movie-id"));
    const similarTitle = (await card.locator("h3").textContent()) ?? "";
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    expect((await page.evaluate(() => window.scrollY)) > 0, "the page does not scroll: nothing to check 'top of the new page' against");
    await card.getByRole("link", { name: similarTitle }).focus();
    await page.keyboard.press("Enter");
    await waitFor("the similar movie's URL", async () => moviePath(page) === `/movies/${similarId}`);
    await waitFor(`the heading ${similarTitle}`, async () => ((await movieHeading(page).textContent()) ?? "").startsWith(similarTitle));
    await waitFor("the new page at the top", async () => (await page.evaluate(() => window.scrollY)) === 0);
    await similarGrid(page).getByRole("article").nth(11).waitFor();
    await waitFor("similar posters", async () => (await loadedPosters(page, similarGrid(page))) >= 12);
    await shot(ctx, page, "movie-similar", false);

    await page.goBack();
    await waitFor("the first movie's URL again", async () => moviePath(page) === `/movies/${movieId}`);
    await waitFor(`the heading ${title} again`, async () => ((await movieHeading(page).textContent()) ?? "").startsWith(title));
    const slider = page.locator("section.movie").getByRole("slider");
    expect((await slider.getAttribute("aria-valuenow")) === "4.5", "the rating given on the page is gone after back");
    await page.goForward();
    await waitFor("forward to the similar movie", async () => moviePath(page) === `/movies/${similarId}`);
    await page.goBack();
    await waitFor("back to the first movie", async () => moviePath(page) === `/movies/${movieId}`);
  });

  await ctx.check("a reload on /movies/<id> shows the movie (the gateway serves the app there)", async () => {
    const response = await page.reload();
    expect(response?.status() === 200, `reload answered HTTP ${response?.status()}`);
    await waitFor(`the heading ${title} after reload`, async () => ((await movieHeading(page).textContent()) ?? "").startsWith(title));
    await expectCounter(page, rated);
    expect((await page.locator("section.movie").getByRole("slider").getAttribute("aria-valuenow")) === "4.5", "rating lost on reload");
    await similarGrid(page).getByRole("article").nth(11).waitFor();
    await waitFor("similar posters", async () => (await loadedPosters(page, similarGrid(page))) >= 12);
    await shot(ctx, page, "movie-reloaded");
    // Unknown ids get a page that says so, not a blank one.
    await page.goto(`${ctx.base}/movies/${2 ** 31 - 1}`);
    await waitFor("no such movie", async () => (await movieHeading(page).textContent()) === "No such movie");
    await shot(ctx, page, "movie-unknown", false);
    await page.goBack();
    await waitFor("back on the movie", async () => moviePath(page) === `/movies/${movieId}`);
  });
  return movieId;
}

/** Collect what the gateway's Content-Security-Policy blocked: Chromium reports each block as a
 * console error and a securitypolicyviolation event. */
function watchPolicy(page: Page, errors: string[]): void {
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) errors.push(`CSP: ${message.text()}`);
  });
}

/** /docs (Swagger UI) and /redoc (ReDoc) under the gateway's CSP, from its own files only. */
export async function apiDocsScenario(ctx: Ctx): Promise<void> {
  const checks: [string, string, string][] = [
    ["/docs", "#swagger-ui .opblock", "docs-swagger"],
    ["/redoc", "redoc h1", "docs-redoc"],
  ];
  for (const [path, rendered, name] of checks) {
    await ctx.check(`${path} renders with its own assets and no CSP violation`, async () => {
      const own = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await own.newPage();
      page.setDefaultTimeout(TIMEOUT);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      watchPolicy(page, errors);
      page.on("request", (request) => {
        const url = request.url();
        if (!url.startsWith(ctx.base) && !/^(data|blob):/.test(url)) errors.push(`external request: ${url}`);
      });
      await page.goto(`${ctx.base}${path}`, { waitUntil: "networkidle" });
      await page.locator(rendered).first().waitFor();
      await shot(ctx, page, name, false);
      await own.close();
      expect(errors.length === 0, `${path}: ${errors.join("; ")}`);
    });
  }
}

export async function degradedScenario(ctx: Ctx): Promise<void> {
  await ctx.check("with the collab service down, the page says so instead of going blank", async () => {
    const page = await context!.newPage();
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(`${ctx.base}/recommendations`);
    const warning = page.locator('[data-notice="warning"]').first();
    await warning.waitFor();
    const text = (await warning.textContent()) ?? "";
    expect(text.includes("Collaborative filtering"), `the warning does not name the missing part: ${text}`);
    await recGrid(page).getByRole("article").first().waitFor();
    await shot(ctx, page, "degraded-collab");
    await page.getByRole("radio", { name: "Both" }).check();
    await page.getByRole("region", { name: "K-Means clusters" }).getByRole("article").first().waitFor();
    await shot(ctx, page, "degraded-both");
    await page.close();
  });
  await ctx.check("with the collab service down, a movie's page offers movies of the same genres and says why", async () => {
    const page = await context!.newPage();
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(`${ctx.base}/movies/1`);
    await similarGrid(page).getByRole("article").nth(11).waitFor();
    const heading = (await page.getByRole("heading", { level: 2 }).allTextContents()).join(" | ");
    expect(heading.includes("Same genres"), `no 'Same genres' heading: ${heading}`);
    const warning = (await page.locator('[data-notice="warning"]').first().textContent()) ?? "";
    expect(warning.includes("Collaborative filtering"), `the warning does not name the missing part: ${warning}`);
    await loadedPosters(page, similarGrid(page));
    await shot(ctx, page, "degraded-movie");
    await page.close();
  });
  await context?.close();
}

export async function postersDownScenario(ctx: Ctx): Promise<void> {
  await ctx.check("with the posters service down, onboarding says posters are missing and still lists movies", async () => {
    const own = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await own.newPage();
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(`${ctx.base}/`);
    const toRate = page.getByRole("list", { name: "Movies to rate" }).getByRole("article");
    await toRate.first().waitFor();
    const notice = page.locator('[data-notice="warning"]', { hasText: "Some posters are missing" });
    // The gateway still has the posters it was given in the last minutes: ask for more movies
    // until one it never showed comes up (12 of the 300 best-known each time).
    for (let round = 0; round < 10 && !(await notice.isVisible()); round += 1) {
      const before = await toRate.count();
      await page.getByRole("button", { name: "More movies" }).click();
      await waitFor("more movies", async () => (await toRate.count()) > before);
    }
    expect(await notice.isVisible(), "no 'Some posters are missing' notice with the posters service down");
    const text = (await notice.textContent()) ?? "";
    expect(/posters/i.test(text), `the notice does not say what failed: ${text}`);
    await shot(ctx, page, "posters-down");
    await own.close();
  });
}

export async function kmeansDownScenario(ctx: Ctx): Promise<void> {
  await ctx.check("with the kmeans service down, the Clusters page says so instead of going blank", async () => {
    const own = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await own.newPage();
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(`${ctx.base}/clusters`);
    const alert = page.getByRole("alert");
    await alert.waitFor();
    const text = (await alert.textContent()) ?? "";
    expect(text.includes("K-Means is not answering"), `the error does not say K-Means is down: ${text}`);
    expect((await page.getByRole("button", { name: "Try again" }).count()) === 1, "no retry");
    await shot(ctx, page, "clusters-kmeans-down", false);
    await own.close();
  });
}
