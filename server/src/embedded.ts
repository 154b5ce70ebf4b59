import path from "node:path";
import { startOryEmulator } from "@app/ory-emulator";

// The development-only half of the stack, loaded by stack.ts when no real Ory is configured.
// The production build leaves it out (server/build.ts): the emulator reads its configs from
// ory/ and needs packages a production install does not have.

export { seedDemoData } from "../../prisma/seed.ts";

/** The Ory emulator on Ory's own ports, keeping its state in `DATA_DIR/ory`. */
export function startEmbeddedOry(dataDir: string) {
  return startOryEmulator({ dataDir: path.join(dataDir, "ory") });
}
