import { useEffect, useState } from "react";
import { Link, useLocation } from "react-router";
import { useKratos } from "../auth/kratos-context";
import {
  type ResendResult,
  resendVerificationCode,
  unverifiedAddress,
} from "../auth/resend-verification-code";
import { useSession } from "../session/session-context";

type Resend = { kind: "idle" } | { kind: "sending" } | ResendResult;

/**
 * Reminds a signed-in person that Kratos has not verified their email address yet, with a
 * way to get a new code. Kratos' session (`whoami`) says which addresses are verified; it
 * is read again whenever the viewer changes and after a visit to the verification page.
 */
export function VerificationBanner() {
  const kratos = useKratos();
  const { session } = useSession();
  const { pathname } = useLocation();
  const viewer = session.status === "signed-in" ? session.viewer : undefined;
  const onVerificationPage = pathname === "/verification";
  // Whose address it is, so that another person signing in never sees the previous one's.
  const [unverified, setUnverified] = useState<{ viewerId: string; address?: string }>();
  const [resend, setResend] = useState<Resend>({ kind: "idle" });

  useEffect(() => {
    setResend({ kind: "idle" });
    if (!viewer || onVerificationPage) return;
    let cancelled = false;
    kratos.whoami().then(
      (result) => {
        if (cancelled) return;
        const address = result.kind === "ok" ? unverifiedAddress(result.body) : undefined;
        setUnverified({ viewerId: viewer.id, address });
      },
      // A reminder is not worth an error of its own; the session banner reports outages.
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [kratos, viewer, onVerificationPage]);

  const address = unverified?.viewerId === viewer?.id ? unverified?.address : undefined;
  if (!viewer || onVerificationPage || !address) return null;

  async function handleResend(email: string) {
    setResend({ kind: "sending" });
    setResend(await resendVerificationCode(kratos, email));
  }

  const verificationUrl = (flowId?: string) => {
    const search = new URLSearchParams({ return_to: pathname });
    if (flowId) search.set("flow", flowId);
    return `/verification?${search}`;
  };

  return (
    <section className="banner banner-info" aria-label="Email verification">
      <p>
        Your email address <strong>{address}</strong> is not verified yet.
      </p>
      {resend.kind === "sent" ? (
        <p role="status">
          We sent you a new code. <Link to={verificationUrl(resend.flowId)}>Enter the code</Link>
        </p>
      ) : (
        <>
          <button
            type="button"
            className="button"
            onClick={() => handleResend(address)}
            disabled={resend.kind === "sending"}
          >
            {resend.kind === "sending" ? "Sending…" : "Resend code"}
          </button>
          <Link to={verificationUrl()}>Verify now</Link>
        </>
      )}
      {resend.kind === "failed" && <p role="alert">{resend.message}</p>}
    </section>
  );
}
