import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";

/**
 * Reads a `.env` file into `process.env`, for variables the environment does not
 * set already (the shell and the container's environment win, as with Node's own
 * `--env-file`). Returns the names it set. A missing file is no error.
 */
export function loadEnvFile(file: string, target: NodeJS.ProcessEnv = process.env): string[] {
  if (!existsSync(file)) return [];
  const values = parseEnv(readFileSync(file, "utf8"));
  const set = Object.keys(values).filter((name) => target[name] === undefined);
  for (const name of set) target[name] = values[name];
  return set;
}
