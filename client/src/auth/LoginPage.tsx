import type { LoginFlow } from "@ory/client";
import { Link, useNavigate, useSearchParams } from "react-router";
import { safeReturnPath } from "../ory/return-to";
import { useSession } from "../session/session-context";
import { useDocumentTitle } from "../ui/use-document-title";
import { authPageUrl } from "./auth-links";
import { FlowView } from "./FlowView";
import { FlowForm } from "./flow/FlowForm";
import { useSelfServiceFlow } from "./use-self-service-flow";

export function LoginPage() {
  const navigate = useNavigate();
  const { renew } = useSession();
  const [params] = useSearchParams();
  // `refresh=true` asks a signed-in person to confirm their password (settings need it).
  const refresh = params.get("refresh") === "true";
  const returnPath = safeReturnPath(params.get("return_to"));
  const done = () => navigate(returnPath ?? "/", { replace: true });
  useDocumentTitle(refresh ? "Confirm it's you" : "Sign in");

  const { state, submit, retry } = useSelfServiceFlow<LoginFlow>(
    "login",
    {
      onSuccess() {
        renew();
        done();
      },
      onAlreadySignedIn: done,
    },
    { refresh },
  );

  return (
    <section className="auth-card" aria-labelledby="login-title">
      <h1 id="login-title">{refresh ? "Confirm it's you" : "Sign in"}</h1>
      {refresh && <p>Enter your password again to continue.</p>}
      <FlowView state={state} retry={retry}>
        {(flow, submitting) => (
          <FlowForm flow={flow} submitting={submitting} onSubmit={submit} aria-label="Sign in" />
        )}
      </FlowView>
      {!refresh && (
        <p className="auth-switch">
          New here? <Link to={authPageUrl("/registration", returnPath)}>Create an account</Link>
        </p>
      )}
    </section>
  );
}
