/**
 * Vitest global setup: the real local stack (`movierec up`: fake OMDb, posters, collab, kmeans
 * and the gateway) started once for the whole run, so the component tests talk to the real
 * gateway over loopback HTTP. Its URL reaches the tests through `inject("gatewayUrl")`.
 *
 * Python: MOVIEREC_PYTHON, else the repo's .venv. Data: MOVIEREC_DATA_DIR, else
 * ../shared/datasets/ml-latest-small beside the repo. Models: MOVIEREC_MODEL_DIR, else
 * var/artifacts, trained on the first start and reused afterwards.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";

import { freeBase } from "./ports";

declare module "vitest" {
  export interface ProvidedContext {
    gatewayUrl: string;
  }
}

const REPO = resolve(import.meta.dirname, "../../..");
/** First start trains the models on ml-latest-small; a busy CI machine needs the slack. */
const START_TIMEOUT_MS = 300_000;
const STOP_GRACE_MS = 20_000;

function python(): string {
  if (process.env.MOVIEREC_PYTHON) return process.env.MOVIEREC_PYTHON;
  const venv = join(REPO, ".venv/bin/python");
  return existsSync(venv) ? venv : "python3";
}

function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    // SIGTERM lets the supervisor stop its children (each in its own session) before it exits.
    const timer = setTimeout(() => proc.kill("SIGKILL"), STOP_GRACE_MS);
    proc.once("exit", () => {
      clearTimeout(timer);
      done();
    });
    proc.kill("SIGTERM");
  });
}

/** Start `movierec up` and resolve with its gateway URL once it says it is up. */
function startUp(port: number, runDir: string): Promise<{ proc: ChildProcess; url: string }> {
  const data = process.env.MOVIEREC_DATA_DIR ?? resolve(REPO, "../shared/datasets/ml-latest-small");
  const modelDir = process.env.MOVIEREC_MODEL_DIR ?? join(REPO, "var/artifacts");
  const args = ["-m", "movierec.cli.main", "up", "--data", data, "--port", String(port), "--fake-omdb"];
  args.push("--model-dir", modelDir, "--run-dir", runDir, "--no-redis");
  const proc = spawn(python(), args, {
    cwd: REPO,
    env: { ...process.env, PYTHONUNBUFFERED: "1", NO_COLOR: "1", COLUMNS: "200" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let settled = false;
  return new Promise((ok, fail) => {
    const failWith = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop(proc).then(() =>
        fail(new Error(`test stack: ${why}; logs in ${join(runDir, "logs")}\n${output.slice(-3000)}`)),
      );
    };
    const timer = setTimeout(() => failWith(`not up after ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    const read = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /movierec is up:\s*(http:\/\/\S+)/.exec(output);
      if (match?.[1] && !settled) {
        settled = true;
        clearTimeout(timer);
        ok({ proc, url: match[1] });
      }
    };
    proc.stdout?.on("data", read);
    proc.stderr?.on("data", read);
    proc.once("exit", (code) => failWith(`movierec up exited (code ${code}) while starting`));
    proc.once("error", (error) => failWith(`cannot run ${python()}: ${error.message}`));
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runDir = mkdtempSync(join(tmpdir(), "movierec-vitest-"));
  let started: { proc: ChildProcess; url: string } | undefined;
  let lastError: unknown;
  // A port taken between the check and the bind makes `up` refuse; another base then.
  for (let attempt = 0; attempt < 3 && !started; attempt++) {
    try {
      started = await startUp(await freeBase(), runDir);
    } catch (error) {
      lastError = error;
      if (!/port\(s\) in use/.test(String(error))) break;
    }
  }
  if (!started) throw lastError;
  const { proc, url } = started;
  project.provide("gatewayUrl", url);
  return async () => {
    await stop(proc);
    rmSync(runDir, { recursive: true, force: true });
  };
}
