// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { alice, fakeKratos, json, kratosError, renderWithKratos } from "../testing/fake-kratos";
import { aliceSession } from "../testing/kratos-flows";
import { SessionsSection } from "./SessionsSection";

const current = aliceSession();
const phone = aliceSession({
  id: "5e551011-0000-4000-8000-000000000002",
  device: {
    user_agent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) Safari/604.1",
    ip_address: "203.0.113.7",
    location: "Berlin, DE",
  },
});
const laptop = aliceSession({
  id: "5e551011-0000-4000-8000-000000000003",
  device: { user_agent: "Mozilla/5.0 (Macintosh) Chrome/138.0", ip_address: "198.51.100.4" },
});

function renderSessions() {
  return renderWithKratos([{ path: "/settings", element: <SessionsSection /> }], "/settings", {
    status: "signed-in",
    viewer: alice,
  });
}

async function devices() {
  const list = await screen.findByRole("list", { name: "Signed-in devices" });
  return within(list)
    .getAllByRole("listitem")
    .map((item) => item.textContent);
}

beforeEach(() => {
  vi.unstubAllGlobals();
});
afterEach(cleanup);

describe("the sessions section of the settings", () => {
  it("lists this device first, then the others with where they signed in from", async () => {
    fakeKratos({
      "GET /sessions/whoami": () => json(200, current),
      "GET /sessions": () => json(200, [phone, laptop]),
    });
    renderSessions();

    const items = await devices();
    expect(items).toHaveLength(3);
    // Devices as people name them, not their user agents (kept as the name's tooltip).
    expect(items[0]).toContain("Firefox on Linux (this device)");
    expect(items[0]).not.toContain("Mozilla");
    expect(items[1]).toContain("Safari on iOS");
    expect(items[1]).toContain("203.0.113.7 · Berlin, DE");
    expect(items[1]).toContain("Signed in");
    expect(items[1]).not.toContain("(this device)");
    expect(items[2]).toContain("Chrome on macOS");
    expect(screen.getByText("Safari on iOS").getAttribute("title")).toBe(
      phone.devices?.[0].user_agent,
    );
    // Only other devices can be signed out from here.
    expect(screen.getAllByRole("button", { name: /^Sign out (Safari|Chrome) on / })).toHaveLength(
      2,
    );
  });

  it("signs out one other device and shows the list without it", async () => {
    let others = [phone, laptop];
    const calls = fakeKratos({
      "GET /sessions/whoami": () => json(200, current),
      "GET /sessions": () => json(200, others),
      [`DELETE /sessions/${phone.id}`]: () => {
        others = [laptop];
        return new Response(null, { status: 204 });
      },
    });
    renderSessions();
    await devices();

    fireEvent.click(
      screen.getByRole("button", {
        name: "Sign out Safari on iOS (203.0.113.7)",
      }),
    );

    expect((await screen.findByRole("status")).textContent).toContain("Signed out");
    await vi.waitFor(async () => expect(await devices()).toHaveLength(2));
    expect(calls.map((call) => call.route)).toContain(`DELETE /sessions/${phone.id}`);
  });

  it("signs out all other devices at once", async () => {
    let others = [phone, laptop];
    fakeKratos({
      "GET /sessions/whoami": () => json(200, current),
      "GET /sessions": () => json(200, others),
      "DELETE /sessions": () => {
        others = [];
        return json(200, { count: 2 });
      },
    });
    renderSessions();
    await devices();

    fireEvent.click(screen.getByRole("button", { name: "Sign out other devices" }));

    expect((await screen.findByRole("status")).textContent).toBe("Signed out 2 other devices.");
    await screen.findByText("You are not signed in anywhere else.");
    expect(await devices()).toHaveLength(1);
    expect(screen.queryByRole("button", { name: "Sign out other devices" })).toBeNull();
  });

  it("says why when Kratos refuses to sign a device out", async () => {
    fakeKratos({
      "GET /sessions/whoami": () => json(200, current),
      "GET /sessions": () => json(200, [phone]),
      [`DELETE /sessions/${phone.id}`]: () =>
        // This browser's own session ended meanwhile (signed out in another tab).
        kratosError(401, {
          message: "The request could not be authorized",
          reason: "No valid session cookie found.",
        }),
    });
    renderSessions();
    await devices();

    fireEvent.click(screen.getByRole("button", { name: /^Sign out Safari on iOS/ }));
    expect((await screen.findByRole("alert")).textContent).toBe("No valid session cookie found.");
  });

  it("shows an agent no browser sent as it is, and a device without one as unknown", async () => {
    const script = aliceSession({
      id: "5e551011-0000-4000-8000-000000000004",
      device: { user_agent: "curl/8.5.0", ip_address: "192.0.2.9" },
    });
    const blank = aliceSession({
      id: "5e551011-0000-4000-8000-000000000005",
      device: { user_agent: "", ip_address: "192.0.2.10" },
    });
    fakeKratos({
      "GET /sessions/whoami": () => json(200, current),
      "GET /sessions": () => json(200, [script, blank]),
    });
    renderSessions();

    const items = await devices();
    expect(items[1]).toContain("curl/8.5.0");
    expect(items[2]).toContain("Unknown device");
    expect(screen.getByRole("button", { name: "Sign out curl/8.5.0 (192.0.2.9)" })).toBeTruthy();
    expect(
      screen.getByRole("button", { name: "Sign out an unknown device (192.0.2.10)" }),
    ).toBeTruthy();
  });

  it("offers a retry when the sessions cannot be read", async () => {
    let reachable = false;
    fakeKratos({
      "GET /sessions/whoami": () => json(200, current),
      "GET /sessions": () => {
        if (!reachable) throw new TypeError("Failed to fetch");
        return json(200, []);
      },
    });
    renderSessions();

    expect((await screen.findByRole("alert")).textContent).toContain("cannot be reached");
    reachable = true;
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await devices()).toHaveLength(1);
  });
});
