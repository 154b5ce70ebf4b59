import { join } from "node:path";
import type { RoutedHandler } from "../http.ts";
import type { KetoConfig } from "./config.ts";
import { readApi } from "./read-api.ts";
import { KetoState } from "./state.ts";
import { TupleStore } from "./store.ts";
import { writeApi } from "./write-api.ts";

export { type KetoConfig, KetoConfigError, loadKetoConfig } from "./config.ts";

export interface KetoOptions {
  /** Persist relation tuples in this folder; in memory when absent. */
  dataDir?: string;
}

export interface Keto {
  read: RoutedHandler;
  write: RoutedHandler;
  close(): Promise<void>;
}

/** The Keto half of the emulator: handlers for the read and the write server. */
export async function createKeto(config: KetoConfig, options: KetoOptions = {}): Promise<Keto> {
  const store = TupleStore.open(
    options.dataDir && join(options.dataDir, "keto-relation-tuples.json"),
  );
  const state = new KetoState(config, store);
  return {
    read: readApi(state),
    write: writeApi(state),
    // Every write is already on disk; there is nothing to flush.
    close: async () => {},
  };
}
