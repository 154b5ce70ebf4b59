import type {
  Identity,
  LoginFlow,
  RecoveryFlow,
  RegistrationFlow,
  Session,
  SettingsFlow,
  SuccessfulNativeRegistration,
  UiNode,
  UiText,
  VerificationFlow,
} from "@ory/client";

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
  options: {
    label?: string;
    /** Kratos' id of the label text; 1070001 (a schema field's title) when absent. */
    labelId?: number;
    value?: unknown;
    messages?: UiText[];
    autocomplete?: string;
    pattern?: string;
    maxlength?: number;
  } = {},
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
      pattern: options.pattern,
      maxlength: options.maxlength,
    },
    messages: options.messages ?? [],
    meta: options.label
      ? { label: { id: options.labelId ?? 1070001, text: options.label, type: "info" } }
      : {},
  };
}

const csrfNode = () => inputNode("default", "csrf_token", "hidden", { value: csrfToken });

type NodeOverrides = Partial<Parameters<typeof inputNode>[3]>;

export function loginFlow(
  overrides: { messages?: UiText[]; identifier?: NodeOverrides; password?: NodeOverrides } = {},
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
          ...overrides.password,
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

/** Kratos' refresh flow (`?refresh=true`): the identifier is known and travels hidden. */
export function refreshLoginFlow(identifier = "alice@example.com"): LoginFlow {
  const flow = loginFlow({ messages: [loginReAuth] });
  return {
    ...flow,
    refresh: true,
    ui: {
      ...flow.ui,
      nodes: [
        csrfNode(),
        inputNode("default", "identifier", "hidden", { value: identifier }),
        inputNode("password", "password", "password", {
          label: "Password",
          autocomplete: "current-password",
        }),
        inputNode("password", "method", "submit", {
          label: "Sign in",
          labelId: 1010001,
          value: "password",
        }),
      ],
    },
  };
}

export const loginReAuth: UiText = {
  id: 1010003,
  text: "Please confirm this action by verifying that it is you.",
  type: "info",
};

// Labels and messages of the one-time code method (`code`) in recovery and verification.
const emailLabel = { label: "Email", labelId: 1070007 };
const continueButton = () =>
  inputNode("code", "method", "submit", { label: "Continue", labelId: 1070009, value: "code" });
const resendButton = (email: string) =>
  inputNode("code", "email", "submit", { label: "Resend code", labelId: 1070008, value: email });

export const recoveryCodeSent: UiText = {
  id: 1060003,
  text: "An email containing a recovery code has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.",
  type: "info",
};

export const recoveryCodeInvalid: UiText = {
  id: 4060006,
  text: "The recovery code is invalid or has already been used. Please try again.",
  type: "error",
};

export const recoveryFlowId = "3f1a2b4c-0000-4000-8000-000000000004";

/** A browser recovery flow asking for the address, or (after it) for the mailed code. */
export function recoveryFlow(
  options: { state?: "choose_method" | "sent_email"; email?: string; messages?: UiText[] } = {},
): RecoveryFlow {
  const { state = "choose_method", email = "alice@example.com" } = options;
  const nodes =
    state === "choose_method"
      ? [csrfNode(), inputNode("code", "email", "email", emailLabel), continueButton()]
      : [
          csrfNode(),
          inputNode("code", "code", "text", {
            label: "Recovery code",
            labelId: 1070010,
            pattern: "[0-9]+",
            maxlength: 6,
          }),
          inputNode("code", "method", "hidden", { value: "code" }),
          continueButton(),
          resendButton(email),
        ];
  return {
    id: recoveryFlowId,
    type: "browser",
    expires_at: "2099-01-01T00:00:00Z",
    issued_at: "2026-01-01T00:00:00Z",
    request_url: `${kratos}/self-service/recovery/browser`,
    active: state === "sent_email" ? "code" : undefined,
    state,
    ui: {
      action: `${kratos}/self-service/recovery?flow=${recoveryFlowId}`,
      method: "POST",
      messages: options.messages ?? (state === "sent_email" ? [recoveryCodeSent] : undefined),
      nodes,
    },
  };
}

export const verificationCodeSent: UiText = {
  id: 1080003,
  text: "An email containing a verification code has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.",
  type: "info",
};

export const verificationCodeInvalid: UiText = {
  id: 4070006,
  text: "The verification code is invalid or has already been used. Please try again.",
  type: "error",
};

export const verificationSucceeded: UiText = {
  id: 1080002,
  text: "You successfully verified your email address.",
  type: "success",
};

export const verificationFlowId = "3f1a2b4c-0000-4000-8000-000000000005";

/** A browser verification flow in each of its states, as the code method builds them. */
export function verificationFlow(
  options: {
    id?: string;
    state?: "choose_method" | "sent_email" | "passed_challenge";
    email?: string;
    messages?: UiText[];
    /** Where the "Continue" link of a passed challenge goes (Kratos' return URL). */
    continueTo?: string;
  } = {},
): VerificationFlow {
  const { id = verificationFlowId, state = "choose_method", email = "alice@example.com" } = options;
  const base = {
    id,
    type: "browser" as const,
    expires_at: "2099-01-01T00:00:00Z",
    issued_at: "2026-01-01T00:00:00Z",
    request_url: `${kratos}/self-service/verification/browser`,
    state,
  };
  if (state === "passed_challenge") {
    const continueTo = options.continueTo ?? "http://127.0.0.1:4000/";
    return {
      ...base,
      ui: {
        action: continueTo,
        method: "GET",
        messages: options.messages ?? [verificationSucceeded],
        nodes: [
          {
            type: "a",
            group: "code",
            attributes: {
              node_type: "a",
              id: "continue",
              href: continueTo,
              title: { id: 1070009, text: "Continue", type: "info" },
            },
            messages: [],
            meta: { label: { id: 1070009, text: "Continue", type: "info" } },
          },
        ],
      },
    };
  }
  const nodes =
    state === "choose_method"
      ? [csrfNode(), inputNode("code", "email", "email", emailLabel), continueButton()]
      : [
          inputNode("code", "method", "hidden", { value: "code" }),
          inputNode("code", "code", "text", { label: "Verification code", labelId: 1070011 }),
          continueButton(),
          csrfNode(),
          resendButton(email),
        ];
  return {
    ...base,
    active: state === "sent_email" ? "code" : undefined,
    ui: {
      action: `${kratos}/self-service/verification?flow=${id}`,
      method: "POST",
      messages: options.messages ?? (state === "sent_email" ? [verificationCodeSent] : undefined),
      nodes,
    },
  };
}

const aliceIdentity = (verified: boolean): Identity => ({
  id: "b7c6d5e4-0000-4000-8000-00000000000a",
  schema_id: "default",
  schema_url: `${kratos}/schemas/ZGVmYXVsdA`,
  state: "active",
  traits: { email: "alice@example.com", name: "Alice Example" },
  verifiable_addresses: [
    {
      id: "b7c6d5e4-0000-4000-8000-00000000001a",
      value: "alice@example.com",
      verified,
      via: "email",
      status: verified ? "completed" : "sent",
      verified_at: verified ? "2026-01-01T00:05:00Z" : undefined,
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
    },
  ],
  recovery_addresses: [
    {
      id: "b7c6d5e4-0000-4000-8000-00000000002a",
      value: "alice@example.com",
      via: "email",
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
    },
  ],
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
});

/** Alice's session as `/sessions/whoami` and `/sessions` answer it, used from one device. */
export function aliceSession(
  options: {
    id?: string;
    verified?: boolean;
    device?: { user_agent: string; ip_address: string; location?: string };
  } = {},
): Session {
  const device = options.device ?? {
    user_agent: "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0",
    ip_address: "127.0.0.1",
  };
  return {
    id: options.id ?? "5e551011-0000-4000-8000-000000000001",
    active: true,
    expires_at: "2099-01-02T00:00:00Z",
    authenticated_at: "2026-01-01T09:30:00Z",
    authenticator_assurance_level: "aal1",
    authentication_methods: [
      { method: "password", aal: "aal1", completed_at: "2026-01-01T09:30:00Z" },
    ],
    issued_at: "2026-01-01T09:30:00Z",
    identity: aliceIdentity(options.verified ?? true),
    devices: [{ id: "de71ce00-0000-4000-8000-000000000001", ...device }],
  };
}

/** Registration's answer when Kratos' verification hook mailed a code and hands over its flow. */
export function registrationWithVerification(): SuccessfulNativeRegistration {
  const session = aliceSession({ verified: false });
  return {
    identity: aliceIdentity(false),
    session,
    continue_with: [
      {
        action: "show_verification_ui",
        flow: {
          id: verificationFlowId,
          verifiable_address: "alice@example.com",
          url: `http://127.0.0.1:4000/verification?flow=${verificationFlowId}`,
        },
      },
    ],
  };
}
