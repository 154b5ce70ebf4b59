import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, type RoutedHandler, readBody, sendEmpty, sendJson } from "../http.ts";
import { router } from "../router.ts";
import type { RelationTuple } from "./relation-tuple.ts";
import type { KetoState } from "./state.ts";
import { systemRoutes } from "./system-routes.ts";
import {
  asObject,
  readJsonBody,
  relationQueryFromSearchParams,
  tupleFromJson,
  tupleToQueryString,
} from "./wire.ts";

/**
 * Keto's write API (port 4467). Writes are validated against namespace names only, never against
 * OPL relations or types, exactly like v26.2.0.
 */
export function writeApi(state: KetoState): RoutedHandler {
  return router({
    ...systemRoutes(),
    "PUT /admin/relation-tuples": (req, res) => createRelationship(state, req, res),
    "DELETE /admin/relation-tuples": (req, res, url) => deleteRelationships(state, req, res, url),
    "PATCH /admin/relation-tuples": (req, res) => patchRelationships(state, req, res),
  });
}

async function createRelationship(state: KetoState, req: IncomingMessage, res: ServerResponse) {
  const tuple = tupleFromJson(await readJsonBody(req));
  state.assertKnownNamespaces(tuple);
  state.store.transact([tuple]);
  res.setHeader("Location", `/relation-tuples?${tupleToQueryString(tuple)}`);
  sendJson(res, 201, tuple);
}

const deleteQueryKeys = new Set([
  "namespace",
  "object",
  "relation",
  "subject_id",
  "subject_set.namespace",
  "subject_set.object",
  "subject_set.relation",
]);

/** A filter delete: everything matching the query goes, and 204 even when nothing matched. */
async function deleteRelationships(
  state: KetoState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  const params = url.searchParams;
  for (const key of params.keys()) {
    if (!deleteQueryKeys.has(key)) {
      throw new HttpError({ status: 400, reason: `query parameter key "${key}" unknown` });
    }
  }
  if (!params.has("namespace")) {
    throw new HttpError({
      status: 400,
      reason: "query parameters must specify at least one of the following: namespace",
    });
  }
  if ((await readBody(req)) !== "")
    throw new HttpError({ status: 400, reason: "body is not empty" });
  const query = relationQueryFromSearchParams(params);
  state.assertKnownNamespaces(query);
  state.store.deleteMatching(query);
  sendEmpty(res, 204);
}

/** All deltas are validated before any is applied, so a bad delta changes nothing. */
async function patchRelationships(state: KetoState, req: IncomingMessage, res: ServerResponse) {
  const body = await readJsonBody(req);
  if (!Array.isArray(body)) {
    throw new HttpError({
      status: 400,
      message: "could not unmarshal json: expected an array of patches",
    });
  }
  const inserts: RelationTuple[] = [];
  const deletes: RelationTuple[] = [];
  for (const entry of body) {
    const delta = asObject(entry, "relationship patch");
    if (delta.relation_tuple === undefined || delta.relation_tuple === null) {
      throw new HttpError({ status: 400, message: "relation_tuple is missing" });
    }
    const tuple = tupleFromJson(delta.relation_tuple);
    if (delta.action === "insert") inserts.push(tuple);
    else if (delta.action === "delete") deletes.push(tuple);
    else
      throw new HttpError({ status: 400, message: `unknown action ${String(delta.action ?? "")}` });
    state.assertKnownNamespaces(tuple);
  }
  state.store.transact(inserts, deletes);
  sendEmpty(res, 204);
}
