import type { ReactNode } from "react";
import type { MutationProblem } from "../graphql/mutation-problem";

/** An error about what the person just did, announced as soon as it appears. */
export function ErrorMessage({ children }: { children: ReactNode }) {
  return (
    <p className="message message-error" role="alert">
      {children}
    </p>
  );
}

/**
 * A mutation's form-level message, once: complaints about a field are shown under that
 * field instead, so this shows nothing when every complaint has its field.
 */
export function ProblemMessage({ problem }: { problem: MutationProblem | undefined }) {
  return problem?.message ? <ErrorMessage>{problem.message}</ErrorMessage> : null;
}

/** A confirmation that what the person did worked, announced politely. */
export function SuccessMessage({ children }: { children: ReactNode }) {
  return (
    <p className="message message-success" role="status">
      {children}
    </p>
  );
}
