// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeKratos, json, kratosError, renderWithKratos } from "../testing/fake-kratos";
import {
  csrfToken,
  verificationCodeInvalid,
  verificationCodeSent,
  verificationFlow,
  verificationFlowId,
  verificationSucceeded,
} from "../testing/kratos-flows";
import { VerificationPage } from "./VerificationPage";

function renderVerification(initialUrl: string) {
  return renderWithKratos([{ path: "/verification", element: <VerificationPage /> }], initialUrl);
}

async function enterCode(code: string) {
  fireEvent.change(await screen.findByLabelText("Verification code"), {
    target: { value: code },
  });
  fireEvent.click(screen.getByRole("button", { name: "Continue" }));
}

beforeEach(() => {
  vi.unstubAllGlobals();
});
afterEach(cleanup);

describe("email verification with a code", () => {
  it("asks for the address of a new flow, then for the code Kratos mailed", async () => {
    const calls = fakeKratos({
      "GET /self-service/verification/browser": () => json(200, verificationFlow()),
      "POST /self-service/verification": () => json(200, verificationFlow({ state: "sent_email" })),
    });
    const { router } = renderVerification("/verification");

    fireEvent.change(await screen.findByLabelText("Email"), {
      target: { value: "alice@example.com" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));

    expect((await screen.findByRole("status")).textContent).toBe(verificationCodeSent.text);
    expect(screen.getByLabelText("Verification code")).toBeTruthy();
    expect(router.state.location.search).toContain(`flow=${verificationFlowId}`);
    expect(calls[1].body).toEqual({
      csrf_token: csrfToken,
      email: "alice@example.com",
      method: "code",
    });
  });

  it("verifies with the code of the flow in the URL and links onward", async () => {
    const calls = fakeKratos({
      "GET /self-service/verification/flows": () =>
        json(200, verificationFlow({ state: "sent_email" })),
      "POST /self-service/verification": () =>
        json(
          200,
          verificationFlow({
            state: "passed_challenge",
            continueTo: `${window.location.origin}/projects`,
          }),
        ),
    });
    renderVerification(`/verification?flow=${verificationFlowId}`);
    await enterCode("123456");

    const success = await screen.findByText(verificationSucceeded.text);
    expect(success.closest('[role="status"]')).not.toBeNull();
    expect(screen.queryByLabelText("Verification code")).toBeNull();
    expect(calls[0].url.searchParams.get("id")).toBe(verificationFlowId);
    expect(calls[1].body).toEqual({ csrf_token: csrfToken, code: "123456", method: "code" });

    fireEvent.click(screen.getByRole("link", { name: "Continue" }));
    await screen.findByText("Now at /projects");
  });

  it("shows Kratos' message for a wrong code", async () => {
    fakeKratos({
      "GET /self-service/verification/flows": () =>
        json(200, verificationFlow({ state: "sent_email" })),
      "POST /self-service/verification": () =>
        json(200, verificationFlow({ state: "sent_email", messages: [verificationCodeInvalid] })),
    });
    renderVerification(`/verification?flow=${verificationFlowId}`);
    await enterCode("000000");

    expect((await screen.findByRole("alert")).textContent).toBe(verificationCodeInvalid.text);
  });

  it("starts a fresh flow when the one in the URL is unknown (404)", async () => {
    const calls = fakeKratos({
      "GET /self-service/verification/flows": () =>
        kratosError(404, {
          message: "The requested resource could not be found",
          reason: "Unable to locate the resource",
        }),
      "GET /self-service/verification/browser": () => json(200, verificationFlow()),
    });
    renderVerification(
      "/verification?flow=00000000-0000-4000-8000-000000000000&return_to=%2Fgroups",
    );

    await screen.findByLabelText("Email");
    expect(calls[1].url.searchParams.get("return_to")).toBe(`${window.location.origin}/groups`);
  });

  it("starts a fresh flow when the submitted one expired (410)", async () => {
    const calls = fakeKratos({
      "GET /self-service/verification/flows": () =>
        json(200, verificationFlow({ state: "sent_email" })),
      "POST /self-service/verification": () =>
        kratosError(410, {
          id: "self_service_flow_expired",
          message:
            "The requested resource is no longer available because it has expired or is otherwise invalid.",
        }),
      "GET /self-service/verification/browser": () => json(200, verificationFlow()),
    });
    renderVerification(`/verification?flow=${verificationFlowId}`);
    await enterCode("123456");

    expect((await screen.findByRole("alert")).textContent).toContain("out of date");
    expect(screen.getByLabelText("Email")).toBeTruthy();
    expect(calls.map((call) => call.route)).toContain("GET /self-service/verification/browser");
  });
});
