import type { VerificationFlow } from "@ory/client";
import { Link } from "react-router";
import { safeReturnPath } from "../ory/return-to";
import { useDocumentTitle } from "../ui/use-document-title";
import { FlowView } from "./FlowView";
import { FlowForm } from "./flow/FlowForm";
import { FlowMessages } from "./flow/FlowMessages";
import { useSelfServiceFlow } from "./use-self-service-flow";

const introductions: Record<string, string> = {
  choose_method: "Enter your email address and we will send you a code to verify it with.",
  sent_email: "Enter the code from the email we sent you.",
};

/**
 * Kratos' verification flow with one-time codes: a flow from `?flow=` (registration
 * hands one over, the email's link opens one) or a new one that asks for the address.
 */
export function VerificationPage() {
  useDocumentTitle("Verify your email address");
  // Kratos answers every step with the flow itself, which the hook shows.
  const { state, submit, retry } = useSelfServiceFlow<VerificationFlow>("verification", {});

  const flowState = state.status === "ready" ? String(state.flow.state) : undefined;
  return (
    <section className="auth-card" aria-labelledby="verification-title">
      <h1 id="verification-title">Verify your email address</h1>
      {flowState && introductions[flowState] && <p>{introductions[flowState]}</p>}
      <FlowView state={state} retry={retry}>
        {(flow, submitting) =>
          flow.state === "passed_challenge" ? (
            <Verified flow={flow} />
          ) : (
            <FlowForm
              flow={flow}
              submitting={submitting}
              onSubmit={submit}
              aria-label="Verify your email address"
            />
          )
        }
      </FlowView>
    </section>
  );
}

/** Kratos' "You successfully verified your email address." and its link onward. */
function Verified({ flow }: { flow: VerificationFlow }) {
  const onward = flow.ui.nodes.find((node) => node.attributes.node_type === "a")?.attributes;
  const href = onward?.node_type === "a" ? onward.href : "/";
  const label = onward?.node_type === "a" ? onward.title.text : "Continue";
  const path = safeReturnPath(href);
  return (
    <div className="flow-form">
      <div className="flow-messages-form" role="status">
        <FlowMessages messages={flow.ui.messages} />
      </div>
      {path ? (
        <Link className="button button-primary" to={path}>
          {label}
        </Link>
      ) : (
        <a className="button button-primary" href={href}>
          {label}
        </a>
      )}
    </div>
  );
}
