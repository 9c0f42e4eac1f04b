/** Free loopback ports for the test stacks (the browser run and the Vitest setup). */
import { createServer } from "node:net";

async function isFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const server = createServer();
    server.once("error", () => ok(false));
    server.listen(port, "127.0.0.1", () => server.close(() => ok(true)));
  });
}

/** A base port whose next three are free too: `movierec up --port` puts the backends there. */
export async function freeBase(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const checks = await Promise.all([0, 1, 2, 3].map((i) => isFree(base + i)));
    if (checks.every(Boolean)) return base;
  }
  throw new Error("no four consecutive free loopback ports for the test stack");
}
