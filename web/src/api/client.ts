/**
 * The gateway's public API, typed by the schema generated from its /openapi.json
 * (`npm run client:gen`). Errors become ApiError with the gateway's own message, so the page
 * can say what went wrong instead of "something failed".
 */
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

type Schemas = components["schemas"];
export type Movie = Schemas["MovieOut"];
export type RecommendedMovie = Schemas["RecommendedMovie"];
export type RecommendationRequest = Schemas["RecommendationRequest"];
export type RecommendationResponse = Schemas["RecommendationResponse"];
export type AlgorithmResult = Schemas["AlgorithmResult"];
export type KMeansResult = Schemas["KMeansResult"];
export type Cluster = Schemas["ClusterOut"];
export type Problem = Schemas["Problem"];
export type OnboardingResponse = Schemas["OnboardingResponse"];
export type SearchResponse = Schemas["SearchResponse"];
export type MovieDetail = Schemas["MovieDetail"];
export type SimilarMovie = Schemas["SimilarMovie"];
export type ClusterList = Schemas["ClusterList"];
export type ClusterSummary = Schemas["ClusterSummary"];

export class ApiError extends Error {
  constructor(
    message: string,
    /** HTTP status, or 0 when the gateway could not be reached at all. */
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The gateway's error body: `{"error": {"code", "message", "details"}}`. */
function messageOf(body: unknown, status: number): string {
  if (typeof body === "object" && body !== null && "error" in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === "object" && error !== null && "message" in error) {
      const message = (error as { message: unknown }).message;
      if (typeof message === "string" && message) return message;
    }
  }
  if (status >= 500) return `The server had a problem (HTTP ${status}).`;
  return `The request failed (HTTP ${status}).`;
}

async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError("Cannot reach the movierec server. Check your connection and try again.", 0);
  }
  const { data, error, response } = result;
  if (!response.ok || data === undefined) throw new ApiError(messageOf(error, response.status), response.status);
  return data;
}

export interface Api {
  onboarding(count: number, seed?: number, signal?: AbortSignal): Promise<OnboardingResponse>;
  search(query: string, limit: number, signal?: AbortSignal): Promise<SearchResponse>;
  recommend(body: RecommendationRequest, signal?: AbortSignal): Promise<RecommendationResponse>;
  /** One movie with up to `similar` movies like it; ApiError 404 when there is no such movie. */
  movie(movieId: number, similar: number, signal?: AbortSignal): Promise<MovieDetail>;
  /** Every K-Means taste cluster with up to `signature` movies each; ApiError 503 when kmeans is down. */
  clusters(signature: number, signal?: AbortSignal): Promise<ClusterList>;
}

/** A client for the gateway at `baseUrl` ("" = the page's own origin). */
export function createApi(baseUrl: string): Api {
  const client = createClient<paths>({ baseUrl: baseUrl.replace(/\/$/, "") });
  return {
    onboarding: (count, seed, signal) =>
      unwrap(client.GET("/api/v1/movies/onboarding", { params: { query: { count, seed } }, signal })),
    search: (q, limit, signal) =>
      unwrap(client.GET("/api/v1/movies/search", { params: { query: { q, limit } }, signal })),
    recommend: (body, signal) => unwrap(client.POST("/api/v1/recommendations", { body, signal })),
    movie: (movieId, similar, signal) =>
      unwrap(client.GET("/api/v1/movies/{movieId}", { params: { path: { movieId }, query: { similar } }, signal })),
    clusters: (signature, signal) => unwrap(client.GET("/api/v1/clusters", { params: { query: { signature } }, signal })),
  };
}

/** Build-time configuration: VITE_API_BASE_URL, default same origin. */
export const apiBaseUrl: string = import.meta.env.VITE_API_BASE_URL ?? "";
