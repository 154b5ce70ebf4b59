import type { RecoveryFlow } from "@ory/client";
import { Link, useNavigate, useSearchParams } from "react-router";
import { continueWithDestination } from "../ory/continue-with";
import { safeReturnPath } from "../ory/return-to";
import { useSession } from "../session/session-context";
import { useDocumentTitle } from "../ui/use-document-title";
import { authPageUrl } from "./auth-links";
import { FlowView } from "./FlowView";
import { FlowForm } from "./flow/FlowForm";
import { useGoTo } from "./use-go-to";
import { useSelfServiceFlow } from "./use-self-service-flow";

/**
 * "Forgot password?": Kratos' recovery flow with one-time codes. The person gives their
 * email, then the code Kratos mailed; a right code signs them in with a privileged
 * session and Kratos hands over a settings flow, where they choose a new password.
 */
export function RecoveryPage() {
  const navigate = useNavigate();
  const goTo = useGoTo();
  const { renew } = useSession();
  const [params] = useSearchParams();
  const returnPath = safeReturnPath(params.get("return_to"));
  useDocumentTitle("Recover your account");

  /** The code was right: a session exists now, and settings wait for a new password. */
  function continueSignedIn(destination: string) {
    renew();
    goTo(destination);
  }

  const { state, submit, retry } = useSelfServiceFlow<RecoveryFlow, RecoveryFlow>("recovery", {
    onSuccess(body) {
      // With `continue_with` transitions Kratos answers 200 and names the settings flow.
      const destination = continueWithDestination(body.continue_with);
      if (destination) continueSignedIn(destination);
    },
    // Without them (Kratos' default) it answers 422 `browser_location_change_required`.
    onLocationChange: continueSignedIn,
    // Kratos offers recovery only to people who are signed out.
    onAlreadySignedIn: () => navigate("/settings", { replace: true }),
  });

  const codeSent = state.status === "ready" && state.flow.state === "sent_email";
  return (
    <section className="auth-card" aria-labelledby="recovery-title">
      <h1 id="recovery-title">Recover your account</h1>
      <p>
        {codeSent
          ? "Enter the code from the email to sign in and choose a new password."
          : "Enter the email address of your account and we will send you a code to sign in with."}
      </p>
      <FlowView state={state} retry={retry}>
        {(flow, submitting) => (
          <FlowForm
            flow={flow}
            submitting={submitting}
            onSubmit={submit}
            aria-label="Recover your account"
          />
        )}
      </FlowView>
      <p className="auth-switch">
        Remembered it? <Link to={authPageUrl("/login", returnPath)}>Sign in</Link>
      </p>
    </section>
  );
}
