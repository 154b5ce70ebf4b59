// @vitest-environment happy-dom
import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { KratosContext } from "../auth/kratos-context";
import { KratosBrowserApi } from "../ory/kratos-api";
import { SessionProvider } from "./SessionProvider";
import { type SessionControls, useSession } from "./session-context";

const alice = { id: "u1", email: "alice@example.com", name: "Alice Example" };

/** The API's viewer answers in turn, and Kratos' two logout calls. */
function backend(...viewers: (typeof alice | null)[]) {
  const requests: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), "http://app.test");
      requests.push(url.pathname);
      if (url.pathname === "/graphql") {
        return Response.json({
          data: { viewer: viewers.length > 1 ? viewers.shift() : viewers[0] },
        });
      }
      if (url.pathname === "/self-service/logout/browser") {
        return Response.json({
          logout_url: "http://kratos.test/self-service/logout?token=t1",
          logout_token: "t1",
        });
      }
      if (url.pathname === "/self-service/logout") return new Response(null, { status: 204 });
      throw new Error(`unexpected request ${url}`);
    }),
  );
  return requests;
}

let controls: SessionControls;
function Probe() {
  controls = useSession();
  const { session } = controls;
  return (
    <p>{session.status === "signed-in" ? `signed in as ${session.viewer.name}` : session.status}</p>
  );
}

function renderSession() {
  render(
    <KratosContext.Provider value={new KratosBrowserApi("http://kratos.test")}>
      <SessionProvider>
        <Probe />
      </SessionProvider>
    </KratosContext.Provider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("SessionProvider", () => {
  it("reads the viewer once when the app loads", async () => {
    const requests = backend(alice);
    renderSession();
    expect(screen.getByText("loading")).toBeTruthy();
    await screen.findByText("signed in as Alice Example");
    expect(requests).toEqual(["/graphql"]);
  });

  it("says anonymous when the API knows no viewer", async () => {
    backend(null);
    renderSession();
    await screen.findByText("anonymous");
  });

  it("signs out through Kratos and reads the viewer again from an empty cache", async () => {
    const requests = backend(alice, null);
    renderSession();
    await screen.findByText("signed in as Alice Example");

    let problem: string | undefined = "not called";
    await act(async () => {
      problem = await controls.signOut();
    });
    expect(problem).toBeUndefined();
    await screen.findByText("anonymous");
    expect(requests).toEqual([
      "/graphql",
      "/self-service/logout/browser",
      "/self-service/logout",
      "/graphql",
    ]);
  });

  it("keeps showing the same person while their changed name is read again", async () => {
    backend(alice, { ...alice, name: "Alice Liddell" });
    renderSession();
    await screen.findByText("signed in as Alice Example");

    act(() => controls.refreshViewer());
    expect(screen.queryByText("loading")).toBeNull();
    await screen.findByText("signed in as Alice Liddell");
  });
});
