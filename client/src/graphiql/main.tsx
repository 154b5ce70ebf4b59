import { GraphiQL, type GraphiQLProps } from "graphiql";
import { Kind, parse } from "graphql";
import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { authPageUrl } from "../auth/auth-links";
import { defaultQuery } from "./default-query";
import { historyOnlyStorage } from "./history-only-storage";
import "graphiql/style.css";
import "./graphiql-page.css";

const graphqlUrl = "/graphql";

/**
 * Requests go to this origin as application/json with the browser's session cookie: the cookie
 * CSRF guard (server/src/http/csrf.ts) lets JSON through, so no extra header is needed. The API
 * has no subscriptions or incremental delivery, so one JSON answer per request is all there is.
 */
const fetcher: GraphiQLProps["fetcher"] = async (params, options) => {
  const response = await fetch(graphqlUrl, {
    method: "POST",
    credentials: "same-origin",
    headers: {
      ...options?.headers,
      "Content-Type": "application/json",
      Accept: "application/graphql-response+json, application/json",
    },
    body: JSON.stringify({ ...params, operationName: currentOperationName(params) }),
  });
  return response.json();
};

/**
 * GraphiQL updates the operation name a moment after the editor changes, so a query run right
 * after typing can still carry the previous one ("Could not determine what operation to
 * execute"). A name the document does not define is left out, and the API picks the document's
 * only operation (or says it needs a name when there are several).
 */
function currentOperationName(params: { query: string; operationName?: string | null }) {
  const { operationName } = params;
  if (!operationName) return undefined;
  try {
    const defined = parse(params.query).definitions.some(
      (definition) =>
        definition.kind === Kind.OPERATION_DEFINITION && definition.name?.value === operationName,
    );
    return defined ? operationName : undefined;
  } catch {
    return operationName; // the API reports the syntax error
  }
}

const storage = historyOnlyStorage(window.localStorage);

type SessionState = "checking" | "signed-in" | "signed-out";

/** Asks the API who the cookie belongs to, so a signed-out visitor is told how to sign in. */
function useSessionState(): SessionState {
  const [state, setState] = useState<SessionState>("checking");
  useEffect(() => {
    fetch(graphqlUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ query: "{ viewer { id } }" }),
    })
      .then((response) => response.json())
      .then(
        (result: { data?: { viewer: { id: string } | null } }) =>
          setState(result.data?.viewer ? "signed-in" : "signed-out"),
        // The explorer itself shows request failures; the banner only concerns sign-in.
        () => setState("checking"),
      );
  }, []);
  return state;
}

function GraphiQLPage() {
  const session = useSessionState();
  return (
    <div className="graphiql-page">
      {session === "signed-out" && (
        <p className="graphiql-banner" role="status">
          You are not signed in, so queries run without a session.{" "}
          <a href={authPageUrl("/login", graphqlUrl)}>Sign in</a> to explore as yourself.
        </p>
      )}
      <div className="graphiql-frame">
        <GraphiQL
          fetcher={fetcher}
          defaultQuery={defaultQuery}
          // Headers typed into the editor (a token, say) stay in memory and die with the page;
          // only the history and the look are kept in localStorage.
          storage={storage}
          shouldPersistHeaders={false}
        />
      </div>
    </div>
  );
}

createRoot(document.getElementById("graphiql-root") as HTMLElement).render(
  <StrictMode>
    <GraphiQLPage />
  </StrictMode>,
);
