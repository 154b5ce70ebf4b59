import { existsSync, statSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { Namespace } from "./opl/ast.ts";
import { checkOpl } from "./opl/typecheck.ts";

/** The subset of keto.yml the emulator honours, with Keto v26.2.0's defaults filled in. */
export interface KetoConfig {
  readPort: number;
  writePort: number;
  limits: {
    maxReadDepth: number;
    maxReadWidth: number;
    maxBatchCheckSize: number;
  };
  strictMode: boolean;
  /** OPL classes, or legacy namespaces (names only, no relations). */
  namespaces: Namespace[];
  /** Where the namespaces came from, for the startup banner. */
  namespacesSource: string;
}

/** A keto.yml (or the OPL file it names) the emulator cannot run with. */
export class KetoConfigError extends Error {}

const defaults = {
  readPort: 4466,
  writePort: 4467,
  maxReadDepth: 5,
  maxReadWidth: 100,
  maxBatchCheckSize: 10,
};

export async function loadKetoConfig(path: string): Promise<KetoConfig> {
  const file = resolve(path);
  let document: unknown;
  try {
    document = parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new KetoConfigError(`Cannot read the Keto config ${file}: ${(error as Error).message}`);
  }
  const config = new Section(document ?? {}, file, "");
  const serve = config.section("serve");
  const limit = config.section("limit");
  const namespaces = await loadNamespaces(config, dirname(file));
  return {
    readPort: serve.section("read").integer("port", defaults.readPort, 0, 65535),
    writePort: serve.section("write").integer("port", defaults.writePort, 0, 65535),
    limits: {
      maxReadDepth: limit.integer("max_read_depth", defaults.maxReadDepth, 1, 65535),
      maxReadWidth: limit.integer("max_read_width", defaults.maxReadWidth, 1, 65535),
      maxBatchCheckSize: limit.integer(
        "max_batch_check_size",
        defaults.maxBatchCheckSize,
        1,
        65535,
      ),
    },
    ...namespaces,
  };
}

/**
 * `namespaces` is either `{location, experimental_strict_mode}` (OPL) or the legacy list of
 * `{id, name}`. The legacy URI form (a folder of per-namespace YAML files) is not emulated.
 */
async function loadNamespaces(config: Section, configDir: string) {
  const value = config.value("namespaces");
  if (Array.isArray(value)) {
    const names = value.map((entry, index) => {
      const name = (entry as { name?: unknown } | null)?.name;
      if (typeof name !== "string" || name === "") {
        throw config.error(`namespaces[${index}].name`, "must be a non-empty string");
      }
      return name;
    });
    return {
      namespaces: names.map((name) => ({ name, relations: [] })),
      namespacesSource: `legacy list (${names.join(", ")})`,
      strictMode: false,
    };
  }
  if (value === undefined || typeof value === "string") {
    throw config.error(
      "namespaces",
      "must name an OPL file ({ location: file://… }) or list namespaces ({ name: … }); the legacy folder URI is not supported by the emulator",
    );
  }
  const section = config.section("namespaces");
  const location = section.string("location");
  const files = await readOplFiles(location, configDir, (reason) =>
    section.error("location", reason),
  );
  const namespaces: Namespace[] = [];
  for (const { path, text } of files) {
    // Each file is checked on its own, as Keto does for a directory of OPL files.
    const checked = checkOpl(text);
    if (checked.errors.length > 0) {
      const details = checked.errors
        .map((error) => `  ${path}:${error.start.line}:${error.start.column + 1}: ${error.message}`)
        .join("\n");
      throw new KetoConfigError(
        `The OPL file has errors, so Keto would know no namespaces:\n${details}`,
      );
    }
    namespaces.push(...checked.namespaces);
  }
  return {
    namespaces,
    namespacesSource: files.map((file) => file.path).join(", "),
    strictMode: section.boolean("experimental_strict_mode", false),
  };
}

/**
 * Reads `file://` (a file or a folder of files) and `base64://` locations. A container path such
 * as `file:///etc/config/keto/namespaces.keto.ts` that does not exist here falls back to the file
 * of the same name next to keto.yml, so one keto.yml serves both Docker and the emulator.
 */
async function readOplFiles(
  location: string,
  configDir: string,
  invalid: (reason: string) => Error,
): Promise<{ path: string; text: string }[]> {
  if (location.startsWith("base64://")) {
    return [
      { path: "base64 location", text: Buffer.from(location.slice(9), "base64").toString("utf8") },
    ];
  }
  if (!location.startsWith("file://")) {
    throw invalid(
      "must be a file:// or base64:// URI (the emulator does not fetch http locations)",
    );
  }
  const path = filePath(location, configDir);
  const candidates = [path, join(configDir, basename(path))];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw invalid(`no OPL file at ${candidates.join(" or ")}`);
  if (!statSync(found).isDirectory()) return [{ path: found, text: await readFile(found, "utf8") }];
  const names = (await readdir(found)).filter((name) => /\.(ts|js)$/.test(name)).sort();
  return Promise.all(
    names.map(async (name) => ({
      path: join(found, name),
      text: await readFile(join(found, name), "utf8"),
    })),
  );
}

/** `file:///abs/path`, or `file://./relative` which is resolved against keto.yml's folder. */
function filePath(location: string, configDir: string): string {
  const rest = location.slice("file://".length);
  if (rest.startsWith("/")) return fileURLToPath(location);
  return isAbsolute(rest) ? rest : resolve(configDir, rest);
}

/** One level of the YAML document; reads typed values and names the full key in errors. */
class Section {
  constructor(
    private readonly node: unknown,
    private readonly file: string,
    private readonly prefix: string,
  ) {}

  value(key: string): unknown {
    return typeof this.node === "object" && this.node !== null
      ? (this.node as Record<string, unknown>)[key]
      : undefined;
  }

  error(key: string, reason: string): KetoConfigError {
    return new KetoConfigError(`${this.file}: ${this.prefix}${key} ${reason}`);
  }

  section(key: string): Section {
    const value = this.value(key);
    if (
      value !== undefined &&
      value !== null &&
      (typeof value !== "object" || Array.isArray(value))
    ) {
      throw this.error(key, "must be an object");
    }
    return new Section(value ?? {}, this.file, `${this.prefix}${key}.`);
  }

  integer(key: string, fallback: number, min: number, max: number): number {
    const value = this.value(key) ?? fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      throw this.error(
        key,
        `must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`,
      );
    }
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.value(key) ?? fallback;
    if (typeof value !== "boolean")
      throw this.error(key, `must be true or false (got ${JSON.stringify(value)})`);
    return value;
  }

  string(key: string): string {
    const value = this.value(key);
    if (typeof value !== "string" || value === "")
      throw this.error(key, "must be a non-empty string");
    return value;
  }
}
