import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { OryEmulator } from "../src/index.ts";
import { parseTupleString, type RelationTuple } from "../src/keto/relation-tuple.ts";
import { type KetoSetup, oryReferenceDir, request, startKeto, withQuery } from "./support.ts";

/**
 * Every scenario of Keto's check vectors (ory/reference), through the HTTP API: write the tuples, then
 * ask the mirror-status check, the /openapi check and a batch check. The format is described in
 * REFERENCE.md §3; `expected` is always Keto v26.2.0's answer.
 */
interface Vector {
  id: number;
  name: string;
  opl: string | null;
  legacy_namespaces?: string[];
  config: { strict_mode: boolean; max_read_depth: number; max_read_width: number };
  tuples: string[];
  check: {
    namespace: string | null;
    object: string | null;
    relation: string | null;
    subject_id?: string;
    subject_set?: { namespace: string; object: string; relation: string };
    max_depth?: number | string;
    raw_query?: Record<string, string>;
  };
  expected: boolean | "error:bad_request";
  expected_detail?: { status?: number; body_contains?: string; reason?: string; message?: string };
}

const vectors: Vector[] = JSON.parse(
  readFileSync(join(oryReferenceDir, "keto-check-vectors.json"), "utf8"),
);

/**
 * Engine-level vectors marked `legacy_namespaces: []` ran without any namespace config; over
 * HTTP an unknown namespace is denied, so they get the namespaces their tuples use.
 */
function setupOf(vector: Vector): KetoSetup {
  const legacy = vector.legacy_namespaces ?? [];
  const namespacesOfTuples = [
    ...new Set(
      [...vector.tuples.map(parseTupleString), vector.check].flatMap((tuple) => [
        tuple.namespace ?? "",
        ...(tuple.subject_set ? [tuple.subject_set.namespace] : []),
      ]),
    ),
  ];
  return {
    ...(vector.opl !== null
      ? { opl: vector.opl }
      : { legacyNamespaces: legacy.length > 0 ? legacy : namespacesOfTuples }),
    strictMode: vector.config.strict_mode,
    limit: {
      max_read_depth: vector.config.max_read_depth,
      max_read_width: vector.config.max_read_width,
    },
  };
}

/** Vectors that need the same server configuration share one emulator. */
const groups = new Map<string, Vector[]>();
for (const vector of vectors) {
  const key = JSON.stringify(setupOf(vector));
  groups.set(key, [...(groups.get(key) ?? []), vector]);
}

const running: OryEmulator[] = [];
afterAll(async () => {
  for (const emulator of running) await emulator.close();
});

function checkQuery(check: Vector["check"]): Record<string, string | undefined> {
  const maxDepth = check.max_depth === undefined ? undefined : String(check.max_depth);
  if (check.raw_query) return { ...check.raw_query, "max-depth": maxDepth };
  return {
    namespace: check.namespace ?? undefined,
    object: check.object ?? undefined,
    relation: check.relation ?? undefined,
    subject_id: check.subject_id,
    "subject_set.namespace": check.subject_set?.namespace,
    "subject_set.object": check.subject_set?.object,
    "subject_set.relation": check.subject_set?.relation,
    "max-depth": maxDepth,
  };
}

function checkBody(check: Vector["check"]): RelationTuple {
  return {
    namespace: check.namespace ?? "",
    object: check.object ?? "",
    relation: check.relation ?? "",
    ...(check.subject_id !== undefined ? { subject_id: check.subject_id } : {}),
    ...(check.subject_set ? { subject_set: check.subject_set } : {}),
  };
}

async function resetTuples(emulator: OryEmulator) {
  const { body } = await request("GET", withQuery(emulator.urls.ketoRead, "/namespaces", {}));
  for (const { name } of body.namespaces) {
    const deleted = await request(
      "DELETE",
      withQuery(emulator.urls.ketoWrite, "/admin/relation-tuples", { namespace: name }),
    );
    expect(deleted.status).toBe(204);
  }
}

for (const [key, members] of groups) {
  describe(`check vectors with ${members.length > 1 ? "config" : "config of"} #${members[0].id}`, () => {
    let emulator: OryEmulator;

    it.each(members.map((vector) => [`${vector.id}: ${vector.name}`, vector] as const))(
      "%s",
      async (_, vector) => {
        if (!emulator) {
          emulator = await startKeto(JSON.parse(key));
          running.push(emulator);
        }
        const { ketoRead, ketoWrite } = emulator.urls;
        await resetTuples(emulator);
        if (vector.tuples.length > 0) {
          const patch = vector.tuples.map((tuple) => ({
            action: "insert",
            relation_tuple: parseTupleString(tuple),
          }));
          expect((await request("PATCH", `${ketoWrite}admin/relation-tuples`, patch)).status).toBe(
            204,
          );
        }

        const query = checkQuery(vector.check);
        const mirrored = await request("GET", withQuery(ketoRead, "/relation-tuples/check", query));
        const openapi = await request(
          "GET",
          withQuery(ketoRead, "/relation-tuples/check/openapi", query),
        );

        if (vector.expected === "error:bad_request") {
          for (const response of [mirrored, openapi]) {
            expect(response.status).toBe(400);
            const text = JSON.stringify(response.body);
            if (vector.expected_detail?.body_contains)
              expect(text).toContain(vector.expected_detail.body_contains);
            if (vector.expected_detail?.reason)
              expect(response.body.error.reason).toBe(vector.expected_detail.reason);
            if (vector.expected_detail?.message)
              expect(response.body.error.message).toBe(vector.expected_detail.message);
          }
          return;
        }

        expect(mirrored.status).toBe(vector.expected ? 200 : 403);
        expect(mirrored.body).toEqual({ allowed: vector.expected });
        expect(openapi.status).toBe(200);
        expect(openapi.body).toEqual({ allowed: vector.expected });

        const maxDepth = query["max-depth"] ? `?max-depth=${query["max-depth"]}` : "";
        const posted = await request(
          "POST",
          `${ketoRead}relation-tuples/check/openapi${maxDepth}`,
          checkBody(vector.check),
        );
        expect(posted.body).toEqual({ allowed: vector.expected });
        const batch = await request("POST", `${ketoRead}relation-tuples/batch/check${maxDepth}`, {
          tuples: [checkBody(vector.check)],
        });
        expect(batch.status).toBe(200);
        expect(batch.body.results).toHaveLength(1);
        expect(batch.body.results[0].allowed).toBe(vector.expected);
      },
    );
  });
}

describe("HTTP-validation vectors on the batch endpoint", () => {
  it("rejects a non-integer max-depth on batch check too (vector 41)", async () => {
    const emulator = await startKeto({ legacyNamespaces: ["check handler"] });
    running.push(emulator);
    const response = await request(
      "POST",
      `${emulator.urls.ketoRead}relation-tuples/batch/check?max-depth=foo`,
      {
        tuples: [],
      },
    );
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain("invalid syntax");
  });
});
