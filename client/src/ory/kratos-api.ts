import type {
  DeleteMySessionsCount,
  LoginFlow,
  LogoutFlow,
  RecoveryFlow,
  RegistrationFlow,
  Session,
  SettingsFlow,
  VerificationFlow,
} from "@ory/client";

export type FlowKind = "login" | "registration" | "settings" | "recovery" | "verification";
export type SelfServiceFlow =
  | LoginFlow
  | RegistrationFlow
  | SettingsFlow
  | RecoveryFlow
  | VerificationFlow;

/** A Kratos error body (`{ error: { id, code, message, reason, details } }`) flattened for the UI. */
export interface KratosError {
  status: number;
  /** Stable machine id such as `session_already_available`; absent on some errors. */
  id?: string;
  message: string;
  reason?: string;
  /** Set when only a page load can continue (browser_location_change_required, session_refresh_required). */
  redirectBrowserTo?: string;
  /** After `self_service_flow_expired`: the fresh flow that already explains the expiry. */
  useFlowId?: string;
  /** Where the expired flow would have sent the browser in the end (`details.return_to`). */
  returnTo?: string;
}

/** What a call answered: a success body, a flow to render again (400), or an error. */
export type KratosResult<T> =
  | { kind: "ok"; body: T }
  | { kind: "flow"; flow: SelfServiceFlow }
  | { kind: "error"; error: KratosError };

/** The network failed before Kratos could answer (down, blocked by CORS, offline). */
export class KratosUnreachableError extends Error {
  override name = "KratosUnreachableError";
  constructor(cause: unknown) {
    super("The sign-in service cannot be reached. Check your connection and try again.", { cause });
  }
}

/**
 * Kratos' public API as a browser SPA uses it: cookies travel with every call
 * (`credentials: "include"`) and `Accept: application/json` selects JSON answers
 * instead of redirects to the UI URLs.
 */
export class KratosBrowserApi {
  constructor(private readonly publicUrl: string) {}

  createFlow<F extends SelfServiceFlow>(
    kind: FlowKind,
    options: { returnTo?: string; refresh?: boolean } = {},
  ): Promise<KratosResult<F>> {
    const url = this.url(`/self-service/${kind}/browser`);
    if (options.returnTo) url.searchParams.set("return_to", options.returnTo);
    if (options.refresh) url.searchParams.set("refresh", "true");
    return this.call(url);
  }

  getFlow<F extends SelfServiceFlow>(kind: FlowKind, id: string): Promise<KratosResult<F>> {
    const url = this.url(`/self-service/${kind}/flows`);
    url.searchParams.set("id", id);
    return this.call(url);
  }

  /** Posts to the flow's own `ui.action`, as Kratos asks UIs to do. */
  submitFlow<T>(flow: SelfServiceFlow, body: Record<string, unknown>): Promise<KratosResult<T>> {
    return this.call(new URL(flow.ui.action), {
      method: flow.ui.method.toUpperCase(),
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  /** Signing out takes two calls: one for a logout token, one to spend it. */
  async logout(): Promise<KratosResult<null>> {
    const created = await this.call<LogoutFlow>(this.url("/self-service/logout/browser"));
    if (created.kind !== "ok") return created;
    return this.call(new URL(created.body.logout_url));
  }

  /** The stored error Kratos sends a browser to `/error?id=…` for. */
  getError(id: string): Promise<KratosResult<{ id: string; error?: Record<string, unknown> }>> {
    const url = this.url("/self-service/errors");
    url.searchParams.set("id", id);
    return this.call(url);
  }

  /** The session of this browser, with its identity and the devices it was used from. */
  whoami(): Promise<KratosResult<Session>> {
    return this.call(this.url("/sessions/whoami"));
  }

  /**
   * This person's other active sessions (the current one is `whoami`). One page of
   * Kratos' default size (250) is plenty for a person's own devices.
   */
  listMyOtherSessions(): Promise<KratosResult<Session[]>> {
    return this.call(this.url("/sessions"));
  }

  /** Ends one of this person's other sessions; Kratos refuses to end the current one. */
  revokeMySession(id: string): Promise<KratosResult<null>> {
    return this.call(this.url(`/sessions/${encodeURIComponent(id)}`), { method: "DELETE" });
  }

  /** Ends every session of this person except the current one. */
  revokeMyOtherSessions(): Promise<KratosResult<DeleteMySessionsCount>> {
    return this.call(this.url("/sessions"), { method: "DELETE" });
  }

  private url(path: string) {
    return new URL(`${this.publicUrl}${path}`);
  }

  private async call<T>(url: URL, init: RequestInit = {}): Promise<KratosResult<T>> {
    let response: Response;
    try {
      response = await fetch(url, {
        ...init,
        credentials: "include",
        headers: { Accept: "application/json", ...init.headers },
      });
    } catch (cause) {
      throw new KratosUnreachableError(cause);
    }
    const body = await readJson(response);
    if (response.ok) return { kind: "ok", body: body as T };
    if (response.status === 400 && isFlow(body)) return { kind: "flow", flow: body };
    return { kind: "error", error: toKratosError(response.status, body) };
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isFlow(body: unknown): body is SelfServiceFlow {
  return typeof body === "object" && body !== null && "ui" in body && "id" in body;
}

function toKratosError(status: number, body: unknown): KratosError {
  const raw = (typeof body === "object" && body !== null ? body : {}) as {
    error?: { id?: string; message?: string; reason?: string; details?: Record<string, unknown> };
    redirect_browser_to?: string;
    use_flow_id?: string;
  };
  const details = raw.error?.details ?? {};
  const detail = (key: string) => (typeof details[key] === "string" ? details[key] : undefined);
  return {
    status,
    id: raw.error?.id,
    message: raw.error?.message ?? `The sign-in service answered ${status}.`,
    reason: raw.error?.reason,
    redirectBrowserTo: raw.redirect_browser_to ?? detail("redirect_browser_to"),
    useFlowId: raw.use_flow_id ?? detail("use_flow_id"),
    returnTo: detail("return_to"),
  };
}
