import { type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { Provider as UrqlProvider, useQuery } from "urql";
import { useKratos } from "../auth/kratos-context";
import { graphql } from "../gql";
import { createApiClient } from "../graphql/api-client";
import { apiErrorCode } from "../graphql/error-code";
import { KratosUnreachableError } from "../ory/kratos-api";
import { type Session, SessionContext, type SessionControls } from "./session-context";

const ViewerDocument = graphql(`
  query Viewer {
    viewer {
      id
      email
      name
    }
  }
`);

/**
 * Owns the GraphQL client and who is signed in. The viewer is read once when the app
 * loads and again only after the identity changed (sign-in, sign-out, settings).
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [client, setClient] = useState(createApiClient);
  const renew = useCallback(() => setClient(createApiClient()), []);
  return (
    <UrqlProvider value={client}>
      <ViewerSession renew={renew}>{children}</ViewerSession>
    </UrqlProvider>
  );
}

function ViewerSession({ renew, children }: { renew(): void; children: ReactNode }) {
  const kratos = useKratos();
  const [result, reexecute] = useQuery({ query: ViewerDocument });
  // A re-read for the same person keeps showing them; urql keeps the old answer meanwhile.
  const [refreshing, setRefreshing] = useState(false);
  const refreshViewer = useCallback(() => {
    setRefreshing(true);
    reexecute({ requestPolicy: "network-only" });
  }, [reexecute]);
  useEffect(() => {
    if (!result.fetching) setRefreshing(false);
  }, [result.fetching]);

  const session = useMemo((): Session => {
    // After sign-in or sign-out urql may still hold the previous person's answer.
    if (result.fetching && !refreshing) return { status: "loading" };
    if (result.data?.viewer) return { status: "signed-in", viewer: result.data.viewer };
    if (result.error) {
      const code = apiErrorCode(result.error);
      return {
        status: "unknown",
        message:
          code === "NETWORK"
            ? "The API cannot be reached."
            : "The API could not check who is signed in.",
      };
    }
    return result.data ? { status: "anonymous" } : { status: "loading" };
  }, [result, refreshing]);

  const signOut = useCallback(async () => {
    try {
      const result = await kratos.logout();
      // 401: there was no session to end, which is what signing out wants anyway.
      if (result.kind === "error" && result.error.status !== 401) return result.error.message;
      return undefined;
    } catch (error) {
      return error instanceof KratosUnreachableError ? error.message : "Signing out failed.";
    } finally {
      renew();
    }
  }, [kratos, renew]);

  const controls = useMemo<SessionControls>(
    () => ({ session, renew, refreshViewer, signOut }),
    [session, renew, refreshViewer, signOut],
  );
  return <SessionContext.Provider value={controls}>{children}</SessionContext.Provider>;
}
