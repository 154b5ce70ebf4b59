/**
 * The Kratos UI texts the emulated flows use. Ids and texts are part of Kratos' API: UIs
 * switch on the ids and show the texts, so they must match v26.2.0 exactly.
 */
export interface UiText {
  id: number;
  text: string;
  type: "info" | "error" | "success";
  context?: Record<string, unknown>;
}

const info = (id: number, text: string, context?: Record<string, unknown>): UiText => ({
  id,
  text,
  type: "info",
  ...(context ? { context } : {}),
});

const error = (id: number, text: string, context?: Record<string, unknown>): UiText => ({
  id,
  text,
  type: "error",
  ...(context ? { context } : {}),
});

/** Kratos's "the <flow> flow expired N minutes ago" message, one id per kind of flow. */
const flowExpired = (id: number, flow: string) => (expiredAt: Date, now: Date) =>
  error(
    id,
    `The ${flow} flow expired ${((now.getTime() - expiredAt.getTime()) / 60_000).toFixed(2)} minutes ago, please try again.`,
    {
      expired_at: expiredAt.toISOString(),
      expired_at_unix: Math.floor(expiredAt.getTime() / 1000),
    },
  );

export const text = {
  labelPassword: () => info(1070001, "Password"),
  labelGenerated: (title: string, name: string) => info(1070002, title, { title, name }),
  labelSave: () => info(1070003, "Save"),
  labelId: () => info(1070004, "ID"),
  signIn: () => info(1010001, "Sign in"),
  confirmItIsYou: () => info(1010003, "Please confirm this action by verifying that it is you."),
  signInWithPassword: () => info(1010022, "Sign in with password"),
  signUp: () => info(1040001, "Sign up"),
  labelEmail: () => info(1070007, "Email"),
  labelResendCode: () => info(1070008, "Resend code"),
  labelContinue: () => info(1070009, "Continue"),
  labelRecoveryCode: () => info(1070010, "Recovery code"),
  labelVerificationCode: () => info(1070011, "Verification code"),
  recoverySuccessful: (privilegedUntil: Date, now: Date): UiText => ({
    id: 1060001,
    text: `You successfully recovered your account. Please change your password or set up an alternative login method (e.g. social sign in) within the next ${((privilegedUntil.getTime() - now.getTime()) / 60_000).toFixed(2)} minutes.`,
    type: "success",
    context: {
      privilegedSessionExpiresAt: privilegedUntil.toISOString(),
      privileged_session_expires_at: privilegedUntil.toISOString(),
      privileged_session_expires_at_unix: Math.floor(privilegedUntil.getTime() / 1000),
    },
  }),
  recoveryCodeSent: () =>
    info(
      1060003,
      "An email containing a recovery code has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.",
    ),
  verificationSuccessful: (): UiText => ({
    id: 1080002,
    text: "You successfully verified your email address.",
    type: "success",
  }),
  verificationCodeSent: () =>
    info(
      1080003,
      "An email containing a verification code has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.",
    ),
  settingsSaved: (): UiText => ({
    id: 1050001,
    text: "Your changes have been saved!",
    type: "success",
  }),

  generic: (reason: string) => error(4000001, reason, { reason }),
  required: (property: string) => error(4000002, `Property ${property} is missing.`, { property }),
  minLength: (min: number, actual: number) =>
    error(4000003, `length must be >= ${min}, but got ${actual}`, {
      min_length: min,
      actual_length: actual,
    }),
  invalidPattern: (pattern: string) =>
    error(4000004, `does not match pattern ${JSON.stringify(pattern)}`, { pattern }),
  invalidCredentials: () =>
    error(
      4000006,
      "The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.",
    ),
  duplicateCredentials: () =>
    error(
      4000007,
      "An account with the same identifier (email, phone, username, ...) exists already.",
    ),
  identifierMissing: () =>
    error(
      4000009,
      "Could not find any login identifiers. Did you forget to set them? This could also be caused by a server misconfiguration.",
    ),
  maxLength: (max: number, actual: number) =>
    error(4000017, `length must be <= ${max}, but got ${actual}`, {
      max_length: max,
      actual_length: actual,
    }),
  wrongType: (allowed: string[], actual: string) =>
    error(4000026, `expected ${allowed.join(" or ")}, but got ${actual}`, {
      allowed_types: allowed,
      actual_type: actual,
    }),
  passwordTooSimilar: () =>
    error(4000031, "The password can not be used because it is too similar to the identifier."),
  passwordMinLength: (min: number, actual: number) =>
    error(4000032, `The password must be at least ${min} characters long, but got ${actual}.`, {
      min_length: min,
      actual_length: actual,
    }),
  invalidEmail: (value: string) => error(4000040, "Enter a valid email address", { value }),

  recoveryNoStrategy: () =>
    error(
      4010005,
      "Could not find a strategy to recover your account with. Did you fill out the form correctly?",
    ),
  verificationNoStrategy: () =>
    error(
      4010006,
      "Could not find a strategy to verify your account with. Did you fill out the form correctly?",
    ),
  recoveryRetrySuccess: () =>
    error(4060001, "The request was already completed successfully and can not be retried."),
  recoveryCodeInvalid: () =>
    error(4060006, "The recovery code is invalid or has already been used. Please try again."),
  verificationRetrySuccess: () =>
    error(4070002, "The request was already completed successfully and can not be retried."),
  verificationCodeInvalid: () =>
    error(4070006, "The verification code is invalid or has already been used. Please try again."),
  recoveryFlowExpired: flowExpired(4060005, "recovery"),
  verificationFlowExpired: flowExpired(4070005, "verification"),

  loginFlowExpired: flowExpired(4010001, "login"),
  registrationFlowExpired: flowExpired(4040001, "registration"),
  settingsFlowExpired: flowExpired(4050001, "settings"),
};
