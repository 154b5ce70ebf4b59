import {
  type CheckRoundObserver,
  type CheckSource,
  type Permission,
  tupleKey,
} from "./permissions.ts";

/** The header that asks for `extensions.authorization` (docs/permissions.md, "Explaining a request"). */
export const EXPLAIN_HEADER = "x-authz-explain";

export type ExplainedAnswer = "allowed" | "denied" | "error";

/** What a denial turned into in the response. */
export type Refusal = "FORBIDDEN" | "hidden";

/** One check as the request used it. */
export interface ExplainedCheck {
  /** Keto's text notation, e.g. `Project:p1#view@User:u1`. */
  tuple: string;
  answer: ExplainedAnswer;
  /**
   * `keto`: Keto answered; `keto-listing`: Keto's listing of the viewer's own tuples showed a
   * relation that grants it; `pending-revoke`: a revoke queued for Keto overruled a yes;
   * `cache`: the request's cache answered without Keto (a permit its own committed write implies).
   */
  source: CheckSource | "cache";
  /** Which of the request's Keto rounds asked it (1, 2, …); absent for `cache`. */
  round?: number;
  /** How long its round took (Keto and the pending-revoke overlay together); 0 for `cache`. */
  ms: number;
}

/** A denial to explain with Keto's expand trees. */
export interface Denial {
  tuple: string;
  permission: Permission;
  became: Refusal;
}

interface Answered {
  permission: Permission;
  answer: ExplainedAnswer;
  source: ExplainedCheck["source"];
  round?: number;
  ms: number;
}

const answerOf = (answer: boolean | Error): ExplainedAnswer =>
  answer instanceof Error ? "error" : answer ? "allowed" : "denied";

/**
 * Everything one request asked of its permission loader, kept only when the
 * request asked for an explanation. Each tuple is listed once, with the answer
 * the request last got for it: a tuple asked again after the request's cache
 * was dropped (a mutation delivered its tuples) shows its later round.
 */
export class AuthorizationTrace {
  private rounds = 0;
  private readonly answered = new Map<string, Answered>();
  /** Tuples the request asked, in the order first asked. */
  private readonly asked = new Set<string>();
  private readonly refused = new Set<string>();

  /** The loader's observer for one viewer's checks. */
  observerFor(userId: string): CheckRoundObserver {
    return {
      round: (checks, ms) => {
        this.rounds += 1;
        for (const { permission, answer, source } of checks) {
          this.answered.set(tupleKey(permission, userId), {
            permission,
            answer: answerOf(answer),
            source,
            round: this.rounds,
            ms: Math.round(ms * 10) / 10,
          });
        }
      },
    };
  }

  /** A check the request asked (through `can`, or read with `answered`), whatever answers it. */
  noteAsked(permission: Permission, userId: string): void {
    this.asked.add(tupleKey(permission, userId));
  }

  /** Answers the request put in its own cache, which later checks take without Keto. */
  notePrimed(permissions: readonly Permission[], userId: string): void {
    for (const permission of permissions) {
      this.answered.set(tupleKey(permission, userId), {
        permission,
        answer: "allowed",
        source: "cache",
        ms: 0,
      });
    }
  }

  /** A denied check that refused a field or a mutation (FORBIDDEN). */
  noteRefused(permission: Permission, userId: string): void {
    this.refused.add(tupleKey(permission, userId));
  }

  /** Keto rounds the request made. */
  get roundCount(): number {
    return this.rounds;
  }

  /** Every check the request asked, once each, in the order first asked. */
  checks(): ExplainedCheck[] {
    const checks: ExplainedCheck[] = [];
    for (const tuple of this.asked) {
      const found = this.answered.get(tuple);
      if (!found) continue; // asked, but its round never ran (the request ended first)
      const { answer, source, round, ms } = found;
      checks.push({ tuple, answer, source, ...(round === undefined ? {} : { round }), ms });
    }
    return checks;
  }

  /**
   * The denials that changed the response: those a rule turned into FORBIDDEN,
   * and every denied `view`, since `view` is the one permit that decides whether
   * an object is shown (schema/visibility.ts): a denied view hid a row, a node,
   * or a member.
   */
  denials(): Denial[] {
    const denials: Denial[] = [];
    for (const tuple of this.asked) {
      const found = this.answered.get(tuple);
      if (found?.answer !== "denied") continue;
      const became: Refusal | undefined = this.refused.has(tuple)
        ? "FORBIDDEN"
        : found.permission.relation === "view"
          ? "hidden"
          : undefined;
      if (became) denials.push({ tuple, permission: found.permission, became });
    }
    return denials;
  }
}

const traces = new WeakMap<Request, AuthorizationTrace>();

/** Starts keeping the request's checks (the explain plugin decides later whether to show them). */
export function startTrace(request: Request): AuthorizationTrace {
  const trace = new AuthorizationTrace();
  traces.set(request, trace);
  return trace;
}

/** The request's trace, if it asked for an explanation. */
export function traceOf(request: Request): AuthorizationTrace | undefined {
  return traces.get(request);
}
