import { render } from "@testing-library/react";
import { createMemoryRouter, type RouteObject, RouterProvider } from "react-router";
import { Provider as UrqlProvider } from "urql";
import { vi } from "vitest";
import persistedDocuments from "../gql/persisted-documents.json";
import { createApiClient } from "../graphql/api-client";
import { SessionContext, type SessionControls, type Viewer } from "../session/session-context";

export interface ApiCall {
  operation: string;
  variables: Record<string, unknown>;
}

/** An answer to one operation: a body, or a promise of one (to hold a request open). */
export type ApiAnswer = () => unknown;

/**
 * A fake API that answers by operation name (read from the persisted document the hash
 * names) and records each request's operation and variables; Kratos answers "no session". Answers are read when a
 * request comes, so a test can change what the API says between requests.
 */
export function fakeApi(answers: Map<string, ApiAnswer>) {
  const calls: ApiCall[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    // Kratos (the layout asks it about the session) knows nobody here.
    if (!String(url).endsWith("/graphql")) {
      return Response.json({ error: { code: 401, message: "No session" } }, { status: 401 });
    }
    const body = JSON.parse(String(init.body));
    const hash: keyof typeof persistedDocuments = body.extensions.persistedQuery.sha256Hash;
    const operation = /(?:query|mutation) (\w+)/.exec(persistedDocuments[hash])?.[1] ?? "";
    calls.push({ operation, variables: body.variables ?? {} });
    const answer = answers.get(operation);
    if (!answer) throw new Error(`unexpected operation ${operation}`);
    return Response.json(await answer());
  });
  vi.stubGlobal("fetch", fetch);
  return calls;
}

/** A mutation's answer: its one field holding the result union member. */
export const payload = (field: string, body: unknown) => ({ data: { [field]: body } });

/** A mutation's ValidationError: the API refusing these fields of its input. */
export const validationError = (...fieldErrors: { path: string[]; message: string }[]) => ({
  __typename: "ValidationError",
  message: fieldErrors.map((error) => `${error.path.join(".")}: ${error.message}`).join("; "),
  fieldErrors: fieldErrors.map((error) => ({ __typename: "FieldError", ...error })),
});

/** A promise and the function that settles it, for answers that wait for the test. */
export function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/**
 * Renders pages at `path` with the real API client (talking to `fakeApi`) for a signed-in
 * viewer; links between the pages work, so a test can navigate.
 */
export function renderWithApi(
  pages: RouteObject[],
  path: string,
  viewer: Viewer = {
    __typename: "Viewer",
    id: "u-alice",
    email: "alice@example.com",
    name: "Alice Example",
  },
) {
  const controls: SessionControls = {
    session: { status: "signed-in", viewer },
    renew: vi.fn(),
    refreshViewer: vi.fn(),
    signOut: async () => undefined,
  };
  const router = createMemoryRouter(pages, { initialEntries: [path] });
  render(
    <UrqlProvider value={createApiClient()}>
      <SessionContext.Provider value={controls}>
        <RouterProvider router={router} />
      </SessionContext.Provider>
    </UrqlProvider>,
  );
  return router;
}

/**
 * Whether a person could use the control: disabled itself or by a disabled fieldset around
 * it (happy-dom does not apply the fieldset's state to the controls inside).
 */
export function isDisabled(control: HTMLElement): boolean {
  if ((control as HTMLInputElement).disabled) return true;
  return control.closest("fieldset[disabled]") !== null;
}
