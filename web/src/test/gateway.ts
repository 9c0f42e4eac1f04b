/**
 * A stand-in gateway on a real loopback port for component tests: it speaks the wire format of
 * the generated schema (so a contract change breaks these tests at compile time) and records
 * what the page sent. The real gateway is exercised by the Playwright end-to-end run.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type {
  Movie,
  OnboardingResponse,
  RecommendationRequest,
  RecommendationResponse,
  SearchResponse,
} from "../api/client";

export interface Reply<T> {
  status?: number;
  body: T | { error: { code: string; message: string; details: unknown } };
}

export interface Handlers {
  onboarding?: (query: URLSearchParams) => Reply<OnboardingResponse>;
  search?: (query: URLSearchParams) => Reply<SearchResponse>;
  recommend?: (body: RecommendationRequest) => Reply<RecommendationResponse>;
}

export interface TestGateway {
  url: string;
  handlers: Handlers;
  requests: { path: string; query: URLSearchParams; body: unknown }[];
  close: () => Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : null;
}

export async function startGateway(handlers: Handlers): Promise<TestGateway> {
  const requests: TestGateway["requests"] = [];
  const gateway = { handlers } as TestGateway;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const body = await readBody(req);
    requests.push({ path: url.pathname, query: url.searchParams, body });
    let reply: Reply<unknown> | undefined;
    const h = gateway.handlers;
    if (url.pathname === "/api/v1/movies/onboarding") reply = h.onboarding?.(url.searchParams);
    else if (url.pathname === "/api/v1/movies/search") reply = h.search?.(url.searchParams);
    else if (url.pathname === "/api/v1/recommendations") reply = h.recommend?.(body as RecommendationRequest);
    reply ??= { status: 404, body: { error: { code: "not_found", message: "No such route.", details: null } } };
    res.writeHead(reply.status ?? 200, { "Content-Type": "application/json" });
    res.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  gateway.url = `http://127.0.0.1:${port}`;
  gateway.requests = requests;
  gateway.close = () => new Promise((resolve) => server.close(() => resolve()));
  return gateway;
}

export function movie(movieId: number, title: string, extra: Partial<Movie> = {}): Movie {
  return { movieId, title, year: 1990 + (movieId % 30), genres: ["Drama"], imdbId: null, poster: null, ...extra };
}

export const apiError = (status: number, message: string): Reply<never> => ({
  status,
  body: { error: { code: "test", message, details: null } },
});
