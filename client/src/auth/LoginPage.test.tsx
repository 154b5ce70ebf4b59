// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeKratos, json, kratosError, renderWithKratos } from "../testing/fake-kratos";
import {
  invalidCredentials,
  loginFlow,
  loginReAuth,
  refreshLoginFlow,
} from "../testing/kratos-flows";
import { LoginPage } from "./LoginPage";

function renderLogin(initialUrl: string) {
  return renderWithKratos([{ path: "/login", element: <LoginPage /> }], initialUrl);
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

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe(invalidCredentials.text);
    // Focus goes to what went wrong, so a screen reader reads it and Tab goes on from there.
    await vi.waitFor(() => expect(document.activeElement).toBe(alert));
    const post = calls.find((call) => call.route === "POST /self-service/login");
    expect(post?.url.searchParams.get("flow")).toBe(loginFlow().id);
    expect(post?.body).toMatchObject({ identifier: "alice@example.com", method: "password" });
  });

  it("keeps the fields out of reach while a sign-in is on its way, and what was typed after it fails", async () => {
    const missingPassword = {
      id: 4000002,
      text: "Property password is missing.",
      type: "error" as const,
    };
    let answerFirstTry: (answer: Response) => void = () => undefined;
    let tries = 0;
    const calls = fakeKratos({
      "GET /self-service/login/browser": () => json(200, loginFlow()),
      "POST /self-service/login": () => {
        tries += 1;
        if (tries > 1) return json(200, { session: { id: "s1", active: true } });
        return new Promise<Response>((resolve) => {
          answerFirstTry = resolve;
        });
      },
    });
    renderLogin("/login?return_to=%2Fprojects");
    // Enter pressed too early: the password is still empty when the form goes.
    fireEvent.change(await screen.findByLabelText("E-Mail"), {
      target: { value: "alice@example.com" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Sign in with password" }));

    // Kratos takes its time; nothing can be typed that the answer would wipe.
    await vi.waitFor(() => expect(tries).toBe(1));
    expect(screen.getByLabelText("Password")).toHaveProperty("disabled", true);
    expect(screen.getByLabelText("E-Mail")).toHaveProperty("disabled", true);
    expect(screen.getByRole("form", { name: "Sign in" }).getAttribute("aria-busy")).toBe("true");

    // Kratos echoes the identifier, not the password, and says what is missing.
    answerFirstTry(
      json(
        400,
        loginFlow({
          identifier: { value: "alice@example.com" },
          password: { messages: [missingPassword] },
        }),
      ),
    );
    await screen.findByText("Property password is missing.");
    const password = screen.getByLabelText("Password");
    expect(password).toHaveProperty("disabled", false);
    expect(screen.getByLabelText("E-Mail")).toHaveProperty("value", "alice@example.com");
    expect(document.activeElement).toBe(password);

    fireEvent.change(password, { target: { value: "wonderland-tea-party" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in with password" }));
    await screen.findByText("Now at /projects");
    const second = calls.filter((call) => call.route === "POST /self-service/login")[1];
    expect(second?.body).toMatchObject({
      identifier: "alice@example.com",
      password: "wonderland-tea-party",
    });
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

  it("links to account recovery, keeping return_to", async () => {
    fakeKratos({ "GET /self-service/login/browser": () => json(200, loginFlow()) });
    renderLogin("/login?return_to=%2Fsettings");
    await screen.findByLabelText("E-Mail");

    fireEvent.click(screen.getByRole("link", { name: "Forgot password?" }));
    await screen.findByText("Now at /recovery?return_to=%2Fsettings");
  });
});

describe("a form that went stale while it was open", () => {
  it("starts over with a fresh flow, keeping return_to, when Kratos no longer knows the flow (404)", async () => {
    let created = 0;
    const calls = fakeKratos({
      "GET /self-service/login/browser": () => {
        created += 1;
        return json(200, { ...loginFlow(), id: `3f1a2b4c-0000-4000-8000-00000000010${created}` });
      },
      "POST /self-service/login": () =>
        kratosError(404, {
          message: "The requested resource could not be found",
          reason: "Unable to locate the resource",
        }),
    });
    const { router } = renderLogin("/login?return_to=%2Fprojects");
    await typeAndSubmit("alice@example.com", "right");

    expect((await screen.findByRole("alert")).textContent).toContain("out of date");
    expect(screen.queryByText(/Unable to locate the resource/)).toBeNull();
    expect(calls.map((call) => call.route)).toEqual([
      "GET /self-service/login/browser",
      "POST /self-service/login",
      "GET /self-service/login/browser",
    ]);
    expect(calls[2].url.searchParams.get("return_to")).toBe(`${window.location.origin}/projects`);
    expect(router.state.location.search).toContain("flow=3f1a2b4c-0000-4000-8000-000000000102");
    expect(router.state.location.search).toContain("return_to=%2Fprojects");
    // The fresh form is there to fill in again.
    expect((screen.getByLabelText("E-Mail") as HTMLInputElement).value).toBe("");
  });

  it("starts over when the submitted flow expired and Kratos names no replacement (410)", async () => {
    const calls = fakeKratos({
      "GET /self-service/login/browser": () => json(200, loginFlow()),
      "POST /self-service/login": () =>
        kratosError(410, {
          id: "self_service_flow_expired",
          message:
            "The requested resource is no longer available because it has expired or is otherwise invalid.",
        }),
    });
    renderLogin("/login");
    await typeAndSubmit("alice@example.com", "right");

    expect((await screen.findByRole("alert")).textContent).toContain("out of date");
    expect(calls.filter((call) => call.route === "GET /self-service/login/browser")).toHaveLength(
      2,
    );
  });

  it("starts over when the CSRF cookie no longer matches the flow (403)", async () => {
    const calls = fakeKratos({
      "GET /self-service/login/browser": () => json(200, loginFlow()),
      "POST /self-service/login": () =>
        kratosError(403, {
          id: "security_csrf_violation",
          message: "the request was rejected to protect you from Cross-Site-Request-Forgery",
          reason:
            "Please retry the flow and optionally clear your cookies. The request was rejected to protect you from Cross-Site-Request-Forgery (CSRF) which could cause account takeover, leaking personal information, and other serious security issues.",
        }),
    });
    renderLogin("/login");
    await typeAndSubmit("alice@example.com", "right");

    expect((await screen.findByRole("alert")).textContent).toContain("out of date");
    expect(calls.filter((call) => call.route === "GET /self-service/login/browser")).toHaveLength(
      2,
    );
  });

  it("keeps the return_to of an expired flow in the URL (410 on load)", async () => {
    const calls = fakeKratos({
      "GET /self-service/login/flows": () =>
        kratosError(410, {
          id: "self_service_flow_expired",
          message:
            "The requested resource is no longer available because it has expired or is otherwise invalid.",
          reason:
            "The login flow has expired. Redirect the user to the login flow init endpoint to initialize a new login flow.",
          details: {
            redirect_to: "http://kratos.test/self-service/login/browser",
            return_to: `${window.location.origin}/groups`,
          },
        }),
      "GET /self-service/login/browser": () => json(200, loginFlow()),
    });
    const { router } = renderLogin("/login?flow=00000000-0000-4000-8000-000000000000");

    await screen.findByLabelText("E-Mail");
    expect(calls[1].url.searchParams.get("return_to")).toBe(`${window.location.origin}/groups`);
    expect(router.state.location.search).toContain("return_to=%2Fgroups");
  });
});

describe("confirming it's you (refresh=true)", () => {
  it("shows who signs in and asks only for the password", async () => {
    const calls = fakeKratos({
      "GET /self-service/login/browser": () => json(200, refreshLoginFlow()),
      "POST /self-service/login": () => json(200, { session: { id: "s1", active: true } }),
    });
    renderLogin("/login?refresh=true&return_to=%2Fsettings");

    const password = await screen.findByLabelText("Password");
    expect(calls[0].url.searchParams.get("refresh")).toBe("true");
    expect(screen.getByText("alice@example.com").closest("p")?.textContent).toBe(
      "Signed in as alice@example.com",
    );
    expect(screen.getByText(loginReAuth.text)).toBeTruthy();
    expect(screen.queryByRole("textbox")).toBeNull();
    expect(screen.queryByRole("link", { name: "Forgot password?" })).toBeNull();

    fireEvent.change(password, { target: { value: "right" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await screen.findByText("Now at /settings");
    expect(calls[1].body).toMatchObject({
      identifier: "alice@example.com",
      password: "right",
      method: "password",
    });
  });

  it("does not ask for the identifier even where the flow offers it as a field", async () => {
    const offered = refreshLoginFlow();
    offered.ui.nodes[1] = loginFlow({ identifier: { value: "alice@example.com" } }).ui.nodes[0];
    fakeKratos({ "GET /self-service/login/browser": () => json(200, offered) });
    renderLogin("/login?refresh=true");

    await screen.findByLabelText("Password");
    expect(screen.queryByLabelText("E-Mail")).toBeNull();
    expect(screen.getByText("alice@example.com")).toBeTruthy();
  });

  it("focuses its own notice when Kratos cannot take the form", async () => {
    fakeKratos({
      "GET /self-service/login/browser": () => json(200, loginFlow()),
      "POST /self-service/login": () =>
        kratosError(500, { message: "An internal server error occurred" }),
    });
    renderLogin("/login");
    await typeAndSubmit("alice@example.com", "right");

    const notice = await screen.findByRole("alert");
    expect(notice.textContent).toContain("An internal server error occurred");
    await vi.waitFor(() => expect(document.activeElement).toBe(notice));
  });

  it("focuses the notice on the fresh form that replaces one Kratos no longer knows", async () => {
    let created = 0;
    fakeKratos({
      "GET /self-service/login/browser": () => {
        created += 1;
        return json(200, { ...loginFlow(), id: `3f1a2b4c-0000-4000-8000-00000000020${created}` });
      },
      "POST /self-service/login": () =>
        kratosError(404, { message: "The requested resource could not be found" }),
    });
    renderLogin("/login");
    await typeAndSubmit("alice@example.com", "right");

    const notice = await screen.findByRole("alert");
    expect(notice.textContent).toContain("out of date");
    await vi.waitFor(() => expect(document.activeElement).toBe(notice));
  });
});
