import type { OutgoingMail } from "../mail/catcher.ts";
import type { KratosConfig } from "./config.ts";

/** Where the courier hands mail over: the emulator's mail catcher, or nowhere. */
export type MailDelivery = (mail: OutgoingMail) => void;

interface Rendered {
  subject: string;
  /** Kratos' `email.body.plaintext` template. */
  text: string;
  /** Kratos' `email.body` template, sent as the HTML part. */
  html: string;
}

/**
 * The emails of Kratos' built-in code templates (recovery_code and verification_code, valid
 * and invalid). Subjects and bodies read as Kratos v26.2.0 renders them: people and tests
 * look for these subjects and for the six-digit code in the text.
 */
const templates = {
  recoveryCodeValid: (code: string, minutes: number): Rendered => {
    const body = `Recover access to your account by entering the following code:\n\n${code}\n\nIf this was not you, do nothing. This code expires in ${minutes} minutes.`;
    return {
      subject: `Use code ${code} to recover access to your account`,
      text: body,
      html: body,
    };
  },
  recoveryCodeInvalid: (): Rendered => {
    const body =
      "Hi,\n\nyou (or someone else) entered this email address when trying to recover access to an account.\n\nHowever, this email address is not on our database of registered users and therefore the attempt has failed.\n\nIf this was you, check if you signed up using a different address.\n\nIf this was not you, please ignore this email.";
    return { subject: "Account access attempted", text: body, html: body };
  },
  verificationCodeValid: (code: string, link: string, minutes: number): Rendered => {
    const body = (shownLink: string) =>
      `Verify your account with the following code:\n\n${code}\n\nor clicking the following link:\n\n${shownLink}\n\nIf this was not you, do nothing. This code / link expires in ${minutes} minutes.`;
    return {
      subject: `Use code ${code} to verify your account`,
      text: body(link),
      html: body(`<a href="${link}">${link}</a>`),
    };
  },
  verificationCodeInvalid: (): Rendered => {
    const body =
      "Hi,\n\nsomeone asked to verify this email address, but we were unable to find an account for this address.\n\nIf this was you, check if you signed up using a different address.\n\nIf this was not you, please ignore this email.";
    return { subject: "Someone tried to verify this email address", text: body, html: body };
  },
};

/** Renders Kratos' code emails and delivers them at once (Kratos queues them first). */
export class Courier {
  constructor(
    private readonly config: KratosConfig,
    private readonly delivery: MailDelivery | undefined,
  ) {}

  private send(to: string, rendered: Rendered): void {
    this.delivery?.({
      from: { Name: this.config.courier.fromName, Address: this.config.courier.fromAddress },
      to,
      ...rendered,
    });
  }

  private get codeMinutes(): number {
    return Math.floor(this.config.code.lifespanMs / 60_000);
  }

  recoveryCode(to: string, code: string): void {
    this.send(to, templates.recoveryCodeValid(code, this.codeMinutes));
  }

  recoveryUnknownAddress(to: string): void {
    this.send(to, templates.recoveryCodeInvalid());
  }

  verificationCode(to: string, code: string, link: string): void {
    this.send(to, templates.verificationCodeValid(code, link, this.codeMinutes));
  }

  verificationUnknownAddress(to: string): void {
    this.send(to, templates.verificationCodeInvalid());
  }
}
