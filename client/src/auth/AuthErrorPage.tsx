import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { KratosUnreachableError } from "../ory/kratos-api";
import { ErrorState, LoadingState } from "../ui/states";
import { useDocumentTitle } from "../ui/use-document-title";
import { useKratos } from "./kratos-context";

type ErrorView = { status: "loading" } | { status: "shown"; title: string; detail?: string };

/**
 * Kratos' error UI (`selfservice.flows.error.ui_url`): when a browser-facing flow fails
 * where no form can show it, Kratos sends the browser here with `?id=` of a stored error.
 */
export function AuthErrorPage() {
  const kratos = useKratos();
  const [params] = useSearchParams();
  const id = params.get("id");
  const [view, setView] = useState<ErrorView>({ status: "loading" });
  useDocumentTitle("Something went wrong");

  useEffect(() => {
    if (!id) {
      setView({ status: "shown", title: "Something went wrong while signing in." });
      return;
    }
    let cancelled = false;
    kratos.getError(id).then(
      (result) => {
        if (cancelled) return;
        const error = result.kind === "ok" ? result.body.error : undefined;
        const text = (key: string) => (typeof error?.[key] === "string" ? error[key] : undefined);
        setView(
          result.kind === "ok"
            ? {
                status: "shown",
                title: text("message") ?? "Something went wrong while signing in.",
                detail: text("reason"),
              }
            : { status: "shown", title: "This error report is no longer available." },
        );
      },
      (error: unknown) => {
        if (cancelled) return;
        const detail = error instanceof KratosUnreachableError ? error.message : undefined;
        setView({ status: "shown", title: "Something went wrong while signing in.", detail });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [kratos, id]);

  if (view.status === "loading") return <LoadingState />;
  return (
    <ErrorState
      title={view.title}
      actions={
        <>
          <Link className="button" to="/login">
            Sign in again
          </Link>
          <Link className="button button-quiet" to="/">
            Go to the welcome page
          </Link>
        </>
      }
    >
      {view.detail && <p>{view.detail}</p>}
    </ErrorState>
  );
}
