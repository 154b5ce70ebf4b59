import { percentile } from "../bench/stats.ts";

/** One answered (or unanswered) request. */
export interface Sample {
  phase: string;
  operation: string;
  outcome: string;
  startMs: number;
  endMs: number;
  /** Wall-clock start, to find the request in the API's log. */
  startedAt: string;
  /** The first error's path and message, when there was one. */
  detail?: string;
}

/** A span of the run in which a fault was injected (or the API was restarting). */
export interface FaultWindow {
  phase: string;
  startMs: number;
  endMs: number;
}

/** Everything the clients saw, kept for the report. */
export class Recorder {
  readonly samples: Sample[] = [];
  readonly faultWindows: FaultWindow[] = [];
  private readonly origin = performance.now();
  phase = "setup";

  now(): number {
    return performance.now() - this.origin;
  }

  record(operation: string, outcome: string, startMs: number, detail?: string): void {
    this.samples.push({
      phase: this.phase,
      operation,
      outcome,
      startMs,
      endMs: this.now(),
      startedAt: new Date(Date.now() - (this.now() - startMs)).toISOString(),
      detail,
    });
  }

  /** Whether the request's time overlapped a fault (a request sent just before one can fail in it). */
  duringFault(sample: Sample): boolean {
    return this.faultWindows.some(
      (window) => sample.startMs < window.endMs && sample.endMs > window.startMs,
    );
  }
}

export interface TrafficSummary {
  requests: number;
  byOutcome: Record<string, number>;
  byPhase: { phase: string; requests: number; byOutcome: Record<string, number> }[];
  p50Ms: number;
  p99Ms: number;
  internalErrors: number;
  /** Answers other than OK and the fault and overload codes, by operation: worth a look. */
  otherAnswers: Record<string, number>;
  authzUnavailableOutsideFaults: number;
  unreachableOutsideFaults: number;
  /** The first few answers worth a look: unexpected ones, and fault codes outside faults. */
  notable: Sample[];
}

const count = (samples: Sample[]) => {
  const counts: Record<string, number> = {};
  for (const sample of samples) counts[sample.outcome] = (counts[sample.outcome] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([, a], [, b]) => b - a));
};

/** What a request may answer in this run without anything being wrong. */
const expectedOutcomes = new Set(["OK", "AUTHZ_UNAVAILABLE", "UNREACHABLE", "OVERLOADED"]);
/** Answers that are right while a fault is injected, and wrong otherwise. */
const faultCodes = new Set(["AUTHZ_UNAVAILABLE", "UNREACHABLE"]);

export function summarize(recorder: Recorder): TrafficSummary {
  const { samples } = recorder;
  const phases = [...new Set(samples.map((sample) => sample.phase))];
  const latencies = samples.map((sample) => sample.endMs - sample.startMs);
  const outside = (outcome: string) =>
    samples.filter((sample) => sample.outcome === outcome && !recorder.duringFault(sample)).length;
  return {
    requests: samples.length,
    byOutcome: count(samples),
    byPhase: phases.map((phase) => {
      const inPhase = samples.filter((sample) => sample.phase === phase);
      return { phase, requests: inPhase.length, byOutcome: count(inPhase) };
    }),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    internalErrors: samples.filter((sample) => sample.outcome === "INTERNAL_SERVER_ERROR").length,
    otherAnswers: count(
      samples
        .filter((sample) => !expectedOutcomes.has(sample.outcome))
        .map((sample) => ({ ...sample, outcome: `${sample.outcome} ${sample.operation}` })),
    ),
    authzUnavailableOutsideFaults: outside("AUTHZ_UNAVAILABLE"),
    unreachableOutsideFaults: outside("UNREACHABLE"),
    notable: samples
      .filter(
        (sample) =>
          !expectedOutcomes.has(sample.outcome) ||
          (faultCodes.has(sample.outcome) && !recorder.duringFault(sample)),
      )
      .slice(0, 10),
  };
}
