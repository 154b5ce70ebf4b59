import { pino } from "pino";
import { emptyKetoMeter, type KetoMeter } from "../src/auth/keto-meter.ts";

/**
 * The API's logger, kept in memory: each `request` line's Keto meter (check
 * rounds, tuples checked and answered by listings, listings and their steps) is summed, so a row reports what the API
 * itself says its requests asked of Keto. Warnings and errors are kept too:
 * a run that logged any (Keto listings cut short, checks denied because Keto
 * failed) says so.
 */
export function requestLogMeter() {
  let requests = 0;
  let sums = emptyKetoMeter();
  const problems = new Map<string, number>();
  const log = pino(
    { level: "info" },
    {
      write(line: string) {
        const entry = JSON.parse(line) as { msg?: string; level?: number; keto?: KetoMeter };
        if (entry.msg === "request") {
          requests += 1;
          for (const [key, value] of Object.entries(entry.keto ?? {})) {
            sums[key as keyof KetoMeter] += value;
          }
        } else if ((entry.level ?? 0) >= 40) {
          const message = String(entry.msg);
          problems.set(message, (problems.get(message) ?? 0) + 1);
        }
      },
    },
  );
  return {
    log,
    reset() {
      requests = 0;
      sums = emptyKetoMeter();
    },
    /** Requests logged since the reset, and the sum of their meters. */
    read: () => ({ requests, ...sums }),
    /** Warnings and errors logged over the whole run, by message. */
    problems: () => problems,
  };
}

export type RequestLogMeter = ReturnType<typeof requestLogMeter>;
