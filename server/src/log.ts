import { pino } from "pino";

/** Structured JSON logs on stdout; one logger per process, children per concern. */
export function createLogger(level: string) {
  return pino({ level, base: { service: "api" } });
}

export type Logger = ReturnType<typeof createLogger>;
