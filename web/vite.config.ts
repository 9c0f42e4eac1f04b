/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` proxies the API to a gateway on :8000 (override with MOVIEREC_GATEWAY_URL),
// so the dev server behaves like the built app served by the gateway: same origin.
const gateway = process.env.MOVIEREC_GATEWAY_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  // Absolute asset URLs: a page at /movies/123 must load /assets/..., not /movies/assets/...
  // (the dev server and the gateway both answer index.html for the app's own paths).
  base: "/",
  server: { proxy: { "/api": gateway } },
  // No source maps in what the gateway serves: they would publish the page's source (and the
  // gateway refuses *.map anyway). Debug with `npm run dev`, which maps everything.
  build: { sourcemap: false },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    // The real stack (`movierec up`), once per run: the component tests talk to the real gateway.
    globalSetup: ["src/test/stack.ts"],
    restoreMocks: true,
    // Generous: the machine is shared with the Python suite in CI; speed is not asserted here.
    testTimeout: 20_000,
  },
});
