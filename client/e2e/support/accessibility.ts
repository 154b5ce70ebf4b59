import { AxeBuilder } from "@axe-core/playwright";
import type { Result } from "axe-core";
import type { Page } from "playwright-core";

/** WCAG 2.1 A and AA: what axe can decide by itself (contrast, names, labels, landmarks...). */
const standards = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

/** Minor and moderate findings are left to review; these fail a journey. */
const failingImpacts = new Set(["serious", "critical"]);

/**
 * Runs axe-core on the page as it is now and returns its serious and critical violations,
 * one line each: the rule, what it asks for, the elements that break it, and axe's finding
 * for the first of them (for contrast, the colours and the ratio).
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(standards).analyze();
  return results.violations
    .filter((violation) => failingImpacts.has(violation.impact ?? ""))
    .map(describeViolation);
}

function describeViolation(violation: Result): string {
  const targets = violation.nodes.map((node) => node.target.join(" ")).join(", ");
  const [first] = violation.nodes;
  const finding = [...first.any, ...first.all, ...first.none].find((check) => check.message);
  return `${violation.id} (${violation.impact}): ${violation.help}; at ${targets}${finding ? `; ${finding.message}` : ""}`;
}
