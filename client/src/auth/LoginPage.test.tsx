// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { createMemoryRouter, RouterProvider, useLocation } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { KratosBrowserApi } from "../ory/kratos-api";
import { SessionContext, type SessionControls } from "../session/session-context";
import { invalidCredentials, loginFlow } from "../testing/kratos-flows";
import { KratosContext } from "./kratos-context";
import { LoginPage } from "./LoginPage";

const kratosUrl = "http://kratos.test";

/** Answers Kratos calls by "METHOD /path"; records what the page sent. */
function fakeKratos(routes: Record<string, (url: URL, body: unknown) => Response>) {
  const calls: { route: string; url: URL; body: unknown; init?: RequestInit }[] = [];
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

const json = (status: number, body: unknown) => Response.json(body, { status });

function WhereAmI() {
  const location = useLocation();
  return <p>Now at {`${location.pathname}${location.search}`}</p>;
}

function renderLogin(initialUrl: string) {
  const renew = vi.fn();
  const session: SessionControls = {
    session: { status: "anonymous" },
    renew,
    refreshViewer: vi.fn(),
    signOut: async () => undefined,
  };
  const router = createMemoryRouter(
    [
      { path: "/login", element: <LoginPage /> },
      { path: "*", element: <WhereAmI /> },
    ],
    { initialEntries: [initialUrl] },
  );
  render(
    <KratosContext.Provider value={new KratosBrowserApi(kratosUrl)}>
      <SessionContext.Provider value={session}>
        <RouterProvider router={router} />
      </SessionContext.Provider>
    </KratosContext.Provider>,
  );
  return { router, renew };
}

async function typeAndSubmit(identifier: string, password: string) {
  fireEvent.change(await screen.findByLabelText("E-Mail"), { target: { value: identifier } });
  fireEvent.change(screen.getByLabelText("Password"), { target: { value: password } });
  fireEvent.click(screen.getByRole("button", { name: "Sign in with password" }));
}

beforeEach(() => {
  vi.unstubAllGlobals();
});
afterEach(cleanup);

describe("the sign-in page on Kratos' browser flow", () => {
  it("creates a flow with credentials and JSON, and keeps its id in the URL", async () => {
    const calls = fakeKratos({ "GET /self-service/login/browser": () => json(200, loginFlow()) });
    const { router } = renderLogin("/login?return_to=%2Fsettings");

    await screen.findByLabelText("E-Mail");
    expect(calls[0].init?.credentials).toBe("include");
    expect(new Headers(calls[0].init?.headers).get("accept")).toBe("application/json");
    // Kratos needs an absolute return_to on its allow-list.
    expect(calls[0].url.searchParams.get("return_to")).toBe(`${window.location.origin}/settings`);
    expect(router.state.location.search).toContain(`flow=${loginFlow().id}`);
    expect(router.state.location.search).toContain("return_to=%2Fsettings");
  });

  it("shows the flow Kratos answers a wrong password with, message and all", async () => {
    const calls = fakeKratos({
      "GET /self-service/login/browser": () => json(200, loginFlow()),
      "POST /self-service/login": () => json(400, loginFlow({ messages: [invalidCredentials] })),
    });
    renderLogin("/login");
    await typeAndSubmit("alice@example.com", "wrong");

    expect((await screen.findByRole("alert")).textContent).toBe(invalidCredentials.text);
    const post = calls.find((call) => call.route === "POST /self-service/login");
    expect(post?.url.searchParams.get("flow")).toBe(loginFlow().id);
    expect(post?.body).toMatchObject({ identifier: "alice@example.com", method: "password" });
  });

  it("signs in, refreshes the session and goes where return_to said", async () => {
    fakeKratos({
      "GET /self-service/login/browser": () => json(200, loginFlow()),
      "POST /self-service/login": () => json(200, { session: { id: "s1", active: true } }),
    });
    const { renew } = renderLogin("/login?return_to=%2Fsettings");
    await typeAndSubmit("alice@example.com", "right");

    await screen.findByText("Now at /settings");
    expect(renew).toHaveBeenCalled();
  });

  it("ignores a return_to that leaves the app", async () => {
    fakeKratos({
      "GET /self-service/login/browser": () => json(200, loginFlow()),
      "POST /self-service/login": () => json(200, { session: { id: "s1", active: true } }),
    });
    renderLogin(`/login?return_to=${encodeURIComponent("https://evil.example/")}`);
    await typeAndSubmit("alice@example.com", "right");
    await screen.findByText("Now at /");
  });

  it("moves to the replacement flow when the submitted one expired (410)", async () => {
    const replacement = {
      ...loginFlow({
        messages: [
          {
            id: 4010001,
            text: "The login flow expired 1.00 minutes ago, please try again.",
            type: "error",
          },
        ],
      }),
      id: "3f1a2b4c-0000-4000-8000-0000000000ff",
    };
    fakeKratos({
      "GET /self-service/login/browser": () => json(200, loginFlow()),
      "POST /self-service/login": () =>
        json(410, {
          error: { id: "self_service_flow_expired", code: 410, message: "Flow expired" },
          use_flow_id: replacement.id,
        }),
      "GET /self-service/login/flows": () => json(200, replacement),
    });
    const { router } = renderLogin("/login");
    await typeAndSubmit("alice@example.com", "slow");

    expect((await screen.findByRole("alert")).textContent).toContain("The login flow expired");
    expect(router.state.location.search).toContain(`flow=${replacement.id}`);
  });

  it("starts a new flow when the one in the URL is gone", async () => {
    const calls = fakeKratos({
      "GET /self-service/login/flows": () =>
        json(404, { error: { code: 404, message: "The requested resource could not be found" } }),
      "GET /self-service/login/browser": () => json(200, loginFlow()),
    });
    const { router } = renderLogin("/login?flow=00000000-0000-4000-8000-000000000000");

    await screen.findByLabelText("E-Mail");
    expect(calls.map((call) => call.route)).toEqual([
      "GET /self-service/login/flows",
      "GET /self-service/login/browser",
    ]);
    expect(router.state.location.search).toContain(`flow=${loginFlow().id}`);
  });

  it("goes on to return_to when Kratos says a session exists already", async () => {
    fakeKratos({
      "GET /self-service/login/browser": () =>
        json(400, {
          error: {
            id: "session_already_available",
            code: 400,
            message: "A valid session was detected and thus login is not possible.",
          },
        }),
    });
    renderLogin("/login?return_to=%2Fsettings");
    await screen.findByText("Now at /settings");
  });

  it("offers a retry when Kratos cannot be reached", async () => {
    let reachable = false;
    fakeKratos({
      "GET /self-service/login/browser": () => {
        if (!reachable) throw new TypeError("Failed to fetch");
        return json(200, loginFlow());
      },
    });
    renderLogin("/login");

    expect((await screen.findByRole("alert")).textContent).toContain("cannot be reached");
    reachable = true;
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    await screen.findByLabelText("E-Mail");
  });
});
