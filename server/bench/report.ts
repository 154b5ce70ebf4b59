import type { Measurement } from "./measure.ts";
import type { ModeName } from "./modes.ts";

export type Transport = "in-process" | `http x${number}`;

export interface Row {
  scenario: string;
  mode: ModeName;
  transport: Transport;
  result: Measurement;
}

const header = [
  "query",
  "mode",
  "via",
  "req/s",
  "p50 ms",
  "p99 ms",
  "Keto calls/req (batch + list + single)",
  "check rounds/req",
  "tuples checked/req",
  "answered by listing/req",
  "sequential Keto rounds",
  "Kratos calls/req",
  "page",
  "n",
];

const fixed = (value: number, digits: number) =>
  Number.isFinite(value) ? value.toFixed(digits) : "-";

/** Per-request figures: whole numbers as they are, averages to one decimal. */
export const count = (value: number) =>
  Number.isInteger(value) ? String(value) : value.toFixed(1);

function formatRow(row: Row): string[] {
  const { result } = row;
  const ory = result.perRequest;
  const split = `${count(ory.ketoBatch)} + ${count(ory.ketoList)} + ${count(ory.ketoSingle)}`;
  const other = ory.ketoTotal - ory.ketoBatch - ory.ketoList - ory.ketoSingle;
  const { edges, hasNextPage } = result.page;
  return [
    row.scenario,
    row.mode,
    row.transport,
    fixed(result.reqPerSec, 1),
    fixed(result.p50Ms, 1),
    fixed(result.p99Ms, 1),
    `${count(ory.ketoTotal)} (${split}${other > 0 ? `, other ${count(other)}` : ""})`,
    count(result.checkRounds),
    count(result.tuplesChecked),
    count(result.listedAnswers),
    fixed(result.sequentialRounds, 1),
    count(ory.kratosWhoami) +
      (ory.kratosTotal > ory.kratosWhoami
        ? ` (+${count(ory.kratosTotal - ory.kratosWhoami)})`
        : ""),
    `${edges}${hasNextPage ? " + more" : ""}`,
    String(result.requests),
  ];
}

export function markdownTable(header: string[], rows: string[][]): string {
  const lines = [header, header.map(() => "---"), ...rows];
  return lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

export const resultsTable = (rows: Row[]) => markdownTable(header, rows.map(formatRow));

const designs: ModeName[] = ["batched", "table-scan", "keto-list", "off"];

/**
 * The list designs side by side, for every query that ran at least three:
 * p50, Keto calls and sequential Keto rounds per request, and the page.
 */
export function designComparison(rows: Row[]): string {
  const local = rows.filter((row) => row.transport === "in-process");
  const scenarios = [...new Set(local.map((row) => row.scenario))].filter(
    (scenario) =>
      local.filter((row) => row.scenario === scenario && designs.includes(row.mode)).length > 2,
  );
  const cell = (scenario: string, mode: ModeName) => {
    const result = local.find((row) => row.scenario === scenario && row.mode === mode)?.result;
    if (!result) return "-";
    const { edges, hasNextPage } = result.page;
    return `${fixed(result.p50Ms, 1)} ms / ${count(result.perRequest.ketoTotal)} / ${fixed(result.sequentialRounds, 1)} / ${edges}${hasNextPage ? " + more" : ""}`;
  };
  return markdownTable(
    ["query", ...designs.map((mode) => (mode === "batched" ? "shipped (batched)" : mode))],
    scenarios.map((scenario) => [scenario, ...designs.map((mode) => cell(scenario, mode))]),
  );
}
