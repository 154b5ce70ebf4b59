import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";

export type SchemaEngine = glue.SchemaEngine;

const require = createRequire(import.meta.url);

// The CLI ships the schema engine it was built with as wasm but never loads it.
// Its exact version is not published on npm, so we pair it with the JS glue of the
// closest published @prisma/schema-engine-wasm; both come from the same
// wasm-bindgen build, so the glue exports every function the CLI's wasm imports.
// SCHEMA_ENGINE_WASM=npm forces the package's own wasm (a different engine commit).
const cliWasmPath = path.join(
  path.dirname(require.resolve("prisma/package.json")),
  "build/schema_engine_bg.wasm",
);
const npmWasmPath = path.join(
  path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")),
  "schema_engine_bg.wasm",
);
const glueModuleName = "./schema_engine_bg.js";

let loaded: Promise<string> | undefined;

/** Instantiates the wasm once per process (the glue keeps it in module state). Returns its path. */
function loadEngineWasm(log: (line: string) => void): Promise<string> {
  loaded ??= (async () => {
    const preferCli = process.env.SCHEMA_ENGINE_WASM !== "npm";
    const cliModule = preferCli ? await compile(cliWasmPath) : undefined;
    const missing = cliModule ? importsMissingFromGlue(cliModule) : [];
    if (cliModule && missing.length > 0) {
      log(
        `warning: the CLI's schema engine wasm needs ${missing.join(", ")} which the glue lacks; using the npm package's wasm instead`,
      );
    }
    const useCli = cliModule !== undefined && missing.length === 0;
    const module = useCli ? cliModule : await compile(npmWasmPath);
    const instance = await WebAssembly.instantiate(module, { [glueModuleName]: glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return useCli ? cliWasmPath : npmWasmPath;
  })();
  return loaded;
}

async function compile(file: string): Promise<WebAssembly.Module> {
  return WebAssembly.compile(await readFile(file));
}

function importsMissingFromGlue(module: WebAssembly.Module): string[] {
  const provided = glue as Record<string, unknown>;
  return WebAssembly.Module.imports(module)
    .filter(
      (entry) => entry.module !== glueModuleName || typeof provided[entry.name] !== "function",
    )
    .map((entry) => `${entry.module}#${entry.name}`);
}

export type SchemaFile = { path: string; content: string };

export async function createSchemaEngine(options: {
  schema: SchemaFile;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  log?: (line: string) => void;
}): Promise<SchemaEngine> {
  const log = options.log ?? (() => {});
  await loadEngineWasm(log);
  // The engine reports its own log lines as JSON strings; they are only useful when debugging.
  const engineLog = process.env.SCHEMA_ENGINE_DEBUG ? (line: string) => log(line) : () => {};
  return glue.SchemaEngine.new(
    { datamodels: [[options.schema.path, options.schema.content]] },
    engineLog,
    bindMigrationAwareSqlAdapterFactory(options.adapterFactory),
  );
}

/** The engine build that is loaded, for `status` and for debugging a fallback. */
export async function engineVersion(
  log: (line: string) => void = () => {},
): Promise<{ commit: string; wasm: string }> {
  const wasm = await loadEngineWasm(log);
  return { commit: glue.version(), wasm };
}
