import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { OryEmulator } from "../src/index.ts";
import { openApiContract } from "./openapi-contract.ts";
import { type JsonResponse, request, startKeto, startProductKeto, withQuery } from "./support.ts";

/**
 * Every Keto endpoint the emulator serves, success and error cases, checked against the official
 * Keto v26.2.0 OpenAPI document and against the statuses and texts Keto answers.
 */
const contract = openApiContract("keto-v26.2.0.json");

let emulator: OryEmulator;
let read: string;
let write: string;

beforeAll(async () => {
  emulator = await startProductKeto();
  read = emulator.urls.ketoRead;
  write = emulator.urls.ketoWrite;
});
afterAll(() => emulator.close());

const alice = { namespace: "User", object: "alice", relation: "" };
const readers = { namespace: "App", object: "homepage", relation: "readers" };
const aliceCanRead = { namespace: "App", object: "homepage", relation: "read", subject_set: alice };
const aliceQuery = {
  namespace: "App",
  object: "homepage",
  relation: "read",
  "subject_set.namespace": "User",
  "subject_set.object": "alice",
  "subject_set.relation": "",
};

async function call(
  method: string,
  base: string,
  path: string,
  options: { query?: Record<string, string>; body?: unknown; raw?: string } = {},
) {
  const response = await request(method, withQuery(base, path, options.query ?? {}), options.body, {
    raw: options.raw,
  });
  contract.expectValid(method, path, response);
  return response;
}

function expectError(
  response: JsonResponse,
  status: number,
  text: { message?: string; reason?: string },
) {
  expect(response.status).toBe(status);
  if (text.message !== undefined) expect(response.body.error.message).toBe(text.message);
  if (text.reason !== undefined) expect(response.body.error.reason).toBe(text.reason);
}

async function clearTuples() {
  for (const namespace of ["App", "Group", "Project", "Document", "User"]) {
    await request("DELETE", withQuery(write, "/admin/relation-tuples", { namespace }));
  }
}

beforeEach(clearTuples);

