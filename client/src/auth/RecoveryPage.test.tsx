// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeKratos, json, kratosError, renderWithKratos } from "../testing/fake-kratos";
import {
  csrfToken,
  recoveryCodeInvalid,
  recoveryCodeSent,
  recoveryFlow,
  recoveryFlowId,
} from "../testing/kratos-flows";
import { RecoveryPage } from "./RecoveryPage";

const settingsFlowId = "3f1a2b4c-0000-4000-8000-000000000013";

function renderRecovery(initialUrl = "/recovery") {
  return renderWithKratos([{ path: "/recovery", element: <RecoveryPage /> }], initialUrl);
}

async function enterCode(code: string) {
  fireEvent.change(await screen.findByLabelText("Recovery code"), { target: { value: code } });
  fireEvent.click(screen.getByRole("button", { name: "Continue" }));
}

beforeEach(() => {
  vi.unstubAllGlobals();
});
afterEach(cleanup);

describe("account recovery with a code", () => {
  it("asks for the email, then says a code was sent and asks for it", async () => {
    const calls = fakeKratos({
      "GET /self-service/recovery/browser": () => json(200, recoveryFlow()),
      "POST /self-service/recovery": () => json(200, recoveryFlow({ state: "sent_email" })),
    });
    const { router } = renderRecovery("/recovery?return_to=%2Fprojects");

    fireEvent.change(await screen.findByLabelText("Email"), {
      target: { value: "alice@example.com" },
    });
    expect(screen.queryByLabelText("Recovery code")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));

    expect((await screen.findByRole("status")).textContent).toBe(recoveryCodeSent.text);
    expect(screen.getByLabelText("Recovery code")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Resend code" })).toBeTruthy();
    expect(calls[0].url.searchParams.get("return_to")).toBe(`${window.location.origin}/projects`);
    expect(router.state.location.search).toContain(`flow=${recoveryFlowId}`);
    expect(calls[1].url.searchParams.get("flow")).toBe(recoveryFlowId);
    expect(calls[1].body).toEqual({
      csrf_token: csrfToken,
      email: "alice@example.com",
      method: "code",
    });
  });

  it("shows Kratos' message for a wrong code and lets the person try again", async () => {
    fakeKratos({
      "GET /self-service/recovery/flows": () => json(200, recoveryFlow({ state: "sent_email" })),
      "POST /self-service/recovery": () =>
        json(200, recoveryFlow({ state: "sent_email", messages: [recoveryCodeInvalid] })),
    });
    renderRecovery(`/recovery?flow=${recoveryFlowId}`);
    await enterCode("000000");

    expect((await screen.findByRole("alert")).textContent).toBe(recoveryCodeInvalid.text);
    expect((screen.getByLabelText("Recovery code") as HTMLInputElement).value).toBe("");
  });

  it("sends a new code to the same address on resend", async () => {
    const calls = fakeKratos({
      "GET /self-service/recovery/flows": () => json(200, recoveryFlow({ state: "sent_email" })),
      "POST /self-service/recovery": () => json(200, recoveryFlow({ state: "sent_email" })),
    });
    renderRecovery(`/recovery?flow=${recoveryFlowId}`);
    fireEvent.click(await screen.findByRole("button", { name: "Resend code" }));

    await screen.findByRole("status");
    expect(calls[1].body).toMatchObject({ email: "alice@example.com", method: "code" });
  });

  it("goes on to the settings flow Kratos sends a recovered account to (422)", async () => {
    const calls = fakeKratos({
      "GET /self-service/recovery/flows": () => json(200, recoveryFlow({ state: "sent_email" })),
      "POST /self-service/recovery": () =>
        kratosError(
          422,
          {
            id: "browser_location_change_required",
            message: "browser location change required",
            reason:
              "In order to complete this flow please redirect the browser to: " +
              `${window.location.origin}/settings?flow=${settingsFlowId}`,
          },
          { redirect_browser_to: `${window.location.origin}/settings?flow=${settingsFlowId}` },
        ),
    });
    const { renew } = renderRecovery(`/recovery?flow=${recoveryFlowId}`);
    await enterCode("123456");

    await screen.findByText(`Now at /settings?flow=${settingsFlowId}`);
    // Kratos set a session cookie: the app reads the viewer again.
    expect(renew).toHaveBeenCalled();
    expect(calls[1].body).toEqual({ csrf_token: csrfToken, code: "123456", method: "code" });
  });

  it("follows continue_with to the settings flow when Kratos answers with transitions (200)", async () => {
    fakeKratos({
      "GET /self-service/recovery/flows": () => json(200, recoveryFlow({ state: "sent_email" })),
      "POST /self-service/recovery": () =>
        json(200, {
          ...recoveryFlow({ state: "sent_email", messages: [] }),
          state: "passed_challenge",
          continue_with: [
            {
              action: "show_settings_ui",
              flow: {
                id: settingsFlowId,
                url: `http://127.0.0.1:4000/settings?flow=${settingsFlowId}`,
              },
            },
          ],
        }),
    });
    const { renew } = renderRecovery(`/recovery?flow=${recoveryFlowId}`);
    await enterCode("123456");

    await screen.findByText(`Now at /settings?flow=${settingsFlowId}`);
    expect(renew).toHaveBeenCalled();
  });

  it("starts a fresh flow when the one in the URL expired (410)", async () => {
    const calls = fakeKratos({
      "GET /self-service/recovery/flows": () =>
        kratosError(410, {
          id: "self_service_flow_expired",
          message:
            "The requested resource is no longer available because it has expired or is otherwise invalid.",
        }),
      "GET /self-service/recovery/browser": () => json(200, recoveryFlow()),
    });
    renderRecovery("/recovery?flow=00000000-0000-4000-8000-000000000000");

    await screen.findByLabelText("Email");
    expect(calls.map((call) => call.route)).toEqual([
      "GET /self-service/recovery/flows",
      "GET /self-service/recovery/browser",
    ]);
  });

  it("explains when recovery is switched off", async () => {
    fakeKratos({
      "GET /self-service/recovery/browser": () =>
        kratosError(400, {
          message: "The request was malformed or contained invalid parameters",
          reason: "Recovery is not allowed because it was disabled.",
        }),
    });
    renderRecovery();

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Recovery is not allowed because it was disabled.");
  });

  it("sends a signed-in person to their settings", async () => {
    fakeKratos({
      "GET /self-service/recovery/browser": () =>
        kratosError(400, {
          id: "session_already_available",
          message: "The request was malformed or contained invalid parameters",
          reason: "A valid session was detected and thus recovery is not possible.",
        }),
    });
    renderRecovery();
    await screen.findByText("Now at /settings");
  });
});
