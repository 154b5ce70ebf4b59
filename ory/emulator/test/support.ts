import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { type OryEmulator, startOryEmulator } from "../src/index.ts";

export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** Ory v26.2.0's official specs, config schemas and check scenarios (see its README). */
export const oryReferenceDir = resolve(repositoryRoot, "ory/reference");

export interface KetoSetup {
  opl?: string;
  legacyNamespaces?: string[];
  strictMode?: boolean;
  limit?: { max_read_depth?: number; max_read_width?: number; max_batch_check_size?: number };
  dataDir?: string;
}

/** Writes a keto.yml (and OPL file) into a temporary folder, as a user would. */
export function writeKetoConfig(setup: KetoSetup): string {
  const dir = mkdtempSync(join(tmpdir(), "keto-emulator-"));
  let namespaces: unknown = (setup.legacyNamespaces ?? []).map((name, id) => ({ id, name }));
  if (setup.opl !== undefined) {
    writeFileSync(join(dir, "namespaces.keto.ts"), setup.opl);
    namespaces = {
      location: "file://./namespaces.keto.ts",
      ...(setup.strictMode ? { experimental_strict_mode: true } : {}),
    };
  }
  const file = join(dir, "keto.yml");
  writeFileSync(
    file,
    stringify({ dsn: "memory", namespaces, ...(setup.limit ? { limit: setup.limit } : {}) }),
  );
  return file;
}

export function startKeto(setup: KetoSetup): Promise<OryEmulator> {
  return startOryEmulator({
    only: "keto",
    ephemeralPorts: true,
    ketoConfig: writeKetoConfig(setup),
    dataDir: setup.dataDir,
  });
}

/** The project's own keto.yml and permission model, on free ports. */
export function startProductKeto(): Promise<OryEmulator> {
  return startOryEmulator({ only: "keto", ephemeralPorts: true });
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  // biome-ignore lint/suspicious/noExplicitAny: tests assert response bodies field by field.
  body: any;
}

export async function request(
  method: string,
  url: string,
  body?: unknown,
  init: { raw?: string; contentType?: string } = {},
): Promise<JsonResponse> {
  const payload = init.raw ?? (body === undefined ? undefined : JSON.stringify(body));
  const response = await fetch(url, {
    method,
    body: payload,
    headers:
      payload === undefined ? {} : { "Content-Type": init.contentType ?? "application/json" },
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === "" ? undefined : JSON.parse(text),
  };
}

/** Builds `base + path?query` for Keto's query-string APIs. */
export function withQuery(
  base: string,
  path: string,
  query: Record<string, string | undefined>,
): string {
  const url = new URL(path.replace(/^\//, ""), base);
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}
