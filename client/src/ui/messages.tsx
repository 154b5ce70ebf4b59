import type { ReactNode } from "react";

/** An error about what the person just did, announced as soon as it appears. */
export function ErrorMessage({ children }: { children: ReactNode }) {
  return (
    <p className="message message-error" role="alert">
      {children}
    </p>
  );
}

/** A confirmation that what the person did worked, announced politely. */
export function SuccessMessage({ children }: { children: ReactNode }) {
  return (
    <p className="message message-success" role="status">
      {children}
    </p>
  );
}
