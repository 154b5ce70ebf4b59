import type { Session, UiText, VerificationFlow } from "@ory/client";
import { type KratosBrowserApi, type KratosError, KratosUnreachableError } from "../ory/kratos-api";

/** The first address of the identity Kratos has not verified yet, if any. */
export function unverifiedAddress(session: Session): string | undefined {
  return session.identity?.verifiable_addresses?.find((address) => !address.verified)?.value;
}

export type ResendResult = { kind: "sent"; flowId: string } | { kind: "failed"; message: string };

/**
 * Mails a fresh verification code the way the verification page would: a new browser
 * flow, submitted with `method=code` and the address. The code only works in that flow,
 * so its id is where the person enters it.
 */
export async function resendVerificationCode(
  kratos: KratosBrowserApi,
  email: string,
): Promise<ResendResult> {
  try {
    const created = await kratos.createFlow<VerificationFlow>("verification");
    if (created.kind === "error") return { kind: "failed", message: describe(created.error) };
    const flow = created.kind === "ok" ? created.body : (created.flow as VerificationFlow);
    const sent = await kratos.submitFlow<VerificationFlow>(flow, {
      method: "code",
      email,
      csrf_token: csrfToken(flow),
    });
    if (sent.kind === "ok") return { kind: "sent", flowId: sent.body.id };
    if (sent.kind === "flow") return { kind: "failed", message: firstError(sent.flow.ui.messages) };
    return { kind: "failed", message: describe(sent.error) };
  } catch (error) {
    return {
      kind: "failed",
      message: error instanceof KratosUnreachableError ? error.message : "Sending the code failed.",
    };
  }
}

function describe(error: KratosError): string {
  return error.reason ?? error.message;
}

function csrfToken(flow: VerificationFlow): string {
  for (const node of flow.ui.nodes) {
    const attributes = node.attributes;
    if (attributes.node_type === "input" && attributes.name === "csrf_token") {
      return String(attributes.value ?? "");
    }
  }
  return "";
}

function firstError(messages: UiText[] | undefined): string {
  return messages?.find((message) => message.type === "error")?.text ?? "Sending the code failed.";
}
