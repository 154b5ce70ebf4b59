import type { IncomingMessage } from "node:http";
import { HttpError, readBody } from "../http.ts";
import type { RelationQuery, RelationTuple, Subject, SubjectSet } from "./relation-tuple.ts";

/**
 * Decoding of Keto's request formats (`ketoapi/enc_url_query.go`, the JSON mappers) with the
 * status codes and texts Keto answers for malformed input. Keto puts these texts in `message`.
 */

function badRequest(message?: string, reason?: string): HttpError {
  return new HttpError({ status: 400, message, reason });
}

const subjectSetKeys = [
  "subject_set.namespace",
  "subject_set.object",
  "subject_set.relation",
] as const;

/** `max-depth` from the query string; absent or empty means "use the global limit". */
export function maxDepthParameter(query: URLSearchParams): number | undefined {
  const value = query.get("max-depth");
  if (value === null || value === "") return undefined;
  if (!/^[+-]?\d+$/.test(value)) {
    throw badRequest(
      `unable to parse 'max-depth' query parameter to int: strconv.Atoi: parsing ${JSON.stringify(value)}: invalid syntax`,
    );
  }
  return Number.parseInt(value, 10);
}

/**
 * The subject of a query string. Presence of a key is what counts: a user subject set still
 * needs `subject_set.relation=` with an empty value (github.com/ory/keto/issues/1124).
 */
export function subjectFromSearchParams(query: URLSearchParams): Subject | undefined {
  if (query.has("subject")) {
    // Keto explains this only in the (hidden) debug field; the message is the generic one.
    throw badRequest();
  }
  const present = subjectSetKeys.filter((key) => query.has(key));
  if (query.has("subject_id") && present.length > 0) {
    throw badRequest("exactly one of subject_set or subject_id has to be provided");
  }
  if (query.has("subject_id")) return { subject_id: query.get("subject_id") ?? "" };
  if (present.length === subjectSetKeys.length) {
    return {
      subject_set: {
        namespace: query.get("subject_set.namespace") ?? "",
        object: query.get("subject_set.object") ?? "",
        relation: query.get("subject_set.relation") ?? "",
      },
    };
  }
  if (present.length > 0) {
    throw badRequest('incomplete subject, provide "subject_id" or a complete "subject_set.*"');
  }
  return undefined;
}

/** A complete tuple from a query string (GET check): every field and a subject are required. */
export function tupleFromSearchParams(query: URLSearchParams): RelationTuple {
  const subject = subjectFromSearchParams(query);
  if (!subject) throw badRequest("subject is not allowed to be nil");
  const [namespace, object, relation] = ["namespace", "object", "relation"].map((key) =>
    query.get(key),
  );
  if (namespace === null || object === null || relation === null) {
    throw badRequest('incomplete tuple, provide "namespace", "object", "relation" and a subject');
  }
  return { namespace, object, relation, ...subject };
}

/** A filter from a query string (list, delete): every field is optional. */
export function relationQueryFromSearchParams(query: URLSearchParams): RelationQuery {
  const result: RelationQuery = {};
  for (const key of ["namespace", "object", "relation"] as const) {
    const value = query.get(key);
    if (value !== null) result[key] = value;
  }
  return { ...result, ...subjectFromSearchParams(query) };
}

/** Parses a JSON request body the way Go's decoder fails on it. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (text.trim() === "") throw badRequest("could not unmarshal json: EOF");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`could not unmarshal json: ${(error as Error).message}`);
  }
}

/**
 * A tuple from JSON. Missing fields are empty strings (a POST check without `namespace` is simply
 * denied), `subject_id` wins over `subject_set`, and a subject set without `relation` has the
 * empty relation (how Keto's own example tuples write users).
 */
export function tupleFromJson(value: unknown): RelationTuple {
  const body = asObject(value, "relation tuple");
  const namespace = stringField(body, "namespace");
  const object = stringField(body, "object");
  const relation = stringField(body, "relation");
  if (body.subject_id !== undefined && body.subject_id !== null) {
    return { namespace, object, relation, subject_id: stringField(body, "subject_id") };
  }
  if (body.subject_set !== undefined && body.subject_set !== null) {
    const set = asObject(body.subject_set, "subject_set");
    const subject_set: SubjectSet = {
      namespace: stringField(set, "namespace"),
      object: stringField(set, "object"),
      relation: stringField(set, "relation"),
    };
    return { namespace, object, relation, subject_set };
  }
  throw badRequest("subject is not allowed to be nil");
}

export function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest(`could not unmarshal json: expected ${what} to be a JSON object`);
  }
  return value as Record<string, unknown>;
}

function stringField(object: Record<string, unknown>, key: string): string {
  const value = object[key];
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") {
    throw badRequest(
      `could not unmarshal json: field "${key}" must be a string, got ${typeof value}`,
    );
  }
  return value;
}

/** A tuple as a query string, as Keto writes it into the Location header after a create. */
export function tupleToQueryString(tuple: RelationTuple): string {
  const query = new URLSearchParams({
    namespace: tuple.namespace,
    object: tuple.object,
    relation: tuple.relation,
  });
  if (tuple.subject_id !== undefined) query.set("subject_id", tuple.subject_id);
  if (tuple.subject_set) {
    query.set("subject_set.namespace", tuple.subject_set.namespace);
    query.set("subject_set.object", tuple.subject_set.object);
    query.set("subject_set.relation", tuple.subject_set.relation);
  }
  return query.toString();
}