describe("write API", () => {
  it("PUT creates a tuple: 201, the tuple as body, Location to list it", async () => {
    const response = await call("PUT", write, "/admin/relation-tuples", {
      body: { ...readers, subject_set: alice },
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ ...readers, subject_set: alice });
    expect(response.headers.get("location")).toBe(
      "/relation-tuples?namespace=App&object=homepage&relation=readers&subject_set.namespace=User&subject_set.object=alice&subject_set.relation=",
    );
  });

  it("PUT rejects a tuple without subject (400) and an unknown namespace (404)", async () => {
    expectError(await call("PUT", write, "/admin/relation-tuples", { body: readers }), 400, {
      message: "subject is not allowed to be nil",
    });
    expectError(await call("PUT", write, "/admin/relation-tuples", { raw: "{" }), 400, {});
    expectError(
      await call("PUT", write, "/admin/relation-tuples", {
        body: { ...readers, namespace: "Nope", subject_id: "x" },
      }),
      404,
      { reason: 'Unknown namespace with name "Nope".' },
    );
    expectError(
      await call("PUT", write, "/admin/relation-tuples", {
        body: { ...readers, subject_set: { ...alice, namespace: "Nope" } },
      }),
      404,
      { reason: 'Unknown namespace with name "Nope".' },
    );
  });

  it("DELETE removes every match (also duplicates) and answers 204 when nothing matched", async () => {
    await request("PUT", `${write}admin/relation-tuples`, { ...readers, subject_set: alice });
    await request("PUT", `${write}admin/relation-tuples`, { ...readers, subject_set: alice });
    await request("PUT", `${write}admin/relation-tuples`, { ...readers, subject_id: "bob" });
    const query = {
      namespace: "App",
      object: "homepage",
      relation: "readers",
      "subject_set.namespace": "User",
      "subject_set.object": "alice",
      "subject_set.relation": "",
    };
    expect((await call("DELETE", write, "/admin/relation-tuples", { query })).status).toBe(204);
    expect((await call("DELETE", write, "/admin/relation-tuples", { query })).status).toBe(204);
    const left = await request("GET", withQuery(read, "/relation-tuples", { namespace: "App" }));
    expect(left.body.relation_tuples).toEqual([{ ...readers, subject_id: "bob" }]);
  });

  it("DELETE validates its query like Keto", async () => {
    expectError(
      await call("DELETE", write, "/admin/relation-tuples", { query: { object: "homepage" } }),
      400,
      {
        reason: "query parameters must specify at least one of the following: namespace",
      },
    );
    expectError(
      await call("DELETE", write, "/admin/relation-tuples", {
        query: { namespace: "App", page_size: "1" },
      }),
      400,
      {
        reason: 'query parameter key "page_size" unknown',
      },
    );
    expectError(
      await call("DELETE", write, "/admin/relation-tuples", {
        query: { namespace: "App" },
        raw: "{}",
      }),
      400,
      {
        reason: "body is not empty",
      },
    );
    expectError(
      await call("DELETE", write, "/admin/relation-tuples", { query: { namespace: "Nope" } }),
      404,
      {
        reason: 'Unknown namespace with name "Nope".',
      },
    );
  });

  it("PATCH applies inserts and deletes together, or nothing at all", async () => {
    const insert = (subject_id: string) => ({
      action: "insert",
      relation_tuple: { ...readers, subject_id },
    });
    expect(
      (await call("PATCH", write, "/admin/relation-tuples", { body: [insert("a"), insert("b")] }))
        .status,
    ).toBe(204);
    const patch = [
      { action: "delete", relation_tuple: { ...readers, subject_id: "a" } },
      insert("c"),
    ];
    expect((await call("PATCH", write, "/admin/relation-tuples", { body: patch })).status).toBe(
      204,
    );

    expectError(
      await call("PATCH", write, "/admin/relation-tuples", {
        body: [insert("d"), { action: "insert" }],
      }),
      400,
      {
        message: "relation_tuple is missing",
      },
    );
    expectError(
      await call("PATCH", write, "/admin/relation-tuples", {
        body: [{ action: "upsert", relation_tuple: { ...readers, subject_id: "e" } }],
      }),
      400,
      { message: "unknown action upsert" },
    );
    expectError(
      await call("PATCH", write, "/admin/relation-tuples", {
        body: [
          insert("f"),
          { action: "insert", relation_tuple: { ...readers, namespace: "Nope", subject_id: "x" } },
        ],
      }),
      404,
      { reason: 'Unknown namespace with name "Nope".' },
    );
    const listed = await request("GET", withQuery(read, "/relation-tuples", { namespace: "App" }));
    expect(
      listed.body.relation_tuples.map((tuple: { subject_id: string }) => tuple.subject_id),
    ).toEqual(["b", "c"]);
  });
});

