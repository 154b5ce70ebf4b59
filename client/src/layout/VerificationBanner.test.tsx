// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { Outlet } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { alice, fakeKratos, json, renderWithKratos, WhereAmI } from "../testing/fake-kratos";
import {
  aliceSession,
  csrfToken,
  verificationFlow,
  verificationFlowId,
} from "../testing/kratos-flows";
import { VerificationBanner } from "./VerificationBanner";

function renderBanner(initialUrl = "/projects") {
  return renderWithKratos(
    [
      {
        element: (
          <>
            <VerificationBanner />
            <Outlet />
          </>
        ),
        children: ["/projects", "/verification"].map((path) => ({ path, element: <WhereAmI /> })),
      },
    ],
    initialUrl,
    { status: "signed-in", viewer: alice },
  );
}

beforeEach(() => {
  vi.unstubAllGlobals();
});
afterEach(cleanup);

describe("the banner for an unverified email address", () => {
  it("says which address is unverified and links to the verification page", async () => {
    fakeKratos({ "GET /sessions/whoami": () => json(200, aliceSession({ verified: false })) });
    renderBanner();

    const banner = await screen.findByRole("region", { name: "Email verification" });
    expect(banner.textContent).toContain(
      "Your email address alice@example.com is not verified yet.",
    );
    fireEvent.click(screen.getByRole("link", { name: "Verify now" }));
    await screen.findByText("Now at /verification?return_to=%2Fprojects");
  });

  it("mails a new code through a fresh verification flow and links to that flow", async () => {
    const calls = fakeKratos({
      "GET /sessions/whoami": () => json(200, aliceSession({ verified: false })),
      "GET /self-service/verification/browser": () => json(200, verificationFlow()),
      "POST /self-service/verification": () => json(200, verificationFlow({ state: "sent_email" })),
    });
    renderBanner();
    fireEvent.click(await screen.findByRole("button", { name: "Resend code" }));

    expect((await screen.findByRole("status")).textContent).toContain("We sent you a new code.");
    const post = calls.find((call) => call.route === "POST /self-service/verification");
    expect(post?.url.searchParams.get("flow")).toBe(verificationFlowId);
    expect(post?.body).toEqual({
      method: "code",
      email: "alice@example.com",
      csrf_token: csrfToken,
    });

    fireEvent.click(screen.getByRole("link", { name: "Enter the code" }));
    await screen.findByText(
      `Now at /verification?return_to=%2Fprojects&flow=${verificationFlowId}`,
    );
  });

  it("reports a failed resend in Kratos' words", async () => {
    fakeKratos({
      "GET /sessions/whoami": () => json(200, aliceSession({ verified: false })),
      "GET /self-service/verification/browser": () =>
        json(400, {
          error: {
            code: 400,
            message: "The request was malformed or contained invalid parameters",
            reason: "Verification is not allowed because it was disabled.",
          },
        }),
    });
    renderBanner();
    fireEvent.click(await screen.findByRole("button", { name: "Resend code" }));

    expect((await screen.findByRole("alert")).textContent).toBe(
      "Verification is not allowed because it was disabled.",
    );
  });

  it("steps aside on the verification page and looks again after it", async () => {
    let verified = false;
    const calls = fakeKratos({
      "GET /sessions/whoami": () => json(200, aliceSession({ verified })),
    });
    const { router } = renderBanner();
    await screen.findByRole("region", { name: "Email verification" });

    await act(() => router.navigate("/verification"));
    expect(screen.queryByRole("region", { name: "Email verification" })).toBeNull();

    verified = true;
    await act(() => router.navigate("/projects"));
    await waitFor(() =>
      expect(screen.queryByRole("region", { name: "Email verification" })).toBeNull(),
    );
    expect(calls.map((call) => call.route)).toEqual([
      "GET /sessions/whoami",
      "GET /sessions/whoami",
    ]);
  });
});
