import type { LoginFlow } from "@ory/client";
import { useMemo } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { safeReturnPath } from "../ory/return-to";
import { useSession } from "../session/session-context";
import { useDocumentTitle } from "../ui/use-document-title";
import { authPageUrl } from "./auth-links";
import { FlowView } from "./FlowView";
import { FlowForm } from "./flow/FlowForm";
import { knownIdentifier } from "./known-identifier";
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
        {(flow, submitting) => <LoginForm flow={flow} submitting={submitting} onSubmit={submit} />}
      </FlowView>
      {!refresh && (
        <>
          <p className="auth-forgot">
            <Link to={authPageUrl("/recovery", returnPath)}>Forgot password?</Link>
          </p>
          <p className="auth-switch">
            New here? <Link to={authPageUrl("/registration", returnPath)}>Create an account</Link>
          </p>
        </>
      )}
    </section>
  );
}

interface LoginFormProps {
  flow: LoginFlow;
  submitting: boolean;
  onSubmit(body: Record<string, unknown>): void;
}

function LoginForm({ flow, submitting, onSubmit }: LoginFormProps) {
  // Memoised: a new flow object would count as a new revision and reset the form.
  const known = useMemo(() => knownIdentifier(flow), [flow]);
  return (
    <>
      {known && (
        <p className="known-identifier">
          Signed in as <strong>{known.identifier}</strong>
        </p>
      )}
      <FlowForm
        flow={known?.flow ?? flow}
        submitting={submitting}
        onSubmit={onSubmit}
        aria-label="Sign in"
      />
    </>
  );
}
