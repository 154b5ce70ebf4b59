import type { ReactNode } from "react";

interface LoadingStateProps {
  label?: string;
  /**
   * Announced at once but shown only after a moment (app.css, .state-delayed), so a wait that
   * is usually short does not flash a spinner.
   */
  delayed?: boolean;
}

/** A region that tells assistive technology it is waiting, and everyone else what for. */
export function LoadingState({ label = "Loading…", delayed = false }: LoadingStateProps) {
  return (
    <div
      className={delayed ? "state state-loading state-delayed" : "state state-loading"}
      role="status"
      aria-live="polite"
    >
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

interface StateProps {
  title: string;
  children?: ReactNode;
  /** Buttons or links that let the person do something about it. */
  actions?: ReactNode;
}

export function ErrorState({ title, children, actions }: StateProps) {
  return (
    <section className="state state-error" role="alert">
      <h2>{title}</h2>
      {children}
      {actions && <div className="state-actions">{actions}</div>}
    </section>
  );
}

/** The one action every failed load offers: ask again. */
export function RetryButton({ onClick }: { onClick(): void }) {
  return (
    <button type="button" className="button" onClick={onClick}>
      Try again
    </button>
  );
}

/** Nothing went wrong, there is just nothing (yet), or nothing this person may see. */
export function NoticeState({ title, children, actions }: StateProps) {
  return (
    <section className="state state-notice">
      <h2>{title}</h2>
      {children}
      {actions && <div className="state-actions">{actions}</div>}
    </section>
  );
}
