import { useCallback, useEffect, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import {
  type FlowKind,
  type KratosError,
  KratosUnreachableError,
  type SelfServiceFlow,
} from "../ory/kratos-api";
import { absoluteAppUrl, safeReturnPath } from "../ory/return-to";
import { useKratos } from "./kratos-context";
import { useGoTo } from "./use-go-to";

export type FlowState<F extends SelfServiceFlow> =
  | { status: "loading" }
  | { status: "ready"; flow: F; submitting: boolean; notice?: string }
  | { status: "failed"; message: string };

export interface FlowHandlers<S> {
  /** A submission succeeded; `body` is Kratos' 200 answer (a flow is shown already). */
  onSuccess?(body: S): void;
  /** Kratos says a session exists already (`session_already_available`). */
  onAlreadySignedIn?(): void;
  /** The flow needs a session and there is none (`session_inactive`, 401). */
  onSignInRequired?(): void;
  /** Settings need a recent sign-in first (`session_refresh_required`). */
  onRefreshRequired?(): void;
  /**
   * Only another page can continue (`browser_location_change_required`, e.g. a recovered
   * account on its way to settings). Without a handler the browser simply goes there.
   */
  onLocationChange?(destination: string): void;
}

/** Shown above a fresh form when the one the person just sent had gone stale. */
export const staleFlowNotice =
  "That form was out of date, so nothing was sent. Here is a fresh one: please try again.";

/**
 * Drives one Kratos browser flow for a page: creates it (or loads `?flow=<id>` from the
 * URL, which keeps a reload or a Kratos redirect on the same flow), submits it, and turns
 * Kratos' documented answers into page state or navigation. Expired, unknown or
 * CSRF-broken flows (a form left open across a restart of Kratos, say) are replaced by
 * a fresh one that keeps `return_to`, instead of being shown as errors.
 */
export function useSelfServiceFlow<F extends SelfServiceFlow, S = unknown>(
  kind: FlowKind,
  handlers: FlowHandlers<S>,
  options: { refresh?: boolean } = {},
) {
  const kratos = useKratos();
  const goTo = useGoTo();
  const [params, setParams] = useSearchParams();
  const [state, setState] = useState<FlowState<F>>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  const shownFlowId = useRef<string | undefined>(undefined);
  const carriedNotice = useRef<string | undefined>(undefined);
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  const flowId = params.get("flow");
  const returnPath = safeReturnPath(params.get("return_to"));
  const refresh = options.refresh ?? false;

  /** Points the URL at another flow (or none, for a new one), keeping or adding `return_to`. */
  const putFlowIdInUrl = useCallback(
    (id: string | null, returnTo?: string) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (id) next.set("flow", id);
          else next.delete("flow");
          const keptReturnPath = safeReturnPath(returnTo);
          if (keptReturnPath && !next.has("return_to")) next.set("return_to", keptReturnPath);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  /** Kratos errors that mean "go somewhere else"; true when one was handled. */
  const redirectFor = useCallback(
    (error: KratosError): boolean => {
      const on = handlersRef.current;
      if (error.id === "session_already_available" && on.onAlreadySignedIn) {
        on.onAlreadySignedIn();
      } else if ((error.id === "session_inactive" || error.status === 401) && on.onSignInRequired) {
        on.onSignInRequired();
      } else if (error.id === "session_refresh_required" && on.onRefreshRequired) {
        on.onRefreshRequired();
      } else if (error.redirectBrowserTo && error.id === "browser_location_change_required") {
        (on.onLocationChange ?? goTo)(error.redirectBrowserTo);
      } else {
        return false;
      }
      return true;
    },
    [goTo],
  );

  const show = useCallback((flow: F, notice?: string) => {
    shownFlowId.current = flow.id;
    setState({ status: "ready", flow, submitting: false, notice: notice ?? carriedNotice.current });
    carriedNotice.current = undefined;
  }, []);

  /**
   * Drops the current flow for a fresh one, keeping a note of why for the next form and
   * the stale flow's `return_to` when the URL has none (Kratos may have sent the browser
   * here with only `?flow=`).
   */
  const restart = useCallback(
    (notice?: string, returnTo?: string) => {
      carriedNotice.current = notice;
      shownFlowId.current = undefined;
      putFlowIdInUrl(null, returnTo);
    },
    [putFlowIdInUrl],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger.
  useEffect(() => {
    if (flowId && flowId === shownFlowId.current) return;
    let cancelled = false;
    setState({ status: "loading" });
    const request = flowId
      ? kratos.getFlow<F>(kind, flowId)
      : kratos.createFlow<F>(kind, {
          returnTo: returnPath ? absoluteAppUrl(returnPath) : undefined,
          refresh,
        });
    request.then(
      (result) => {
        if (cancelled) return;
        if (result.kind === "ok" || result.kind === "flow") {
          const flow = (result.kind === "ok" ? result.body : result.flow) as F;
          show(flow);
          if (flow.id !== flowId) putFlowIdInUrl(flow.id);
        } else if (redirectFor(result.error)) {
          // Navigation is under way.
        } else if (flowId) {
          // Expired (410), unknown (404) or not this browser's (403 CSRF): start over.
          restart(undefined, result.error.returnTo);
        } else {
          setState({ status: "failed", message: describe(result.error) });
        }
      },
      (error: unknown) => {
        if (!cancelled) setState({ status: "failed", message: failureMessage(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [
    kratos,
    kind,
    flowId,
    returnPath,
    refresh,
    attempt,
    show,
    restart,
    redirectFor,
    putFlowIdInUrl,
  ]);

  const submit = useCallback(
    async (body: Record<string, unknown>) => {
      if (state.status !== "ready") return;
      const { flow } = state;
      setState({ ...state, submitting: true, notice: undefined });
      try {
        const result = await kratos.submitFlow<S>(flow, body);
        if (result.kind === "flow") {
          show(result.flow as F);
        } else if (result.kind === "ok") {
          // Settings answer with the updated flow (state "success" and a message).
          if (isFlow<F>(result.body)) show(result.body);
          handlersRef.current.onSuccess?.(result.body);
        } else if (result.error.useFlowId) {
          // The replacement flow carries Kratos' own "this form expired" message.
          putFlowIdInUrl(result.error.useFlowId);
        } else if (redirectFor(result.error)) {
          // Navigation is under way.
        } else if (isGone(result.error)) {
          restart(staleFlowNotice, flow.return_to ?? result.error.returnTo);
        } else {
          show(flow, describe(result.error));
        }
      } catch (error) {
        show(flow, failureMessage(error));
      }
    },
    [kratos, state, show, restart, redirectFor, putFlowIdInUrl],
  );

  const retry = useCallback(() => {
    shownFlowId.current = undefined;
    setAttempt((n) => n + 1);
  }, []);

  return { state, submit, retry, returnPath };
}

/**
 * The submitted flow cannot go on: it expired (410), Kratos no longer knows it (404, e.g.
 * after a restart of an in-memory Kratos) or its CSRF cookie no longer matches (403).
 */
function isGone(error: KratosError): boolean {
  return error.status === 410 || error.status === 404 || error.id === "security_csrf_violation";
}

function isFlow<F extends SelfServiceFlow>(body: unknown): body is F {
  return typeof body === "object" && body !== null && "ui" in body;
}

function describe(error: KratosError): string {
  return error.reason ?? error.message;
}

function failureMessage(error: unknown): string {
  if (error instanceof KratosUnreachableError) return error.message;
  return "Something went wrong while talking to the sign-in service.";
}
