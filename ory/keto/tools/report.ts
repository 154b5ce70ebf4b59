import { stringify } from "yaml";
import type { AssertionResult } from "./run-suite.ts";

const columns = ["suite", "check", "expected", "got", "ok"] as const;

/** The results as a plain-text table, one row per assertion. */
export function resultTable(results: AssertionResult[]): string {
  const rows = results.map((result) => [
    result.suite,
    result.assertion,
    result.expected,
    result.got,
    result.ok ? "ok" : "FAIL",
  ]);
  const widths = columns.map((title, index) =>
    Math.max(title.length, ...rows.map((row) => row[index].length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index]))
      .join("  ")
      .trimEnd();
  return [line(columns), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join(
    "\n",
  );
}

/** Each failed assertion named in full, with its reason and, for expands, both trees. */
export function failureReport(results: AssertionResult[]): string {
  return results
    .filter((result) => !result.ok)
    .map((result) => {
      const lines = [
        `FAIL ${result.suite}: ${result.assertion}: expected ${result.expected}, got ${result.got}`,
      ];
      if (result.because) lines.push(`  because: ${result.because}`);
      if (result.error) lines.push(`  error: ${result.error}`);
      if (result.detail) {
        lines.push(
          "  expected tree:",
          indent(stringify(result.detail.expected)),
          "  got tree:",
          indent(stringify(result.detail.got)),
        );
      }
      return lines.join("\n");
    })
    .join("\n");
}

const indent = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
