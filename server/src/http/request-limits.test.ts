import { randomUUID } from "node:crypto";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestLimits } from "../limits.ts";
import { startTestApi, type TestApi, type TestUser } from "../testing/api-harness.ts";
import { create, mutate } from "../testing/domain-client.ts";

/**
 * Requests built to exhaust the server are refused with their documented
 * code, over real sockets, while the event loop keeps answering /health/alive.
 * A limit that walked fragments once per path would take minutes over the
 * 24-level chain (2^24 paths): the test would fail by its own timeout.
 */
let api: TestApi;
let server: Server;
let base: string;
let owner: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  server = createServer(api.app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  owner = await api.signUp("Owner");
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await api?.close();
});

/** What the browser client sends: with this media type, refusals keep their HTTP status. */
const json = {
  "content-type": "application/json",
  accept: "application/graphql-response+json, application/json",
};
const post = (query: string, variables: Record<string, unknown> = {}) =>
  fetch(`${base}/graphql`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ query, variables }),
  });
const repeat = (count: number, make: (index: number) => string) =>
  Array.from({ length: count }, (_, index) => make(index)).join(" ");

/** Each level spreads both fragments of the next: 2^levels paths through 2·levels fragments. */
const fragmentChain = (levels: number) =>
  `{ ...A0 } ${repeat(
    levels,
    (i) =>
      `fragment A${i} on Query { ...A${i + 1} ...B${i + 1} } fragment B${i} on Query { ...A${i + 1} ...B${i + 1} }`,
  )} fragment A${levels} on Query { __typename } fragment B${levels} on Query { __typename }`;

/**
 * Sends `{"query": …` followed by `chunks` chunks, chunked (no Content-Length), on a
 * connection of its own: a refused upload leaves its socket unusable for the next request.
 */
