import { Link } from "react-router";
import type { CombinedError } from "urql";
import { apiErrorCode } from "../graphql/error-code";
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
    default:
      return (
        <ErrorState title={`Could not load ${subject}`} actions={<RetryButton onClick={retry} />}>
          <p>{error.graphQLErrors[0]?.message ?? error.message}</p>
        </ErrorState>
      );
  }
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
