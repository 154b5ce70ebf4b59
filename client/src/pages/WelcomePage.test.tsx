// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { Provider as UrqlProvider } from "urql";
import { afterEach, describe, expect, it, vi } from "vitest";
import persistedDocuments from "../gql/persisted-documents.json";
import { createApiClient } from "../graphql/api-client";
import { SessionContext, type SessionControls } from "../session/session-context";
import { WelcomePage } from "./WelcomePage";

const homepage = {
  __typename: "Homepage",
  title: "Welcome",
  hero: { __typename: "Hero", heading: "You are allowed in.", text: "Kratos and Keto agree." },
  services: [
    { __typename: "ServiceCard", name: "Ory Keto", role: "Permissions", description: "Checks." },
  ],
  about: "A reference system.",
};

const deniedWith = (code: string) => ({
  data: { homepage: null },
  errors: [{ message: `Denied: ${code}`, path: ["homepage"], extensions: { code } }],
});

/** The API answers each /graphql request with the next of these bodies. */
function apiAnswers(...bodies: unknown[]) {
  const fetch = vi.fn(async () => Response.json(bodies.length > 1 ? bodies.shift() : bodies[0]));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

function renderWelcome(session: SessionControls["session"] = { status: "anonymous" }) {
  const controls: SessionControls = {
    session,
    renew: vi.fn(),
    refreshViewer: vi.fn(),
    signOut: async () => undefined,
  };
  const router = createMemoryRouter([{ path: "/", element: <WelcomePage /> }]);
  render(
    <UrqlProvider value={createApiClient()}>
      <SessionContext.Provider value={controls}>
        <RouterProvider router={router} />
      </SessionContext.Provider>
    </UrqlProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("the welcome page", () => {
  it("shows the content to a reader", async () => {
    apiAnswers({ data: { homepage } });
    renderWelcome();
    expect(screen.getByRole("status").textContent).toContain("Loading");
    await screen.findByRole("heading", { name: "You are allowed in." });
    expect(screen.getByRole("heading", { name: "Ory Keto" })).toBeTruthy();
  });

  it("asks the API by the operation's stored hash, without its text", async () => {
    const fetch = apiAnswers({ data: { homepage } });
    renderWelcome();
    await screen.findByRole("heading", { name: "You are allowed in." });
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    const body = JSON.parse(String(init.body));
    expect(init.method).toBe("POST");
    expect(body.query).toBeUndefined();
    const hash: keyof typeof persistedDocuments = body.extensions.persistedQuery.sha256Hash;
    expect(persistedDocuments[hash]).toMatch(/^fragment HomepageContent .* query Homepage /);
  });

  it("says so when there are no services to list", async () => {
    apiAnswers({ data: { homepage: { ...homepage, services: [] } } });
    renderWelcome();
    await screen.findByText("No services are listed yet.");
  });

  it("asks an anonymous visitor to sign in", async () => {
    apiAnswers(deniedWith("UNAUTHENTICATED"));
    renderWelcome();
    await screen.findByRole("heading", { name: "Sign in to see the welcome page" });
    expect(screen.getByRole("link", { name: "Sign in" }).getAttribute("href")).toBe("/login");
  });

  it("tells a signed-in person without the permission that they have no access", async () => {
    apiAnswers(deniedWith("FORBIDDEN"));
    renderWelcome({
      status: "signed-in",
      viewer: { __typename: "Viewer", id: "u1", email: "bob@example.com", name: "Bob" },
    });
    await screen.findByRole("heading", { name: "You do not have access to the welcome page" });
    expect(screen.getByText(/signed in as bob@example.com/).textContent).toContain(
      "Ask an administrator of this site for access",
    );
  });

  it("offers a retry while permissions cannot be checked, and shows the page once they can", async () => {
    const fetch = apiAnswers(deniedWith("AUTHZ_UNAVAILABLE"), { data: { homepage } });
    renderWelcome();
    await screen.findByRole("heading", { name: "Permissions cannot be checked right now" });

    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    await screen.findByRole("heading", { name: "You are allowed in." });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("says when the API cannot be reached", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("Failed to fetch");
      }),
    );
    renderWelcome();
    await screen.findByRole("heading", { name: "The API cannot be reached" });
  });

  it("asks for a reload when the API no longer knows the page's documents (after a deploy)", async () => {
    apiAnswers({
      errors: [
        {
          message: "PersistedQueryNotFound",
          extensions: { code: "PERSISTED_QUERY_NOT_IN_LIST" },
        },
      ],
    });
    const reload = vi.fn();
    vi.stubGlobal("location", { ...window.location, reload });
    renderWelcome();
    const state = await screen.findByRole("alert");
    expect(state.textContent).toContain(
      "This page is out of date: reload it to get the new version.",
    );
    expect(state.textContent).not.toContain("PersistedQuery");
    fireEvent.click(screen.getByRole("button", { name: "Reload" }));
    expect(reload).toHaveBeenCalled();
  });

  it("says an unexpected failure in people's words, keeping the API's for developers", async () => {
    apiAnswers({
      data: { homepage: null },
      errors: [{ message: "HomepageTableMissing", extensions: { code: "INTERNAL_SERVER_ERROR" } }],
    });
    renderWelcome();
    await screen.findByRole("heading", { name: "The welcome page could not be loaded" });
    expect(
      screen.getByText("Something went wrong on our side. Try again in a moment."),
    ).toBeTruthy();
    const details = screen.getByText("Details for developers").closest("details");
    expect(details?.textContent).toContain("INTERNAL_SERVER_ERROR: HomepageTableMissing");
    expect(details?.open).toBe(false);
  });
});
