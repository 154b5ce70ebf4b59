import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Debian's chromium; CI installs it with `apt-get install chromium`. */
export const chromiumPath = "/usr/bin/chromium";

/**
 * Why the journeys cannot run here, or undefined when they can. Only a developer
 * machine without chromium may skip; in CI a missing browser must fail the run.
 */
export function reasonToSkipBrowserTests(): string | undefined {
  if (existsSync(chromiumPath) || process.env.CI) return undefined;
  return `${chromiumPath} is missing; install it with \`apt-get install chromium\` to run these`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    // Playwright gives each launch a fresh temporary profile; --user-data-dir is refused.
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
