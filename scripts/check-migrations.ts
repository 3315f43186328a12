// Migrations are history: a database somewhere already ran every committed migration, so a
// committed file must never change (fix forward with a new file). This compares each file in
// migrations/ with the version of it that was committed first, and fails when one differs or
// when a committed migration is gone. A new migration that is not committed yet is allowed.
// Runs in `npm test`; needs the git history (a normal clone has it; a shallow one does not).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const dir = join(root, "migrations");

function git(args: string[]): Buffer {
  return execFileSync("git", args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
}

function fail(message: string): never {
  console.error(`migrations: ${message}`);
  process.exit(1);
}

try {
  git(["rev-parse", "--git-dir"]);
} catch {
  fail("not a git checkout: cannot compare migrations with their first committed versions");
}
if (git(["rev-parse", "--is-shallow-repository"]).toString().trim() === "true") {
  fail("shallow clone: the first committed version of a migration may be missing; run `git fetch --unshallow`");
}

const prefix = relative(root, dir).split("\\").join("/");
// Every migration ever added, oldest addition first, with the commit that added it.
const log = git(["log", "--reverse", "--diff-filter=A", "--format=commit %H", "--name-only", "--", `${prefix}/`])
  .toString()
  .split("\n");
const firstCommit = new Map<string, string>();
let commit = "";
for (const line of log) {
  if (line.startsWith("commit ")) commit = line.slice(7);
  else if (line.endsWith(".sql") && !firstCommit.has(line)) firstCommit.set(line, commit);
}

const problems: string[] = [];
const fresh: string[] = [];
for (const [path, sha] of firstCommit) {
  const file = join(root, path);
  if (!existsSync(file)) {
    problems.push(`${path} was committed in ${sha.slice(0, 7)} and is gone (never delete or rename a migration)`);
    continue;
  }
  const first = git(["show", `${sha}:${path}`]);
  if (!first.equals(readFileSync(file))) {
    problems.push(
      `${path} differs from its first committed version (${sha.slice(0, 7)}); ` +
        `restore it with \`git show ${sha.slice(0, 7)}:${path} > ${path}\` and put the change in a new migration`,
    );
  }
}
for (const name of readdirSync(dir).filter((f) => f.endsWith(".sql"))) {
  if (!firstCommit.has(`${prefix}/${name}`)) fresh.push(name);
}

if (problems.length > 0) fail(`committed migrations were changed:\n  ${problems.join("\n  ")}`);
console.log(
  `migrations: ${firstCommit.size} committed migration(s) unchanged since their first commit` +
    (fresh.length ? `; not committed yet: ${fresh.join(", ")}` : ""),
);