describe("check", () => {
  beforeEach(async () => {
    await request("PUT", `${write}admin/relation-tuples`, { ...readers, subject_set: alice });
  });

  it("GET /relation-tuples/check mirrors the decision in the status: 200 or 403", async () => {
    const allowed = await call("GET", read, "/relation-tuples/check", { query: aliceQuery });
    expect([allowed.status, allowed.body]).toEqual([200, { allowed: true }]);
    const denied = await call("GET", read, "/relation-tuples/check", {
      query: { ...aliceQuery, "subject_set.object": "bob" },
    });
    expect([denied.status, denied.body]).toEqual([403, { allowed: false }]);
  });

  it("the /openapi twins always answer 200", async () => {
    const denied = await call("GET", read, "/relation-tuples/check/openapi", {
      query: { ...aliceQuery, "subject_set.object": "bob" },
    });
    expect([denied.status, denied.body]).toEqual([200, { allowed: false }]);
    const posted = await call("POST", read, "/relation-tuples/check/openapi", {
      body: aliceCanRead,
    });
    expect([posted.status, posted.body]).toEqual([200, { allowed: true }]);
    const postedDenied = await call("POST", read, "/relation-tuples/check", {
      body: { ...aliceCanRead, subject_id: "bob" },
    });
    expect([postedDenied.status, postedDenied.body]).toEqual([403, { allowed: false }]);
  });

  it("answers allowed:false for unknown namespaces instead of an error", async () => {
    const unknownObject = await call("GET", read, "/relation-tuples/check", {
      query: { ...aliceQuery, namespace: "Nope" },
    });
    expect([unknownObject.status, unknownObject.body]).toEqual([403, { allowed: false }]);
    const unknownSubject = await call("POST", read, "/relation-tuples/check/openapi", {
      body: { ...aliceCanRead, subject_set: { ...alice, namespace: "Nope" } },
    });
    expect(unknownSubject.body).toEqual({ allowed: false });
    // A POST body without namespace is namespace "" and simply denied.
    const noNamespace = await call("POST", read, "/relation-tuples/check", {
      body: { object: "homepage", relation: "read", subject_id: "x" },
    });
    expect(noNamespace.status).toBe(403);
  });

  it("rejects malformed checks with Keto's 400s", async () => {
    expectError(
      await call("GET", read, "/relation-tuples/check", {
        query: { ...aliceQuery, "max-depth": "foo" },
      }),
      400,
      {
        message: `unable to parse 'max-depth' query parameter to int: strconv.Atoi: parsing "foo": invalid syntax`,
      },
    );
    const { "subject_set.relation": _, ...incomplete } = aliceQuery;
    expectError(
      await call("GET", read, "/relation-tuples/check/openapi", { query: incomplete }),
      400,
      {
        message: 'incomplete subject, provide "subject_id" or a complete "subject_set.*"',
      },
    );
    expectError(
      await call("GET", read, "/relation-tuples/check", {
        query: { ...aliceQuery, subject_id: "bob" },
      }),
      400,
      {
        message: "exactly one of subject_set or subject_id has to be provided",
      },
    );
    expectError(
      await call("GET", read, "/relation-tuples/check", {
        query: { namespace: "App", subject_id: "bob" },
      }),
      400,
      {},
    );
    expectError(await call("POST", read, "/relation-tuples/check", { raw: "not json" }), 400, {});
    expectError(
      await call("POST", read, "/relation-tuples/check/openapi", { body: { namespace: "App" } }),
      400,
      {
        message: "subject is not allowed to be nil",
      },
    );
    expectError(
      await call("POST", read, "/relation-tuples/check/openapi", {
        body: { ...aliceCanRead, relation: "write" },
      }),
      400,
      {
        reason: 'relation "write" does not exist',
        message: "The request was malformed or contained invalid parameters",
      },
    );
  });

  it("batch check answers in input order, with per-item errors", async () => {
    const response = await call("POST", read, "/relation-tuples/batch/check", {
      body: {
        tuples: [
          aliceCanRead,
          { ...aliceCanRead, subject_set: { ...alice, object: "bob" } },
          { ...aliceCanRead, namespace: "Nope" },
          { ...aliceCanRead, relation: "write" },
        ],
      },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      results: [
        { allowed: true },
        { allowed: false },
        { allowed: false, error: "The requested resource could not be found" },
        { allowed: false, error: "The request was malformed or contained invalid parameters" },
      ],
    });
    expect(
      (await call("POST", read, "/relation-tuples/batch/check", { body: { tuples: [] } })).body,
    ).toEqual({ results: [] });
  });

  it("batch check rejects more tuples than limit.max_batch_check_size, and bad JSON", async () => {
    const tooMany = Array.from({ length: 101 }, () => aliceCanRead);
    expectError(
      await call("POST", read, "/relation-tuples/batch/check", { body: { tuples: tooMany } }),
      400,
      {
        message: "batch exceeds max size of 100",
      },
    );
    expectError(await call("POST", read, "/relation-tuples/batch/check", { raw: "[" }), 400, {});
  });

  it("honours a configured limit.max_batch_check_size", async () => {
    const small = await startKeto({ legacyNamespaces: ["n"], limit: { max_batch_check_size: 2 } });
    try {
      const tuple = { namespace: "n", object: "o", relation: "r", subject_id: "s" };
      const response = await request("POST", `${small.urls.ketoRead}relation-tuples/batch/check`, {
        tuples: [tuple, tuple, tuple],
      });
      expectError(response, 400, { message: "batch exceeds max size of 2" });
    } finally {
      await small.close();
    }
  });
});

