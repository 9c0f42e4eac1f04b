/**
 * The real local stack for the browser tests: fake OMDb (serving its own poster images),
 * posters (in-process cache), collab, kmeans and the gateway serving web/dist, each a child
 * process on a free loopback port, logs under the run folder. Models come from
 * MOVIEREC_MODEL_DIR (default var/artifacts), trained on first start when missing.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";

export const REPO = resolve(import.meta.dirname, "../..");

export interface Service {
  name: string;
  url: string;
  proc: ChildProcess;
  ready: string;
}

export interface Stack {
  gateway: string;
  services: Map<string, Service>;
  stop: (name: string) => Promise<void>;
  stopAll: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

function python(): string {
  if (process.env.PYTHON) return process.env.PYTHON;
  const venv = join(REPO, ".venv/bin/python");
  return existsSync(venv) ? venv : "python3";
}

async function waitReady(service: Service, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (service.proc.exitCode !== null) throw new Error(`${service.name} exited (code ${service.proc.exitCode}) while starting`);
    try {
      const response = await fetch(service.ready, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${service.name} not ready in time (${service.ready})`);
}

async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.pid === undefined) return;
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  try {
    process.kill(-proc.pid, "SIGTERM"); // its own process group: uvicorn and any workers
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-proc.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

export async function startStack(runDir: string, log: (line: string) => void): Promise<Stack> {
  const logs = join(runDir, "logs");
  mkdirSync(logs, { recursive: true });
  const data = process.env.MOVIEREC_DATA_DIR ?? resolve(REPO, "../shared/datasets/ml-latest-small");
  const modelDir = process.env.MOVIEREC_MODEL_DIR ?? join(REPO, "var/artifacts");
  const webDir = join(REPO, "web/dist");
  if (!existsSync(join(webDir, "index.html"))) throw new Error(`no built web app at ${webDir}: run npm run build`);
  const key = "e2e-key";
  const ports = {
    omdb: await freePort(),
    posters: await freePort(),
    collab: await freePort(),
    kmeans: await freePort(),
    gateway: await freePort(),
  };
  const url = (name: keyof typeof ports) => `http://127.0.0.1:${ports[name]}`;
  // No OMDb key of the caller's reaches any part: the fake and posters share a test key,
  // given by environment (a command line is readable by every user of the machine).
  const { OMDB_API_KEY: _key, OMDB_API_KEY_FILE: _keyFile, ...inherited } = process.env;
  const base: NodeJS.ProcessEnv = {
    ...inherited,
    MOVIEREC_DATA_DIR: data,
    MOVIEREC_MODEL_DIR: modelDir,
    PYTHONUNBUFFERED: "1",
    OPENBLAS_NUM_THREADS: "1",
    OMP_NUM_THREADS: "1",
  };
  const plan: { name: string; args: string[]; env: NodeJS.ProcessEnv; ready: string }[] = [
    {
      name: "fake-omdb",
      args: ["-m", "movierec_posters.fake_omdb", "--port", String(ports.omdb), "--serve-posters"],
      env: { ...base, OMDB_API_KEY: key },
      ready: `${url("omdb")}/_fake/stats`,
    },
  ];
  for (const name of ["posters", "collab", "kmeans", "gateway"] as const) {
    const prefix = `MOVIEREC_${name.toUpperCase()}_`;
    const env: NodeJS.ProcessEnv = { ...base, [`${prefix}HOST`]: "127.0.0.1", [`${prefix}PORT`]: String(ports[name]) };
    if (name === "posters") Object.assign(env, { OMDB_BASE_URL: url("omdb"), OMDB_API_KEY: key, REDIS_URL: "" });
    if (name === "gateway") {
      Object.assign(env, {
        [`${prefix}COLLAB_URL`]: url("collab"),
        [`${prefix}KMEANS_URL`]: url("kmeans"),
        [`${prefix}POSTERS_URL`]: url("posters"),
        [`${prefix}WEB_DIR`]: webDir,
        // The fake's posters are served by the fake itself: the page's CSP must allow them.
        [`${prefix}IMAGE_SOURCES`]: `https:,${url("omdb")}`,
      });
    }
    plan.push({ name, args: ["-m", `movierec_${name}`], env, ready: `${url(name)}/readyz` });
  }

  const services = new Map<string, Service>();
  const stack: Stack = {
    gateway: url("gateway"),
    services,
    stop: async (name) => {
      const service = services.get(name);
      if (service) await stopProcess(service.proc);
    },
    stopAll: async () => {
      for (const service of [...services.values()].reverse()) await stopProcess(service.proc);
    },
  };
  try {
    for (const part of plan) {
      const out = createWriteStream(join(logs, `${part.name}.log`));
      const proc = spawn(python(), part.args, { cwd: REPO, env: part.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
      proc.stdout?.pipe(out);
      proc.stderr?.pipe(out);
      const readyUrl = part.ready;
      services.set(part.name, { name: part.name, url: readyUrl.replace(/\/(readyz|_fake\/stats)$/, ""), proc, ready: readyUrl });
    }
    // Models train on first start (ml-latest-small: well under a minute each); allow for a busy CI.
    const deadline = Date.now() + 240_000;
    for (const service of services.values()) {
      await waitReady(service, deadline);
      log(`ready ${service.name} ${service.url}`);
    }
  } catch (error) {
    await stack.stopAll();
    throw new Error(`${(error as Error).message}; logs in ${logs}`);
  }
  return stack;
}
