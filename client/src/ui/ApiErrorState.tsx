import { Link } from "react-router";
import type { CombinedError } from "urql";
import { apiErrorCode, errorDetails } from "../graphql/error-code";
import { ErrorState, NoticeState, RetryButton } from "./states";

interface ApiErrorStateProps {
  error: CombinedError;
  /** What could not be loaded, for the headings ("this project"). */
  subject: string;
  retry(): void;
}

/** The page state for a failed query, chosen by the API's error code. */
export function ApiErrorState({ error, subject, retry }: ApiErrorStateProps) {
  switch (apiErrorCode(error)) {
    case "UNAUTHENTICATED":
      return (
        <NoticeState
          title="Your session has ended"
          actions={
            <Link className="button button-primary" to="/login">
              Sign in
            </Link>
          }
        >
          <p>Sign in again to see {subject}.</p>
        </NoticeState>
      );
    case "FORBIDDEN":
      return (
        <NoticeState title={`You do not have access to ${subject}`}>
          <p>Ask its owner to share it with you.</p>
        </NoticeState>
      );
    case "NOT_FOUND":
      return <NotFoundState subject={subject} />;
    case "AUTHZ_UNAVAILABLE":
      return <AuthzUnavailableState retry={retry} />;
    case "NETWORK":
      return <ApiUnreachableState retry={retry} />;
    case "OUT_OF_DATE":
      return <OutOfDateState />;
    default:
      return (
        <UnexpectedErrorState title={`Could not load ${subject}`} error={error} retry={retry} />
      );
  }
}

/**
 * The page was loaded before the site changed (a tab left open across a deploy): its
 * requests name documents the API no longer holds, and only a reload brings the new ones.
 */
export function OutOfDateState() {
  return (
    <ErrorState
      title="This page is out of date"
      actions={
        <button
          type="button"
          className="button button-primary"
          onClick={() => window.location.reload()}
        >
          Reload
        </button>
      }
    >
      <p>This page is out of date: reload it to get the new version.</p>
    </ErrorState>
  );
}

/**
 * A failure no other state names: a sentence for people, and the API's code and words for
 * developers out of the way (they may be internal, such as a server-side exception name).
 */
export function UnexpectedErrorState(props: {
  title: string;
  error: CombinedError;
  retry(): void;
}) {
  return (
    <ErrorState title={props.title} actions={<RetryButton onClick={props.retry} />}>
      <p>Something went wrong on our side. Try again in a moment.</p>
      <details className="error-details">
        <summary>Details for developers</summary>
        <code>{errorDetails(props.error)}</code>
      </details>
    </ErrorState>
  );
}

/** Hidden and missing look the same on purpose: the API does not reveal which it is. */
export function NotFoundState({ subject }: { subject: string }) {
  return (
    <NoticeState title={`Cannot find ${subject}`}>
      <p>It does not exist, or it has not been shared with you.</p>
    </NoticeState>
  );
}

/**
 * Keto did not answer, so the API failed closed; the same words on every page, whatever
 * it was loading, because nothing about the page itself is wrong.
 */
export function AuthzUnavailableState({ retry }: { retry(): void }) {
  return (
    <ErrorState
      title="Permissions cannot be checked right now"
      actions={<RetryButton onClick={retry} />}
    >
      <p>The permission service did not answer, so nothing is shown. Try again in a moment.</p>
    </ErrorState>
  );
}

/** No answer came at all (offline, API down): say so rather than blame the request. */
export function ApiUnreachableState({ retry }: { retry(): void }) {
  return (
    <ErrorState title="The API cannot be reached" actions={<RetryButton onClick={retry} />}>
      <p>Check your connection and try again.</p>
    </ErrorState>
  );
}
