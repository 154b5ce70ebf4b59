import type { Measurement } from "./measure.ts";
import type { ModeName } from "./modes.ts";

export interface Row {
  scenario: string;
  mode: ModeName;
  ketoLatencyMs: number;
  transport: "in-process" | `http x${number}`;
  result: Measurement;
}

const header = [
  "query",
  "mode",
  "Keto +ms",
  "via",
  "req/s",
  "p50 ms",
  "p99 ms",
  "Keto calls/req (batch + single)",
  "Kratos calls/req",
  "n",
];

const fixed = (value: number, digits: number) =>
  Number.isFinite(value) ? value.toFixed(digits) : "-";

/** Calls per request: whole numbers as they are, averages to one decimal. */
const calls = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

export function formatRow(row: Row): string[] {
  const { result } = row;
  const keto = result.perRequest;
  const split = `${calls(keto.ketoBatch)} + ${calls(keto.ketoSingle)}`;
  const other = keto.ketoTotal - keto.ketoBatch - keto.ketoSingle;
  return [
    row.scenario,
    row.mode,
    String(row.ketoLatencyMs),
    row.transport,
    fixed(result.reqPerSec, 1),
    fixed(result.p50Ms, 1),
    fixed(result.p99Ms, 1),
    `${calls(keto.ketoTotal)} (${split}${other > 0 ? `, other ${calls(other)}` : ""})`,
    calls(keto.kratosWhoami) +
      (keto.kratosTotal > keto.kratosWhoami
        ? ` (+${calls(keto.kratosTotal - keto.kratosWhoami)})`
        : ""),
    String(result.requests),
  ];
}

export function markdownTable(rows: Row[]): string {
  const lines = [header, header.map(() => "---"), ...rows.map(formatRow)];
  return lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}
