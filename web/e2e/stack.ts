/**
 * The real local stack for the browser tests: the topology `movierec up --fake-omdb
 * --no-redis` plans (fake OMDb serving its own poster images, posters with an in-process
 * cache, collab, kmeans and the gateway serving web/dist), read from `movierec up
 * --plan-only` and started here part by part, so a test can stop one part and watch the page
 * cope (the supervisor of `movierec up` would restart it). Models come from
 * MOVIEREC_MODEL_DIR (default var/artifacts), trained on first start when missing.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

import { freeBase } from "../src/test/ports";

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

/** One part as `movierec up --plan-only` describes it. */
interface PlannedPart {
  name: string;
  argv: string[];
  set: Record<string, string>;
  unset: string[];
  ready_url: string | null;
  log_path: string | null;
}

function planStack(runDir: string, base: number): PlannedPart[] {
  const data = process.env.MOVIEREC_DATA_DIR ?? resolve(REPO, "../shared/datasets/ml-latest-small");
  const modelDir = process.env.MOVIEREC_MODEL_DIR ?? join(REPO, "var/artifacts");
  const webDir = join(REPO, "web/dist");
  if (!existsSync(join(webDir, "index.html"))) throw new Error(`no built web app at ${webDir}: run npm run build`);
  const args = ["-m", "movierec.cli.main", "up", "--plan-only", "--data", data, "--model-dir", modelDir];
  args.push("--run-dir", runDir, "--port", String(base), "--fake-omdb", "--no-redis", "--web-dir", webDir);
  return JSON.parse(execFileSync(python(), args, { cwd: REPO, encoding: "utf8" })) as PlannedPart[];
}

export async function startStack(runDir: string, log: (line: string) => void): Promise<Stack> {
  mkdirSync(runDir, { recursive: true });
  const base = await freeBase();
  const plan = planStack(runDir, base);
  const services = new Map<string, Service>();
  const stack: Stack = {
    gateway: `http://127.0.0.1:${base}`,
    services,
    stop: async (name) => {
      const service = services.get(name);
      if (service) await stopProcess(service.proc);
    },
    stopAll: async () => {
      for (const service of [...services.values()].reverse()) await stopProcess(service.proc);
    },
  };
  const logs = join(runDir, "logs");
  try {
    for (const part of plan) {
      const env: NodeJS.ProcessEnv = { ...process.env, ...part.set };
      for (const name of part.unset) delete env[name];
      const out = createWriteStream(part.log_path ?? join(logs, `${part.name}.log`));
      const [command, ...args] = part.argv;
      const proc = spawn(command!, args, { cwd: REPO, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
      proc.stdout?.pipe(out);
      proc.stderr?.pipe(out);
      const ready = part.ready_url ?? "";
      services.set(part.name, { name: part.name, url: ready.replace(/\/(readyz|_fake\/stats)$/, ""), proc, ready });
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
