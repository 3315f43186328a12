import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** The repository root (this file lives in test/e2e). */
export const ROOT = path.resolve(import.meta.dirname, "../..");
const WRANGLER = path.join(ROOT, "node_modules/.bin/wrangler");
const READY_TIMEOUT_MS = 90_000;

export type DevServer = {
  /** e.g. http://127.0.0.1:40123, no trailing slash. */
  baseUrl: string;
  /** Stops the server this module started (its whole process group) and deletes its D1 state. */
  stop: () => Promise<void>;
};

/** A port nobody listens on right now (asked from the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

function childEnv(): NodeJS.ProcessEnv {
  // Wrangler's children (workerd is native, but esbuild and friends may spawn `node`) must find the
  // same Node 24 as this process, whatever `node` is on the caller's PATH.
  const nodeDir = path.dirname(process.execPath);
  return {
    ...process.env,
    PATH: `${nodeDir}${path.delimiter}${process.env.PATH ?? ""}`,
    WRANGLER_SEND_METRICS: "false",
    CI: "true",
    NO_COLOR: "1",
  };
}

/** Runs wrangler to completion with the Node running this process; rejects with its output on failure. */
function runWrangler(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], { cwd: ROOT, env: childEnv(), stdio: "pipe" });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`wrangler ${args.join(" ")} exited ${code}:\n${output}`)),
    );
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Negative pid: the process group this module created with `detached: true` (wrangler and workerd).
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts the Worker with `wrangler dev` on a free local port against a fresh local D1 (migrations
 * applied in a temporary directory), and resolves once `GET /api/health` answers 200.
 */
export async function startDevServer(): Promise<DevServer> {
  const [major] = process.versions.node.split(".").map(Number);
  if ((major ?? 0) < 22) {
    throw new Error(`Node ${process.versions.node} is too old for wrangler: run through npm scripts (Node 24).`);
  }
  const persistTo = await mkdtemp(path.join(tmpdir(), "article-quiz-e2e-"));
  try {
    await runWrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo]);
  } catch (error) {
    await rm(persistTo, { recursive: true, force: true });
    throw error;
  }
  const port = await freePort();
  const inspectorPort = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      WRANGLER,
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspectorPort),
      "--persist-to",
      persistTo,
      "--show-interactive-dev-session=false",
      "--live-reload=false",
      "--log-level",
      "warn",
    ],
    { cwd: ROOT, env: childEnv(), stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  const stop = async () => {
    killGroup(child, "SIGTERM");
    if (!(await exited(child, 5_000))) {
      killGroup(child, "SIGKILL");
      await exited(child, 2_000);
    }
    await rm(persistTo, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`wrangler dev exited (${child.exitCode ?? child.signalCode}) before answering:\n${output}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return { baseUrl, stop };
      last = `GET /api/health answered ${response.status}: ${(await response.text()).slice(0, 500)}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await stop();
  throw new Error(
    `wrangler dev did not answer GET /api/health with 200 within ${READY_TIMEOUT_MS / 1000}s (${last}). Its output:\n${output}`,
  );
}
