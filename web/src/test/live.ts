/**
 * Clients for the component tests. They all speak to real servers: the live gateway started by
 * the global setup (stack.ts), or a loopback port nobody listens on, for a real network error.
 */
import { createServer } from "node:net";
import { inject } from "vitest";
import { createApi, type Api, type RecommendationRequest } from "../api/client";

/** The gateway of the stack started for this test run. */
export const gatewayUrl = (): string => inject("gatewayUrl");

/** A loopback URL where nothing listens: requests there fail like a server that is down. */
export async function closedUrl(): Promise<string> {
  const port = await new Promise<number>((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const free = typeof address === "object" && address ? address.port : 0;
      server.close(() => ok(free));
    });
  });
  return `http://127.0.0.1:${port}`;
}

/** What the page asked for (the abort signal left out). */
export type Call =
  | { method: "onboarding"; input: { count: number; seed?: number } }
  | { method: "search"; input: { query: string; limit: number } }
  | { method: "recommend"; input: RecommendationRequest }
  | { method: "movie"; input: { movieId: number; similar: number } }
  | { method: "clusters"; input: { signature: number } };

/**
 * The real client, aimed at a base URL the test can change (a retry after the server came
 * back), and a log of the calls the page made through it.
 */
export interface LiveApi {
  api: Api;
  calls: Call[];
  target: (baseUrl: string) => void;
}

export function liveApi(baseUrl: string = gatewayUrl()): LiveApi {
  let client = createApi(baseUrl);
  const calls: Call[] = [];
  const api: Api = {
    onboarding: (count, seed, signal) => {
      calls.push({ method: "onboarding", input: seed === undefined ? { count } : { count, seed } });
      return client.onboarding(count, seed, signal);
    },
    search: (query, limit, signal) => {
      calls.push({ method: "search", input: { query, limit } });
      return client.search(query, limit, signal);
    },
    recommend: (body, signal) => {
      calls.push({ method: "recommend", input: body });
      return client.recommend(body, signal);
    },
    movie: (movieId, similar, signal) => {
      calls.push({ method: "movie", input: { movieId, similar } });
      return client.movie(movieId, similar, signal);
    },
    clusters: (signature, signal) => {
      calls.push({ method: "clusters", input: { signature } });
      return client.clusters(signature, signal);
    },
  };
  return { api, calls, target: (url) => (client = createApi(url)) };
}
