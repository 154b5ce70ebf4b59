import { runDbCommand } from "./commands.ts";

// Entry point of the npm db:* scripts. The engine's wasm keeps handles open, so the
// process exits explicitly once the command is done.
const code = await runDbCommand(process.argv.slice(2), {
  env: process.env,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
process.exit(code);
