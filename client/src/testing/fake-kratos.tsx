import { render } from "@testing-library/react";
import { createMemoryRouter, type RouteObject, RouterProvider, useLocation } from "react-router";
import { vi } from "vitest";
import { KratosContext } from "../auth/kratos-context";
import { KratosBrowserApi } from "../ory/kratos-api";
import {
  type Session,
  SessionContext,
  type SessionControls,
  type Viewer,
} from "../session/session-context";

export const kratosUrl = "http://kratos.test";

export interface KratosCall {
  route: string;
  url: URL;
  body: unknown;
  init?: RequestInit;
}

/**
 * Stands in for Kratos' public API: answers calls by "METHOD /path" with the given
 * handlers and records what the page sent. A call nobody expected fails the test; a
 * handler may hold its answer back (a promise) to show the page while a call is on its way.
 */
export function fakeKratos(
  routes: Record<string, (url: URL, body: unknown) => Response | Promise<Response>>,
) {
  const calls: KratosCall[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const route = `${init?.method ?? "GET"} ${url.pathname}`;
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ route, url, body, init });
    const handler = routes[route];
    if (!handler) throw new Error(`unexpected Kratos call ${route}`);
    return handler(url, body);
  });
  vi.stubGlobal("fetch", fetch);
  return calls;
}

export const json = (status: number, body: unknown) => Response.json(body, { status });

/** Kratos' herodot error body. */
export const kratosError = (
  status: number,
  error: { id?: string; message: string; reason?: string; details?: Record<string, unknown> },
  extra: Record<string, unknown> = {},
) => json(status, { error: { code: status, ...error }, ...extra });

/** Prints the router's location, so tests can see where a page navigated to. */
export function WhereAmI() {
  const location = useLocation();
  return <p>Now at {`${location.pathname}${location.search}`}</p>;
}

/**
 * Renders pages at `initialUrl` with the real Kratos client (talking to `fakeKratos`) and
 * a session of the given status; every other path shows where the router went.
 */
export function renderWithKratos(
  pages: RouteObject[],
  initialUrl: string,
  session: Session = { status: "anonymous" },
) {
  const controls: SessionControls = {
    session,
    renew: vi.fn(),
    refreshViewer: vi.fn(),
    signOut: async () => undefined,
  };
  const router = createMemoryRouter([...pages, { path: "*", element: <WhereAmI /> }], {
    initialEntries: [initialUrl],
  });
  render(
    <KratosContext.Provider value={new KratosBrowserApi(kratosUrl)}>
      <SessionContext.Provider value={controls}>
        <RouterProvider router={router} />
      </SessionContext.Provider>
    </KratosContext.Provider>,
  );
  return { router, renew: controls.renew, refreshViewer: controls.refreshViewer };
}

export const alice: Viewer = {
  __typename: "Viewer",
  id: "u1",
  email: "alice@example.com",
  name: "Alice Example",
};
