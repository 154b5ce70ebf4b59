// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  csrfToken,
  invalidCredentials,
  loginFlow,
  registrationFlow,
  settingsFlow,
} from "../../testing/kratos-flows";
import { FlowForm } from "./FlowForm";

afterEach(cleanup);

function renderForm(props: Partial<Parameters<typeof FlowForm>[0]> = {}) {
  const onSubmit = vi.fn();
  const view = render(
    <FlowForm flow={loginFlow()} submitting={false} onSubmit={onSubmit} {...props} />,
  );
  return { onSubmit, ...view };
}

describe("FlowForm", () => {
  it("renders each input node with the label Kratos gave it", () => {
    renderForm();
    expect(screen.getByLabelText("E-Mail")).toHaveProperty("type", "text");
    const password = screen.getByLabelText("Password");
    expect(password).toHaveProperty("type", "password");
    expect(password.getAttribute("autocomplete")).toBe("current-password");
    expect(screen.getByRole("button", { name: "Sign in with password" })).toBeTruthy();
  });

  it("shows the flow's messages in Kratos' words, announced as an alert when they are errors", () => {
    renderForm({ flow: loginFlow({ messages: [invalidCredentials] }) });
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toBe(invalidCredentials.text);
    expect(alert.querySelector("[data-message-id]")?.getAttribute("data-message-id")).toBe(
      "4000006",
    );
  });

  it("announces success messages as status, not as an alert", () => {
    const saved = { id: 1050001, text: "Your changes have been saved!", type: "success" as const };
    renderForm({ flow: settingsFlow([saved]) });
    expect(screen.getByRole("status").textContent).toBe("Your changes have been saved!");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("keeps the CSRF token as a hidden field with Kratos' value", () => {
    const { container } = renderForm();
    const hidden = container.querySelector<HTMLInputElement>('input[name="csrf_token"]');
    expect(hidden?.type).toBe("hidden");
    expect(hidden?.value).toBe(csrfToken);
  });

  it("shows field errors next to their field and marks the field invalid", () => {
    const missing = {
      id: 4000002,
      text: "Property identifier is missing.",
      type: "error" as const,
    };
    renderForm({ flow: loginFlow({ identifier: { messages: [missing] } }) });
    const field = screen.getByLabelText("E-Mail");
    expect(field.getAttribute("aria-invalid")).toBe("true");
    const describedBy = field.getAttribute("aria-describedby") ?? "";
    expect(document.getElementById(describedBy)?.textContent).toBe(
      "Property identifier is missing.",
    );
    expect(screen.getByLabelText("Password").getAttribute("aria-invalid")).toBeNull();
  });

  it("submits the typed values, the CSRF token and the chosen method as Kratos' JSON body", () => {
    const { onSubmit } = renderForm();
    fireEvent.change(screen.getByLabelText("E-Mail"), { target: { value: "alice@example.com" } });
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "secret-words" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in with password" }));

    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit).toHaveBeenCalledWith({
      identifier: "alice@example.com",
      csrf_token: csrfToken,
      password: "secret-words",
      method: "password",
    });
  });

  it("nests dotted trait names and sends checkboxes as booleans", () => {
    const { onSubmit } = renderForm({ flow: registrationFlow() });
    fireEvent.change(screen.getByLabelText("E-Mail"), { target: { value: "new@example.com" } });
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "New Person" } });
    fireEvent.click(screen.getByLabelText("Send me news"));
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "long-password" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign up" }));

    expect(onSubmit).toHaveBeenCalledWith({
      csrf_token: csrfToken,
      traits: { email: "new@example.com", name: "New Person", newsletter: true },
      password: "long-password",
      method: "password",
    });
  });

  it("shows one method group with the CSRF token, and submits only that group", () => {
    const { onSubmit } = renderForm({
      flow: settingsFlow(),
      groups: ["profile"],
      "aria-label": "Profile",
    });
    const form = screen.getByRole("form", { name: "Profile" });
    expect(within(form).queryByLabelText("Password")).toBeNull();
    fireEvent.change(within(form).getByLabelText("Name"), { target: { value: "Alice Liddell" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));

    expect(onSubmit).toHaveBeenCalledWith({
      csrf_token: csrfToken,
      traits: { email: "alice@example.com", name: "Alice Liddell" },
      method: "profile",
    });
  });

  it("disables the submit button while a submission is under way", () => {
    renderForm({ submitting: true });
    const button = screen.getByRole("button", { name: "Sign in with password" });
    expect(button).toHaveProperty("disabled", true);
  });

  it("starts again from Kratos' values when a new flow arrives", () => {
    const onSubmit = vi.fn();
    const { rerender } = render(
      <FlowForm flow={loginFlow()} submitting={false} onSubmit={onSubmit} />,
    );
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "wrong" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in with password" }));

    const missing = {
      id: 4000002,
      text: "Property identifier is missing.",
      type: "error" as const,
    };
    rerender(
      <FlowForm
        flow={loginFlow({ identifier: { messages: [missing] } })}
        submitting={false}
        onSubmit={onSubmit}
      />,
    );
    expect(screen.getByLabelText("Password")).toHaveProperty("value", "");
  });
});
