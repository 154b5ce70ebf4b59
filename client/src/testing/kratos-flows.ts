import type { LoginFlow, RegistrationFlow, SettingsFlow, UiNode, UiText } from "@ory/client";

/** Flows shaped like Kratos v26.2.0's JSON answers, for tests of the flow UI. */

const kratos = "http://127.0.0.1:4433";
export const csrfToken = "masked-csrf-token-value";

export const invalidCredentials: UiText = {
  id: 4000006,
  text: "The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.",
  type: "error",
};

export function inputNode(
  group: UiNode["group"],
  name: string,
  type: "text" | "email" | "password" | "hidden" | "submit" | "checkbox",
  options: { label?: string; value?: unknown; messages?: UiText[]; autocomplete?: string } = {},
): UiNode {
  return {
    type: "input",
    group,
    attributes: {
      node_type: "input",
      name,
      type,
      value: options.value,
      required: type !== "hidden" && type !== "submit" ? true : undefined,
      disabled: false,
      autocomplete: options.autocomplete as never,
    },
    messages: options.messages ?? [],
    meta: options.label ? { label: { id: 1070001, text: options.label, type: "info" } } : {},
  };
}

const csrfNode = () => inputNode("default", "csrf_token", "hidden", { value: csrfToken });

export function loginFlow(
  overrides: { messages?: UiText[]; identifier?: Partial<Parameters<typeof inputNode>[3]> } = {},
): LoginFlow {
  const id = "3f1a2b4c-0000-4000-8000-000000000001";
  return {
    id,
    type: "browser",
    expires_at: "2099-01-01T00:00:00Z",
    issued_at: "2026-01-01T00:00:00Z",
    request_url: `${kratos}/self-service/login/browser`,
    refresh: false,
    requested_aal: "aal1",
    state: "choose_method",
    ui: {
      action: `${kratos}/self-service/login?flow=${id}`,
      method: "POST",
      messages: overrides.messages,
      nodes: [
        inputNode("default", "identifier", "text", { label: "E-Mail", ...overrides.identifier }),
        csrfNode(),
        inputNode("password", "password", "password", {
          label: "Password",
          autocomplete: "current-password",
        }),
        inputNode("password", "method", "submit", {
          label: "Sign in with password",
          value: "password",
        }),
      ],
    },
  };
}

export function registrationFlow(): RegistrationFlow {
  const id = "3f1a2b4c-0000-4000-8000-000000000002";
  return {
    id,
    type: "browser",
    expires_at: "2099-01-01T00:00:00Z",
    issued_at: "2026-01-01T00:00:00Z",
    request_url: `${kratos}/self-service/registration/browser`,
    state: "choose_method",
    ui: {
      action: `${kratos}/self-service/registration?flow=${id}`,
      method: "POST",
      nodes: [
        csrfNode(),
        inputNode("default", "traits.email", "email", { label: "E-Mail" }),
        inputNode("default", "traits.name", "text", { label: "Name" }),
        inputNode("default", "traits.newsletter", "checkbox", { label: "Send me news" }),
        inputNode("password", "password", "password", { label: "Password" }),
        inputNode("password", "method", "submit", { label: "Sign up", value: "password" }),
      ],
    },
  };
}

export function settingsFlow(messages?: UiText[]): SettingsFlow {
  const id = "3f1a2b4c-0000-4000-8000-000000000003";
  return {
    id,
    type: "browser",
    expires_at: "2099-01-01T00:00:00Z",
    issued_at: "2026-01-01T00:00:00Z",
    request_url: `${kratos}/self-service/settings/browser`,
    state: messages ? "success" : "show_form",
    identity: {
      id: "b7c6d5e4-0000-4000-8000-00000000000a",
      schema_id: "default",
      schema_url: `${kratos}/schemas/ZGVmYXVsdA`,
      traits: { email: "alice@example.com", name: "Alice Example" },
    },
    ui: {
      action: `${kratos}/self-service/settings?flow=${id}`,
      method: "POST",
      messages,
      nodes: [
        csrfNode(),
        inputNode("profile", "traits.email", "email", {
          label: "E-Mail",
          value: "alice@example.com",
        }),
        inputNode("profile", "traits.name", "text", { label: "Name", value: "Alice Example" }),
        inputNode("profile", "method", "submit", { label: "Save", value: "profile" }),
        inputNode("password", "password", "password", { label: "Password" }),
        inputNode("password", "method", "submit", { label: "Save", value: "password" }),
      ],
    },
  };
}
