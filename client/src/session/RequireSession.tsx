import { Navigate, Outlet, useLocation } from "react-router";
import { ErrorState, LoadingState, RetryButton } from "../ui/states";
import { useSession } from "./session-context";

/** Routes below need a signed-in person; others are sent to sign in and brought back. */
export function RequireSession() {
  const { session, renew } = useSession();
  const location = useLocation();

  switch (session.status) {
    case "loading":
      return <LoadingState label="Checking your session…" />;
    case "anonymous": {
      const returnTo = `${location.pathname}${location.search}${location.hash}`;
      return <Navigate to={`/login?return_to=${encodeURIComponent(returnTo)}`} replace />;
    }
    case "unknown":
      return (
        <ErrorState title="Cannot check your session" actions={<RetryButton onClick={renew} />}>
          <p>{session.message}</p>
        </ErrorState>
      );
    case "signed-in":
      return <Outlet />;
  }
}