function streamWithoutLength(chunks: number, chunk: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${base}/graphql`, { method: "POST", headers: json, agent: false });
    request.on("error", reject);
    request.on("response", async (response) => {
      const parts: Buffer[] = [];
      for await (const part of response) parts.push(part as Buffer);
      request.destroy();
      resolve(new Response(Buffer.concat(parts), { status: response.statusCode }));
    });
    request.write('{"query":"{ __typename }"');
    const writeMore = (left: number) => {
      if (left === 0 || request.destroyed) return request.end();
      request.write(chunk, () => writeMore(left - 1));
    };
    writeMore(chunks);
  });
}

const projectsAndDocuments =
  "projects(first: 100) { edges { node { documents(first: 100) { edges { node { id body } } } } } }";

/** Name, request, HTTP status, `extensions.code`, and what the message says was too much. */
const hostile: [string, () => Promise<Response>, number, string, RegExp][] = [
  [
    "a fragment chain 40 levels deep",
    () => post(fragmentChain(40)),
    400,
    "QUERY_TOO_COMPLEX",
    /Token limit of 500/,
  ],
  // Within the token limit, so it reaches validation: 2^24 paths, 50 fragments.
  [
    "a fragment chain 24 levels deep",
    () => post(fragmentChain(24)),
    400,
    "QUERY_TOO_COMPLEX",
    /estimated cost 16777216 exceeds the limit of 5000/,
  ],
  [
    "the same chain in a GET URL",
    () =>
      fetch(`${base}/graphql?query=${encodeURIComponent(fragmentChain(24))}`, {
        headers: { accept: json.accept },
      }),
    400,
    "QUERY_TOO_COMPLEX",
    /estimated cost 16777216 exceeds/,
  ],
  [
    "fields nested 80 deep through fragments",
    () =>
      post(
        `{ project(id: "x") { ...P0 } } ${repeat(
          20,
          (i) =>
            `fragment P${i} on Project { documents { edges { node { project { ...P${i + 1} } } } } }`,
        )} fragment P20 on Project { id }`,
      ),
    400,
    "QUERY_TOO_COMPLEX",
    /depth limit of 12 exceeded, found 8\d/,
  ],
  [
    "one fragment spread 2,000 times",
    () => post(`{ ${repeat(2_000, () => "...F")} } fragment F on Query { viewer { id } }`),
    400,
    "QUERY_TOO_COMPLEX",
    /Token limit of 500/,
  ],
  [
    "one costly fragment spread 200 times",
    () => post(`{ ${repeat(200, () => "...F")} } fragment F on Query { ${projectsAndDocuments} }`),
    400,
    "QUERY_TOO_COMPLEX",
    /estimated cost \d+ exceeds the limit of 5000/,
  ],
  [
    "the same field 200 times",
    () => post(`{ ${repeat(200, () => "viewer { id }")} }`),
    400,
    "QUERY_TOO_COMPLEX",
    /Token limit of 500/,
  ],
  [
    "1,000 aliases of projects and their documents",
    () => post(`{ ${repeat(1_000, (i) => `a${i}: ${projectsAndDocuments}`)} }`),
    400,
    "QUERY_TOO_COMPLEX",
    /Token limit of 500/,
  ],
  [
    "10 aliases of projects and their documents",
    () => post(`{ ${repeat(10, (i) => `a${i}: ${projectsAndDocuments}`)} }`),
    400,
    "QUERY_TOO_COMPLEX",
    /estimated cost \d+ exceeds the limit of 5000/,
  ],
  [
    "40 aliases of one cheap field",
    () => post(`{ ${repeat(40, (i) => `a${i}: viewer { id }`)} }`),
    400,
    "QUERY_TOO_COMPLEX",
    /Aliases limit of 30 exceeded, found 40/,
  ],
  [
    "26 directives",
    () => post(`{ ${repeat(26, () => "__typename @include(if: true)")} }`),
    400,
    "QUERY_TOO_COMPLEX",
    /Directives limit of 25 exceeded, found 26/,
  ],
  [
    "introspection lists nested three deep",
    () =>
      post("{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"),
    400,
    "GRAPHQL_VALIDATION_FAILED",
    /Maximum introspection depth exceeded/,
  ],
  [
    "introspection type references 30 deep",
    () => post(`{ __type(name: "Query") { ${"ofType { ".repeat(30)}name${" }".repeat(30)} } }`),
    400,
    "QUERY_TOO_COMPLEX",
    /depth limit of 12 exceeded/,
  ],
  [
    "a 2 MB string literal",
    () => post(`{ project(id: "${"x".repeat(2_000_000)}") { id } }`),
    413,
    "REQUEST_ENTITY_TOO_LARGE",
    /Request body too large/,
  ],
  [
    "a 2 MB body streamed without a Content-Length",
    () => streamWithoutLength(32, " ".repeat(64 * 1024)),
    413,
    "REQUEST_ENTITY_TOO_LARGE",
    /Request body too large/,
  ],
  [
    "a batch of operations",
    () =>
      fetch(`${base}/graphql`, {
        method: "POST",
        headers: json,
        body: JSON.stringify(Array.from({ length: 50 }, () => ({ query: "{ __typename }" }))),
      }),
    400,
    "BAD_REQUEST",
    /[Bb]atch/,
  ],
  [
    "nodes with 5,000 ids",
    () =>
      post("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {
        ids: Array.from({ length: 5_000 }, () => encodeGlobalID("Project", randomUUID())),
      }),
    400,
    "BAD_USER_INPUT",
    /nodes takes at most 100 ids/,
  ],
];

describe("hostile requests", () => {
  it.each(hostile)(
    "%s are refused while /health/alive answers",
    async (_name, send, status, code) => {
      const [refused, alive] = await Promise.all([send(), fetch(`${base}/health/alive`)]);
      expect([alive.status, await alive.json()]).toEqual([200, { status: "ok" }]);
      const body = (await refused.json()) as {
        data?: unknown;
        errors: { message: string; extensions: { code: string } }[];
      };
      expect({ status: refused.status, code: body.errors[0].extensions.code }).toEqual({
        status,
        code,
      });
      expect(body.data ?? null).toBeNull();
    },
  );
});

describe("legitimate requests at the limits", () => {
  it("nodes answers up to the id limit", async () => {
    const projectId = await create(
      api,
      "createProject",
      { name: "Listed" },
      { token: owner.token },
    );
    const ids = [
      projectId,
      ...Array.from({ length: requestLimits.maxNodeIds - 1 }, () =>
        encodeGlobalID("Project", randomUUID()),
      ),
    ];
    const answer = await api.graphql<{ nodes: ({ id: string } | null)[] }>(
      "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
      { ids },
      { token: owner.token },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.nodes[0]).toEqual({ id: projectId });
    expect(answer.data?.nodes.filter(Boolean)).toHaveLength(1);
    const over = await api.graphql(
      "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
      { ids: [...ids, projectId] },
      { token: owner.token },
    );
    expect(over.errors?.[0].message).toBe(
      `nodes takes at most ${requestLimits.maxNodeIds} ids; ask in several requests.`,
    );
  });

  it("the largest document body, every character escaped in JSON, fits the body limit", async () => {
    const projectId = await create(api, "createProject", { name: "Long" }, { token: owner.token });
    const id = await create(
      api,
      "createDocument",
      { projectId, title: "Long" },
      { token: owner.token },
    );
    // JSON escapes control characters as \u00XX: six bytes for each of 100,000 characters.
    const body = `a${"\u0001".repeat(99_998)}z`;
    expect(JSON.stringify(body).length).toBeGreaterThan(599_000);
    const result = await mutate(
      api,
      "updateDocument",
      { id, title: "T".repeat(200), body },
      { token: owner.token },
    );
    expect(result.outcome).toBe("ok");
    const stored = await api.db.prisma.document.findFirstOrThrow({
      where: { title: "T".repeat(200) },
    });
    expect(stored.body).toBe(body);
  });
});
