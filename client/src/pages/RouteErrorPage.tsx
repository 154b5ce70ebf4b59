import { isRouteErrorResponse, useRouteError } from "react-router";
import { ErrorState } from "../ui/states";

/** Shown when a page itself crashed, instead of a blank screen. */
export function RouteErrorPage() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : undefined;
  return (
    <main className="main" id="main">
      <ErrorState
        title="Something went wrong on this page"
        actions={
          <a className="button" href="/">
            Reload the app
          </a>
        }
      >
        {detail && <p>{detail}</p>}
      </ErrorState>
    </main>
  );
}
