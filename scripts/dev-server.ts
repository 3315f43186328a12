/**
 * The Worker in workerd for the browser tests, `npm run budget`, the benchmark, the load run and
 * the Lighthouse audit: `wrangler dev` on a free loopback port with its own local D1 (a temporary
 * --persist-to directory, migrations applied), optionally seeded from a SQL file before it starts
 * and queried with `wrangler d1 execute` after it stops. Wrangler runs on the Node running this
 * script (24, from node_modules/.bin through npm scripts) in a process group of its own.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** The repository root (this file lives in scripts/). */
export const ROOT = path.resolve(import.meta.dirname, "..");
const WRANGLER = path.join(ROOT, "node_modules/.bin/wrangler");
const READY_TIMEOUT_MS = 120_000;

/** A port nobody listens on right now (asked from the OS on 127.0.0.1, then released). */
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

/** Wrangler runs on the Node running this script: it must be recent enough. */
function requireModernNode(): void {
  const [major] = process.versions.node.split(".").map(Number);
  if ((major ?? 0) < 22)
    throw new Error(`Node ${process.versions.node} is too old for wrangler: run through npm scripts (Node 24).`);
}

function childEnv(): NodeJS.ProcessEnv {
  // Wrangler's children (workerd is native, but esbuild and friends may spawn `node`) must find the
  // same Node 24 as this process, whatever `node` is on the caller's PATH.
  return {
    ...process.env,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
    WRANGLER_SEND_METRICS: "false",
    // No request to Cloudflare for the `cf` object: a local placeholder is used.
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    CI: "true",
    NO_COLOR: "1",
  };
}

/** Runs wrangler to completion; resolves with stdout, rejects with the output on failure. */
export function wrangler(args: string[]): Promise<string> {
  requireModernNode();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], { cwd: ROOT, env: childEnv(), stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0
        ? resolve(stdout)
        : reject(
            new Error(`wrangler ${args.join(" ").slice(0, 200)} exited ${code}:\n${stdout}\n${stderr}`.slice(0, 5000)),
          ),
    );
  });
}

/** A local D1 in its own directory, migrations applied. */
export class LocalDatabase {
  readonly dir: string;
  private constructor(dir: string) {
    this.dir = dir;
  }

  static async create(prefix = "article-quiz-bench-"): Promise<LocalDatabase> {
    const db = new LocalDatabase(await mkdtemp(path.join(tmpdir(), prefix)));
    try {
      await wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", db.dir]);
    } catch (error) {
      await db.remove();
      throw error;
    }
    return db;
  }

  /** Executes a SQL file (only while no dev server holds the database). */
  async executeSql(sql: string): Promise<void> {
    const file = path.join(this.dir, "seed.sql");
    await writeFile(file, sql);
    await wrangler(["d1", "execute", "DB", "--local", "--persist-to", this.dir, "--file", file, "--yes"]);
    await rm(file, { force: true });
  }

  /** Rows of one query (only while no dev server holds the database). */
  async query<T>(sql: string): Promise<T[]> {
    const out = await wrangler([
      "d1",
      "execute",
      "DB",
      "--local",
      "--persist-to",
      this.dir,
      "--json",
      "--command",
      sql,
    ]);
    const parsed = JSON.parse(out.slice(out.indexOf("["))) as { results: T[] }[];
    return parsed.flatMap((r) => r.results);
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

export type DevServer = {
  /** e.g. http://127.0.0.1:40123, no trailing slash. */
  baseUrl: string;
  /** Stops the server this module started (its whole process group, nothing else). */
  stop: () => Promise<void>;
  /** The last 20,000 characters wrangler and the Worker printed (errors logged by onError land here). */
  output: () => string;
};

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

/** Starts `wrangler dev` on 127.0.0.1 over `db`; resolves once GET /api/health answers 200. */
export async function startDev(db: LocalDatabase, vars: Record<string, string> = {}): Promise<DevServer> {
  requireModernNode();
  const port = await freePort();
  const inspectorPort = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const varArgs = Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
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
      db.dir,
      "--show-interactive-dev-session=false",
      "--live-reload=false",
      "--log-level",
      "warn",
      ...varArgs,
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
      if (response.status === 200) return { baseUrl, stop, output: () => output };
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

/**
 * `startDev` on a fresh local D1 of its own (migrations applied, nothing seeded); `stop` also
 * deletes that database's directory.
 */
export async function startDevServer(prefix = "article-quiz-e2e-"): Promise<DevServer> {
  const db = await LocalDatabase.create(prefix);
  let server: DevServer;
  try {
    server = await startDev(db);
  } catch (error) {
    await db.remove();
    throw error;
  }
  const stop = async () => {
    try {
      await server.stop();
    } finally {
      await db.remove();
    }
  };
  return { ...server, stop };
}
