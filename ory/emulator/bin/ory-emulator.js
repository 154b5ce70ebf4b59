#!/usr/bin/env node
// The emulator is written in TypeScript and shipped as source; tsx compiles it on load.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
