import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, herodotBody, type RoutedHandler, readBody, sendJson } from "../http.ts";
import { type Route, router } from "../router.ts";
import { expandSubjectSet } from "./expand.ts";
import { checkOpl } from "./opl/typecheck.ts";
import { decodePageToken, encodePageToken, pageSize } from "./pagination.ts";
import type { KetoState } from "./state.ts";
import { systemRoutes } from "./system-routes.ts";
import {
  asObject,
  maxDepthParameter,
  readJsonBody,
  relationQueryFromSearchParams,
  tupleFromJson,
  tupleFromSearchParams,
} from "./wire.ts";

/**
 * Keto's read API (port 4466). `POST /opl/syntax/check` lives on its own port (4469) in real
 * Keto; the emulator serves it here so it needs no third port.
 */
export function readApi(state: KetoState): RoutedHandler {
  /** The two check flavours differ only in how a deny is reported: 403 or 200. */
  const check =
    (source: "query" | "body", mirrorStatus: boolean): Route =>
    async (req, res, url) => {
      const maxDepth = maxDepthParameter(url.searchParams);
      const tuple =
        source === "query"
          ? tupleFromSearchParams(url.searchParams)
          : tupleFromJson(await readJsonBody(req));
      const allowed = state.isAllowed(tuple, maxDepth);
      sendJson(res, mirrorStatus && !allowed ? 403 : 200, { allowed });
    };

  return router({
    ...systemRoutes(),
    "GET /relation-tuples/check": check("query", true),
    "GET /relation-tuples/check/openapi": check("query", false),
    "POST /relation-tuples/check": check("body", true),
    "POST /relation-tuples/check/openapi": check("body", false),
    "POST /relation-tuples/batch/check": (req, res, url) => batchCheck(state, req, res, url),
    "GET /relation-tuples": (_req, res, url) => listRelationships(state, res, url),
    "GET /relation-tuples/expand": (_req, res, url) => expand(state, res, url),
    "GET /namespaces": (_req, res) =>
      sendJson(res, 200, { namespaces: state.namespaces.names().map((name) => ({ name })) }),
    "POST /opl/syntax/check": async (req, res) => {
      const { errors } = checkOpl(await readBody(req));
      sendJson(res, 200, errors.length === 0 ? {} : { errors: errors.map(toKetoParseError) });
    },
  });
}

/**
 * Per-item problems do not fail the batch: they come back as `error` next to `allowed:false`
 * (an unknown namespace here is an error, unlike in the single check).
 */
async function batchCheck(state: KetoState, req: IncomingMessage, res: ServerResponse, url: URL) {
  const maxDepth = maxDepthParameter(url.searchParams);
  const body = asObject(await readJsonBody(req), "batch check body");
  const items = body.tuples ?? [];
  if (!Array.isArray(items)) {
    throw new HttpError({
      status: 400,
      message: "could not unmarshal json: tuples must be an array",
    });
  }
  const limit = state.config.limits.maxBatchCheckSize;
  if (items.length > limit) {
    throw new HttpError({ status: 400, message: `batch exceeds max size of ${limit}` });
  }
  const results = items.map((item) => {
    try {
      const tuple = tupleFromJson(item);
      state.assertKnownNamespaces(tuple);
      return { allowed: state.engine.check(tuple, maxDepth) };
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      // Go's error string of a herodot error is its message.
      return { allowed: false, error: herodotBody(error.error).error.message };
    }
  });
  sendJson(res, 200, { results });
}

function listRelationships(state: KetoState, res: ServerResponse, url: URL) {
  const query = relationQueryFromSearchParams(url.searchParams);
  state.assertKnownNamespaces(query);
  const size = pageSize(url.searchParams.get("page_size"));
  const afterId = decodePageToken(url.searchParams.get("page_token"));
  const page = state.store.page(query, afterId, size);
  const last = page.rows.at(-1);
  sendJson(res, 200, {
    relation_tuples: page.rows.map((row) => row.tuple),
    next_page_token: page.more && last ? encodePageToken(last.id) : "",
  });
}

function expand(state: KetoState, res: ServerResponse, url: URL) {
  const maxDepth = maxDepthParameter(url.searchParams);
  const [namespace, object, relation] = ["namespace", "object", "relation"].map(
    (key) => url.searchParams.get(key) ?? "",
  );
  state.namespaces.assertKnown(namespace);
  const depth = state.engine.effectiveDepth(maxDepth);
  const tree = expandSubjectSet(state.store, { namespace, object, relation }, depth);
  // v26.2.0 hands its not-found error to the success writer: status 200, a bare error object.
  sendJson(
    res,
    200,
    tree ?? { code: 404, status: "Not Found", message: "no relation tuple found" },
  );
}

/** Keto's JSON for a parse error spells the line key with a capital L. */
function toKetoParseError(error: ReturnType<typeof checkOpl>["errors"][number]) {
  const position = (at: { line: number; column: number }) => ({ Line: at.line, column: at.column });
  return { message: error.message, start: position(error.start), end: position(error.end) };
}
