import { randomInt } from "node:crypto";

/** Kratos' one-time codes are six digits. */
export const CODE_LENGTH = 6;

/** The recovery or verifiable address a code was mailed to: its row id and its value. */
export interface CodeAddress {
  id: string;
  value: string;
}

interface IssuedCode {
  code: string;
  identityId: string;
  address: CodeAddress;
  expiresAt: number;
  used: boolean;
}

export type CodeUse =
  | { ok: true; identityId: string; address: CodeAddress }
  | { ok: false; reason: "invalid" | "used" | "too_often" };

/** Whether the identity still has the address row a code was mailed to. */
export type AddressStillExists = (identityId: string, addressId: string) => boolean;

/**
 * The codes mailed for recovery and verification flows, kept per flow in memory like the
 * flows themselves. As in Kratos every submission counts, right or wrong; past
 * `max_submissions` the flow takes no more codes, even the right one.
 */
export class OneTimeCodes {
  private readonly codes = new Map<string, IssuedCode[]>();
  private readonly submissions = new Map<string, number>();

  /** A new code for the flow; earlier ones stop working (a resend replaces them). */
  issue(flowId: string, identityId: string, address: CodeAddress, expiresAt: Date): string {
    const code = Array.from({ length: CODE_LENGTH }, () => randomInt(10)).join("");
    this.codes.set(flowId, [
      {
        code,
        identityId,
        address: { id: address.id, value: address.value },
        expiresAt: expiresAt.getTime(),
        used: false,
      },
    ]);
    return code;
  }

  /** A resend to an unknown address still invalidates what was sent before. */
  revoke(flowId: string): void {
    this.codes.delete(flowId);
  }

  /**
   * Kratos' code rows reference the address row (ON DELETE CASCADE): once an identity update
   * or deletion removed the address, its codes are gone, so they count as invalid.
   */
  use(
    flowId: string,
    submitted: string,
    now: Date,
    maxSubmissions: number,
    addressExists: AddressStillExists,
  ): CodeUse {
    const count = (this.submissions.get(flowId) ?? 0) + 1;
    this.submissions.set(flowId, count);
    if (count > maxSubmissions) return { ok: false, reason: "too_often" };
    const match = (this.codes.get(flowId) ?? []).find(
      (c) => c.code === submitted && addressExists(c.identityId, c.address.id),
    );
    if (!match || match.expiresAt <= now.getTime()) return { ok: false, reason: "invalid" };
    if (match.used) return { ok: false, reason: "used" };
    match.used = true;
    return { ok: true, identityId: match.identityId, address: match.address };
  }
}
