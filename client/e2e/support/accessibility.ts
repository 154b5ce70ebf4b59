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
  const results = await new AxeBuilder({ page })
    .withTags(standards)
    // GraphiQL's own editor and explorer (CodeMirror 5 textareas without labels, tabs with
    // buttons inside, pale explorer links) are the package's to fix; our frame and notice
    // around it are still checked.
    .exclude(".graphiql-container")
    .analyze();
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

/**
 * The contrast between the focused element's outline and the background behind it (the
 * nearest ancestor's that is not transparent), as WCAG computes it. A keyboard user needs 3:1
 * to see where they are (WCAG 2.1, 1.4.11).
 */
export async function focusRingContrast(page: Page): Promise<number> {
  const { outline, background } = await page.evaluate(() => {
    const focused = document.activeElement;
    if (!(focused instanceof HTMLElement)) throw new Error("nothing has focus");
    const style = getComputedStyle(focused);
    if (style.outlineStyle === "none" || Number.parseFloat(style.outlineWidth) === 0) {
      return { outline: "none", background: "" };
    }
    let behind: Element | null = focused.parentElement;
    while (behind && getComputedStyle(behind).backgroundColor === "rgba(0, 0, 0, 0)") {
      behind = behind.parentElement;
    }
    return {
      outline: style.outlineColor,
      background: behind ? getComputedStyle(behind).backgroundColor : "rgb(255, 255, 255)",
    };
  });
  if (outline === "none") return 1;
  const [lighter, darker] = [luminance(outline), luminance(background)].sort((a, b) => b - a);
  return (lighter + 0.05) / (darker + 0.05);
}

/** Relative luminance of a computed `rgb(r, g, b)` colour. */
function luminance(color: string): number {
  const channels = color
    .match(/\d+(?:\.\d+)?/g)
    ?.slice(0, 3)
    .map(Number);
  if (channels?.length !== 3) throw new Error(`not an rgb() colour: ${color}`);
  const [red, green, blue] = channels.map((channel) => {
    const value = channel / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}
