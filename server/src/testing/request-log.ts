import { pino } from "pino";
import { emptyKetoMeter, type KetoMeter } from "../auth/keto-meter.ts";

/**
 * A logger that keeps its lines in memory, for tests that read what the
 * request log says (e.g. the Keto rounds a query cost).
 */
export function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return {
    log,
    lines,
    /** What the latest logged request asked of Keto (zeros when it asked nothing). */
    lastKetoMeter(): KetoMeter {
      const request = lines.findLast((line) => line.msg === "request");
      if (!request) throw new Error("no request was logged");
      return (request.keto as KetoMeter) ?? emptyKetoMeter();
    },
  };
}
