import { useEffect } from "react";
import { useLocation } from "react-router";
import { LoadingState } from "../ui/states";

/**
 * A page the API serves rather than this app (GraphiQL at /graphql). Signing in from there comes
 * back through the router, which hands the address to the browser to load from the server.
 */
export function ServerPage() {
  const { pathname, search } = useLocation();
  useEffect(() => window.location.replace(`${pathname}${search}`), [pathname, search]);
  return <LoadingState />;
}
