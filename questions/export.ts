/**
 * npm run --silent questions:export: prints the compiled bank (answers and
 * sources included) as JSON on stdout, for teachers and other tools.
 */
import { readFileSync } from "node:fs";

process.stdout.write(readFileSync(`${import.meta.dirname}/bank.json`, "utf8"));
