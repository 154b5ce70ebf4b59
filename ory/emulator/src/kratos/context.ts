import type { OneTimeCodes } from "./codes.ts";
import type { KratosConfig } from "./config.ts";
import type { Courier } from "./courier.ts";
import type { Csrf } from "./csrf.ts";
import type { FlowErrors } from "./flow-errors.ts";
import type { FlowStore } from "./flows/flow.ts";
import type { SchemaRegistry } from "./schema.ts";
import type { Sessions } from "./sessions.ts";
import type { KratosStore } from "./store.ts";

/** Everything a Kratos route needs, built once per emulator instance. */
export interface KratosContext {
  config: KratosConfig;
  publicBaseUrl: string;
  adminBaseUrl: string;
  store: KratosStore;
  flows: FlowStore;
  flowErrors: FlowErrors;
  schemas: SchemaRegistry;
  sessions: Sessions;
  csrf: Csrf;
  /** Recovery and verification codes, and the mail that carries them. */
  codes: OneTimeCodes;
  courier: Courier;
  now: () => Date;
}

/** `base` + `path` the way Kratos appends route paths to its configured URLs. */
export function urlFor(base: string, path: string, query?: Record<string, string | undefined>) {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  return url.toString();
}