describe("list relationships", () => {
  it("filters, pages with Keto's opaque tokens, and ends with an empty token", async () => {
    const patch = ["a", "b", "c"].map((subject_id) => ({
      action: "insert",
      relation_tuple: { ...readers, subject_id },
    }));
    patch.push({
      action: "insert",
      relation_tuple: { namespace: "Group", object: "g", relation: "members", subject_id: "a" },
    });
    await request("PATCH", `${write}admin/relation-tuples`, patch);

    const first = await call("GET", read, "/relation-tuples", {
      query: { namespace: "App", page_size: "2" },
    });
    expect(first.body.relation_tuples.map((t: { subject_id: string }) => t.subject_id)).toEqual([
      "a",
      "b",
    ]);
    expect(first.body.next_page_token).not.toBe("");
    const second = await call("GET", read, "/relation-tuples", {
      query: { namespace: "App", page_size: "2", page_token: first.body.next_page_token },
    });
    expect(second.body).toEqual({
      relation_tuples: [{ ...readers, subject_id: "c" }],
      next_page_token: "",
    });

    const bySubject = await call("GET", read, "/relation-tuples", { query: { subject_id: "a" } });
    expect(bySubject.body.relation_tuples).toHaveLength(2);
    const none = await call("GET", read, "/relation-tuples", { query: { namespace: "Project" } });
    expect(none.body).toEqual({ relation_tuples: [], next_page_token: "" });
  });

  it("answers 404 for an unknown namespace and 400 for bad paging input", async () => {
    expectError(
      await call("GET", read, "/relation-tuples", { query: { namespace: "Nope" } }),
      404,
      {
        reason: 'Unknown namespace with name "Nope".',
      },
    );
    expectError(
      await call("GET", read, "/relation-tuples", { query: { page_token: "garbage" } }),
      400,
      {},
    );
    expectError(
      await call("GET", read, "/relation-tuples", { query: { page_size: "ten" } }),
      400,
      {},
    );
  });
});

describe("expand", () => {
  it("builds the subject-set tree, with subject sets cut by depth as leaves", async () => {
    await request("PATCH", `${write}admin/relation-tuples`, [
      {
        action: "insert",
        relation_tuple: {
          ...readers,
          subject_set: { namespace: "Group", object: "staff", relation: "members" },
        },
      },
      {
        action: "insert",
        relation_tuple: {
          namespace: "Group",
          object: "staff",
          relation: "members",
          subject_set: alice,
        },
      },
      { action: "insert", relation_tuple: { ...readers, subject_id: "service" } },
    ]);
    const node = (type: string, subject: object, children?: object[]) => ({
      type,
      tuple: { namespace: "", object: "", relation: "", ...subject },
      ...(children ? { children } : {}),
    });
    const staff = { subject_set: { namespace: "Group", object: "staff", relation: "members" } };
    const tree = await call("GET", read, "/relation-tuples/expand", { query: { ...readers } });
    expect(tree.body).toEqual(
      node("union", { subject_set: readers }, [
        node("union", staff, [node("leaf", { subject_set: alice })]),
        node("leaf", { subject_id: "service" }),
      ]),
    );
    const shallow = await call("GET", read, "/relation-tuples/expand", {
      query: { ...readers, "max-depth": "2" },
    });
    expect(shallow.body.children[0]).toEqual(node("leaf", staff));
  });

  it("answers 404 for an unknown namespace and 400 for a bad max-depth", async () => {
    expectError(
      await call("GET", read, "/relation-tuples/expand", {
        query: { ...readers, namespace: "Nope" },
      }),
      404,
      {},
    );
    expectError(
      await call("GET", read, "/relation-tuples/expand", {
        query: { ...readers, "max-depth": "x" },
      }),
      400,
      {},
    );
  });

  it("reproduces v26.2.0's 200 with a bare error object for a subject set without tuples", async () => {
    // Keto hands its not-found error to the success writer here. The spec does not describe
    // this body, so it is asserted literally instead of through the contract.
    const response = await request(
      "GET",
      withQuery(read, "/relation-tuples/expand", { ...readers }),
    );
    expect([response.status, response.body]).toEqual([
      200,
      { code: 404, status: "Not Found", message: "no relation tuple found" },
    ]);
  });
});

