// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { alice, fakeKratos, json, kratosError, renderWithKratos } from "../testing/fake-kratos";
import { aliceSession, settingsFlow } from "../testing/kratos-flows";
import { SettingsPage } from "./SettingsPage";

const restartedFlowId = "3f1a2b4c-0000-4000-8000-000000000033";

beforeEach(() => {
  vi.unstubAllGlobals();
});
afterEach(cleanup);

describe("the settings page", () => {
  it("starts a fresh settings flow when the submitted one is gone (404), sessions and all", async () => {
    const calls = fakeKratos({
      "GET /self-service/settings/flows": () => json(200, settingsFlow()),
      "GET /self-service/settings/browser": () =>
        json(200, { ...settingsFlow(), id: restartedFlowId }),
      "POST /self-service/settings": () =>
        kratosError(404, {
          message: "The requested resource could not be found",
          reason: "Unable to locate the resource",
        }),
      "GET /sessions/whoami": () => json(200, aliceSession()),
      "GET /sessions": () => json(200, []),
    });
    const { router } = renderWithKratos(
      [{ path: "/settings", element: <SettingsPage /> }],
      `/settings?flow=${settingsFlow().id}`,
      { status: "signed-in", viewer: alice },
    );

    const profile = await screen.findByRole("form", { name: "Profile" });
    fireEvent.change(within(profile).getByLabelText("Name"), { target: { value: "Alice L." } });
    fireEvent.click(within(profile).getByRole("button", { name: "Save" }));

    expect((await screen.findByRole("alert")).textContent).toContain("out of date");
    expect(screen.queryByText(/Unable to locate the resource/)).toBeNull();
    expect(router.state.location.search).toContain(`flow=${restartedFlowId}`);
    expect(calls.map((call) => call.route)).toContain("GET /self-service/settings/browser");
    expect(screen.getByRole("heading", { name: "Sessions" })).toBeTruthy();
  });
});
