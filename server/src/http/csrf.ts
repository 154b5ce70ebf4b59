import type { Plugin } from "graphql-yoga";
import { ApiError } from "../errors.ts";

const jsonTypes = ["application/json", "application/graphql-response+json"];

/**
 * Cookie sessions make the API a CSRF target: a page on another site can make
 * the browser POST a form (no preflight) with the user's cookie. Such "simple"
 * requests are refused when they carry cookies; JSON POSTs need a CORS
 * preflight, and GET can only run queries. Token-authenticated calls carry no
 * cookie and are unaffected.
 */
export function useCookieCsrfPrevention(): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== "POST" || !request.headers.has("cookie")) return;
      const type = request.headers.get("content-type")?.split(";")[0].trim().toLowerCase() ?? "";
      if (jsonTypes.includes(type)) return;
      const error = new ApiError(
        "CSRF_REJECTED",
        "Requests that carry cookies must be sent as application/json (CSRF protection).",
      );
      const { message, extensions } = error.toJSON();
      endResponse(
        fetchAPI.Response.json(
          { errors: [{ message, extensions: { code: extensions?.code } }] },
          { status: 403 },
        ),
      );
    },
  };
}
