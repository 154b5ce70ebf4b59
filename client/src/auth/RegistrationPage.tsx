import type { RegistrationFlow, SuccessfulNativeRegistration } from "@ory/client";
import { Link, useNavigate, useSearchParams } from "react-router";
import { safeReturnPath } from "../ory/return-to";
import { useSession } from "../session/session-context";
import { useDocumentTitle } from "../ui/use-document-title";
import { authPageUrl } from "./auth-links";
import { FlowView } from "./FlowView";
import { FlowForm } from "./flow/FlowForm";
import { useSelfServiceFlow } from "./use-self-service-flow";

export function RegistrationPage() {
  const navigate = useNavigate();
  const { renew } = useSession();
  const [params] = useSearchParams();
  const returnPath = safeReturnPath(params.get("return_to"));
  useDocumentTitle("Create an account");

  const { state, submit, retry } = useSelfServiceFlow<
    RegistrationFlow,
    SuccessfulNativeRegistration
  >("registration", {
    onSuccess(result) {
      if (result.session) renew();
      const verification = result.continue_with?.find(
        (item) => item.action === "show_verification_ui",
      );
      if (verification) {
        // Kratos mailed a code already; its flow asks for it and then goes on to return_to.
        const search = new URLSearchParams({ flow: verification.flow.id });
        if (returnPath) search.set("return_to", returnPath);
        navigate(`/verification?${search}`, { replace: true });
      } else if (result.session) {
        navigate(returnPath ?? "/", { replace: true });
      } else {
        // Without Kratos' `session` hook after registration, the new account signs in itself.
        navigate(authPageUrl("/login", returnPath), { replace: true });
      }
    },
    onAlreadySignedIn: () => navigate(returnPath ?? "/", { replace: true }),
  });

  return (
    <section className="auth-card" aria-labelledby="registration-title">
      <h1 id="registration-title">Create an account</h1>
      <FlowView state={state} retry={retry}>
        {(flow, submitting) => (
          <FlowForm
            flow={flow}
            submitting={submitting}
            onSubmit={submit}
            aria-label="Create an account"
          />
        )}
      </FlowView>
      <p className="auth-switch">
        Have an account? <Link to={authPageUrl("/login", returnPath)}>Sign in</Link>
      </p>
    </section>
  );
}
