import type { SoakOptions } from "./options.ts";
import type { Reconciliation } from "./reconcile.ts";
import type { FaultWindow, TrafficSummary } from "./recorder.ts";
import type { Discrepancies } from "./visibility.ts";

export interface SoakReport {
  options: SoakOptions;
  traffic: TrafficSummary;
  faultWindows: FaultWindow[];
  reconciliation: Reconciliation;
  pendingTupleChanges: number;
  drainRounds: number;
  sampledUsers: number;
  candidates: number;
  discrepancies: Discrepancies;
  apiExitedOnItsOwn: string | undefined;
}

/** The run's pass/fail and the reasons for a fail. */
export function verdict(report: SoakReport): { ok: boolean; failures: string[] } {
  const failures: string[] = [];
  const lost = report.reconciliation.missing.length + report.reconciliation.extra.length;
  if (lost > 0) failures.push(`${lost} lost tuple writes`);
  if (report.pendingTupleChanges > 0) {
    failures.push(`${report.pendingTupleChanges} tuple changes never reached Keto`);
  }
  const { shownButDenied, allowedButMissing } = report.discrepancies;
  if (shownButDenied.length > 0) failures.push(`${shownButDenied.length} leaks`);
  if (allowedButMissing.length > 0) {
    failures.push(`${allowedButMissing.length} allowed objects missing from answers`);
  }
  if (report.traffic.internalErrors > 0) {
    failures.push(`${report.traffic.internalErrors} INTERNAL_SERVER_ERROR answers`);
  }
  if (report.apiExitedOnItsOwn) failures.push(report.apiExitedOnItsOwn);
  return { ok: failures.length === 0, failures };
}

const outcomes = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([outcome, n]) => `${outcome} ${n}`)
    .join(", ");

const listed = (title: string, items: string[], limit = 10) => [
  `${title}: ${items.length}`,
  ...items.slice(0, limit).map((item) => `    ${item}`),
  ...(items.length > limit ? [`    … ${items.length - limit} more`] : []),
];

export function printReport(report: SoakReport): void {
  const { traffic, reconciliation, discrepancies } = report;
  const { ok, failures } = verdict(report);
  const lines = [
    "",
    `Soak: ${report.options.clients} clients, ${report.options.seconds} s of traffic`,
    `requests: ${traffic.requests}   p50 ${traffic.p50Ms.toFixed(0)} ms   p99 ${traffic.p99Ms.toFixed(0)} ms`,
    `answers: ${outcomes(traffic.byOutcome)}`,
    "by phase:",
    ...traffic.byPhase.map(
      ({ phase, requests, byOutcome }) =>
        `  ${phase.padEnd(22)} ${String(requests).padStart(6)}  ${outcomes(byOutcome)}`,
    ),
    `other answers, by operation: ${outcomes(traffic.otherAnswers) || "none"}`,
    ...traffic.notable.map(
      (sample) =>
        `    ${sample.startedAt} ${sample.phase}: ${sample.operation} → ${sample.outcome} after ${(sample.endMs - sample.startMs).toFixed(0)} ms${sample.detail ? ` (${sample.detail})` : ""}`,
    ),
    `INTERNAL_SERVER_ERROR: ${traffic.internalErrors}`,
    `AUTHZ_UNAVAILABLE outside fault windows: ${traffic.authzUnavailableOutsideFaults}`,
    `UNREACHABLE outside fault windows: ${traffic.unreachableOutsideFaults}`,
    `outbox: ${report.pendingTupleChanges} changes pending after ${report.drainRounds} drain round(s)`,
    `tuples: ${reconciliation.expected} expected from the database, ${reconciliation.actual} in Keto`,
    ...listed("lost tuple writes (in the database, not in Keto)", reconciliation.missing),
    ...listed("lost tuple deletes (in Keto, not in the database)", reconciliation.extra),
    `visibility: ${report.sampledUsers} users × ${report.candidates} objects, lists, lookups and viewerCan against Keto's checks`,
    ...listed("leaks (shown, Keto denies)", discrepancies.shownButDenied),
    ...listed("missing (Keto allows, not shown)", discrepancies.allowedButMissing),
    ok ? "RESULT: pass" : `RESULT: FAIL (${failures.join("; ")})`,
    "",
  ];
  console.log(lines.join("\n"));
}