describe("namespaces, OPL syntax check, health and version", () => {
  it("lists the OPL classes", async () => {
    const response = await call("GET", read, "/namespaces");
    expect(response.body.namespaces.map((ns: { name: string }) => ns.name).sort()).toEqual([
      "App",
      "Document",
      "Group",
      "Project",
      "User",
    ]);
  });

  it("checks OPL text: no errors key when valid, positioned errors otherwise", async () => {
    const valid = await call("POST", read, "/opl/syntax/check", {
      raw: "class User implements Namespace {}",
    });
    expect(valid.body).toEqual({});
    const broken = await call("POST", read, "/opl/syntax/check", {
      raw: "class User implements Namespace {}\nclass Doc implements Namespace {\n  related: { owners: Person[] }\n}",
    });
    expect(broken.body).toEqual({
      errors: [
        {
          message: 'namespace "Person" was not declared',
          start: { Line: 3, column: 21 },
          end: { Line: 3, column: 27 },
        },
      ],
    });
    const unclosed = await call("POST", read, "/opl/syntax/check", { raw: "/* unclosed comment" });
    expect(unclosed.body.errors[0].message).toContain("unclosed comment");
  });

  it("answers health and version on both ports", async () => {
    for (const base of [read, write]) {
      expect((await call("GET", base, "/health/alive")).body).toEqual({ status: "ok" });
      expect((await call("GET", base, "/health/ready")).body).toEqual({ status: "ok" });
      expect((await call("GET", base, "/version")).body).toEqual({ version: "v26.2.0" });
    }
  });

  it("keeps read and write routes on their own ports", async () => {
    expect(
      (await request("PUT", `${read}admin/relation-tuples`, { ...readers, subject_id: "x" }))
        .status,
    ).toBe(404);
    expect(
      (await request("GET", withQuery(write, "/relation-tuples/check", aliceQuery))).status,
    ).toBe(404);
  });
});

describe("the contract check itself", () => {
  it("fails for bodies and statuses the spec does not allow", () => {
    const response = (status: number, body: unknown): JsonResponse => ({
      status,
      headers: new Headers({ "content-type": "application/json" }),
      body,
    });
    expect(() =>
      contract.expectValid("GET", "/relation-tuples/check", response(200, { allowed: "yes" })),
    ).toThrow();
    expect(() =>
      contract.expectValid(
        "GET",
        "/relation-tuples/check",
        response(200, { allowed: true, extra: 1 }),
      ),
    ).toThrow();
    expect(() =>
      contract.expectValid("GET", "/relation-tuples", response(404, { message: "flat" })),
    ).toThrow();
    expect(() =>
      contract.expectValid("DELETE", "/admin/relation-tuples", response(204, {})),
    ).toThrow();
  });
});
