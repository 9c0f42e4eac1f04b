/**
 * End-to-end: the built web app in Debian's Chromium against the real local stack (gateway,
 * collab, kmeans, posters, fake OMDb). Screenshots of every step go to var/e2e/<run>/, printed
 * at the start. Run with `npm run e2e` (it builds first); `npm run e2e -- --main-only` runs the main
 * scenario alone (what `make screenshots` needs).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ensureChromium, launch } from "./browser";
import { apiDocsScenario, degradedScenario, kmeansDownScenario, mainScenario, postersDownScenario } from "./scenarios";
import { REPO, startStack } from "./stack";

const log = (line: string) => console.log(`[e2e] ${line}`);
const mainOnly = process.argv.includes("--main-only");

async function main(): Promise<number> {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const runDir = join(REPO, "var/e2e", stamp);
  mkdirSync(runDir, { recursive: true });
  log(`screenshots and logs: ${runDir}`);
  ensureChromium(log);

  const stack = await startStack(runDir, log);
  const browser = await launch();
  let passed = 0;
  let failed = 0;
  const check = async (name: string, body: () => Promise<void>) => {
    const started = Date.now();
    try {
      await body();
      passed += 1;
      log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failed += 1;
      log(`FAIL ${name}: ${(error as Error).stack ?? error}`);
    }
  };
  try {
    const ctx = { browser, base: stack.gateway, shots: runDir, log, check };
    await mainScenario(ctx);
    if (!mainOnly) {
      await apiDocsScenario(ctx);
      // Last: the collab service goes away for good; the page must say so, not go blank.
      await stack.stop("collab");
      await degradedScenario(ctx);
      await stack.stop("posters");
      await postersDownScenario(ctx);
      await stack.stop("kmeans");
      await kmeansDownScenario(ctx);
    }
  } finally {
    await browser.close();
    await stack.stopAll();
  }
  log(`screenshots in ${runDir}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[e2e] ${(error as Error).stack ?? error}`);
    process.exit(1);
  },
);
