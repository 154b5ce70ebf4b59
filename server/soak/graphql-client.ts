/** What one request came back with, reduced to what the soak counts. */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  /** First error code, the typed mutation error's __typename, or OK; UNREACHABLE without an answer. */
  outcome: string;
  data?: T | null;
  retryAfterSeconds?: number;
  /** The first error's path and message, to tell unexpected answers apart. */
  detail?: string;
}

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message?: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

/** A mutation's typed error (ForbiddenError, NotFoundError, ValidationError), if it answered one. */
function typedError(data: Record<string, unknown> | null | undefined): string | undefined {
  for (const value of Object.values(data ?? {})) {
    const typename = (value as { __typename?: unknown } | null)?.__typename;
    if (typeof typename === "string" && typename.endsWith("Error")) return typename;
  }
  return undefined;
}

/** POSTs one operation to the API with a Kratos session token, over plain HTTP. */
export async function graphql<T = Record<string, unknown>>(
  apiUrl: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Answer<T>> {
  let response: Response;
  try {
    response = await fetch(`${apiUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-session-token": token },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(60_000),
    });
  } catch {
    return { status: 0, outcome: "UNREACHABLE" };
  }
  let body: Body;
  try {
    body = (await response.json()) as Body;
  } catch {
    return { status: response.status, outcome: `HTTP_${response.status}_NOT_JSON` };
  }
  const code = body.errors?.length
    ? (body.errors[0].extensions?.code ?? "NO_CODE")
    : (typedError(body.data) ?? "OK");
  const retryAfter = Number(response.headers.get("retry-after"));
  return {
    status: response.status,
    outcome: code,
    data: body.data as T | null | undefined,
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    detail: body.errors?.length
      ? `${body.errors[0].path?.join(".") ?? ""} ${body.errors[0].message ?? ""}`.trim()
      : undefined,
  };
}

/** The object behind a Relay global id (base64 of `Type:uuid`). */
export function decodeGlobalId(id: string): { type: string; id: string } | null {
  const decoded = Buffer.from(id, "base64").toString("utf8");
  const at = decoded.indexOf(":");
  return at > 0 ? { type: decoded.slice(0, at), id: decoded.slice(at + 1) } : null;
}

export const encodeGlobalId = (type: string, id: string) =>
  Buffer.from(`${type}:${id}`).toString("base64");
