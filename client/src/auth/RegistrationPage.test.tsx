// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeKratos, json, renderWithKratos } from "../testing/fake-kratos";
import {
  aliceSession,
  registrationFlow,
  registrationWithVerification,
  verificationFlowId,
} from "../testing/kratos-flows";
import { RegistrationPage } from "./RegistrationPage";

function renderRegistration(initialUrl: string) {
  return renderWithKratos([{ path: "/registration", element: <RegistrationPage /> }], initialUrl);
}

async function register() {
  fireEvent.change(await screen.findByLabelText("E-Mail"), {
    target: { value: "alice@example.com" },
  });
  fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Alice Example" } });
  fireEvent.change(screen.getByLabelText("Password"), { target: { value: "a-long-password" } });
  fireEvent.click(screen.getByRole("button", { name: "Sign up" }));
}

beforeEach(() => {
  vi.unstubAllGlobals();
});
afterEach(cleanup);

describe("after registering", () => {
  it("goes on to the verification flow Kratos hands over in continue_with", async () => {
    fakeKratos({
      "GET /self-service/registration/browser": () => json(200, registrationFlow()),
      "POST /self-service/registration": () => json(200, registrationWithVerification()),
    });
    const { renew } = renderRegistration("/registration?return_to=%2Fprojects");
    await register();

    await screen.findByText(
      `Now at /verification?flow=${verificationFlowId}&return_to=%2Fprojects`,
    );
    expect(renew).toHaveBeenCalled();
  });

  it("goes where return_to said when nothing else is asked for", async () => {
    const session = aliceSession({ verified: false });
    fakeKratos({
      "GET /self-service/registration/browser": () => json(200, registrationFlow()),
      "POST /self-service/registration": () =>
        json(200, { identity: session.identity, session, continue_with: [] }),
    });
    renderRegistration("/registration?return_to=%2Fprojects");
    await register();

    await screen.findByText("Now at /projects");
  });
});
