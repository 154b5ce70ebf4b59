import { encodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi, type TestUser } from "../testing/api-harness.ts";
import { shortenMessage } from "./error-shape.ts";

let api: TestApi;
let user: TestUser;
const huge = "x".repeat(100_000);

beforeAll(async () => {
  api = await startTestApi();
  user = await api.signUp("Caller");
});
afterAll(() => api?.close());

type Errors = { errors?: { message: string; extensions?: { code?: string } }[] };

async function send(
  init: RequestInit & { path?: string },
): Promise<{ text: string; body: Errors }> {
  const response = await api.app.fetch(`http://api.test${init.path ?? "/graphql"}`, {
    ...init,
    headers: { "content-type": "application/json", "x-session-token": user.token, ...init.headers },
  });
  const text = await response.text();
  return { text, body: JSON.parse(text) as Errors };
}

const post = (query: string, variables: Record<string, unknown> = {}, extra: object = {}) =>
  send({ method: "POST", body: JSON.stringify({ query, variables, ...extra }) });

describe("every error in a response", () => {
  it.each([
    ["an object for ID!", "query($id: ID!) { node(id: $id) { id } }", { id: { a: 1 } }],
    [
      "an Int out of range",
      "query($n: Int) { projects(first: $n) { edges { cursor } } }",
      { n: 1e12 },
    ],
    [
      "a huge string for Int",
      "query($n: Int) { projects(first: $n) { edges { cursor } } }",
      { n: huge },
    ],
    ["a huge global id", "query($id: ID!) { node(id: $id) { id } }", { id: huge }],
    ["a huge id among nodes", "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", { ids: [huge] }],
    ["a malformed global id", "query($id: ID!) { node(id: $id) { id } }", { id: "not-an-id" }],
    [
      "a huge id inside a mutation input",
      "mutation($input: DeleteProjectInput!) { deleteProject(input: $input) { __typename } }",
      { input: { id: huge, extra: huge } },
    ],
  ])("is BAD_USER_INPUT with a short message for %s", async (_case, query, variables) => {
    const { text, body } = await post(query, variables);
    expect(body.errors?.length).toBeGreaterThan(0);
    for (const error of body.errors ?? []) {
      expect(error.extensions?.code).toBe("BAD_USER_INPUT");
      expect(error.message.length).toBeLessThanOrEqual(301);
    }
    expect(text).not.toContain("x".repeat(41));
  });

  it("keeps the codes graphql and Yoga give documents", async () => {
    expect((await post("query {")).body.errors?.[0].extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
    expect((await post("{ nope }")).body.errors?.[0].extensions?.code).toBe(
      "GRAPHQL_VALIDATION_FAILED",
    );
    const literal = await post(`{ node(id: "${huge}") { id } }`);
    expect(literal.text).not.toContain("x".repeat(41));
  });

  it.each([
    ["a body that is not JSON", { method: "POST", body: "{" }],
    ["a body without a query", { method: "POST", body: "{}" }],
    ["a mutation over GET", { method: "GET", path: "/graphql?query=mutation%7B__typename%7D" }],
    [
      "an unknown operation",
      { method: "POST", body: JSON.stringify({ query: "{ __typename }", operationName: huge }) },
    ],
  ])("has a code for %s", async (_case, init) => {
    const { text, body } = await send(init);
    expect(body.errors?.length).toBeGreaterThan(0);
    for (const error of body.errors ?? [])
      expect(error.extensions?.code).toEqual(expect.any(String));
    expect(text).not.toContain("x".repeat(41));
  });

  it("a well-formed id that names nothing is no error at all", async () => {
    const { body } = await post("query($id: ID!) { node(id: $id) { id } }", {
      id: encodeGlobalID("Project", crypto.randomUUID()),
    });
    expect(body).toEqual({ data: { node: null } });
  });
});

describe("shortenMessage", () => {
  it("keeps short messages as they are", () => {
    const message = 'Cannot query field "nope" on type "Query".';
    expect(shortenMessage(message)).toBe(message);
  });

  it("keeps a short prefix of long quoted values and long runs", () => {
    expect(shortenMessage(`got "${"a b ".repeat(30)}" here`)).toBe(
      `got "${"a b ".repeat(10)}…" here`,
    );
    expect(shortenMessage(`Invalid global ID: ${"z".repeat(50)}`)).toBe(
      `Invalid global ID: ${"z".repeat(40)}…`,
    );
  });

  it("caps a message made of many short pieces", () => {
    expect(shortenMessage("word ".repeat(200)).length).toBe(301);
  });
});

describe("HTTP status", () => {
  const ask = (query: string, token?: string, accept = "application/graphql-response+json") =>
    api.app.fetch("http://api.test/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept,
        ...(token ? { "x-session-token": token } : {}),
      },
      body: JSON.stringify({ query }),
    });

  it("is 200 for a response with data, however many fields were refused", async () => {
    // A newcomer may not read the welcome page: the field is refused, the rest answers.
    for (const accept of ["application/graphql-response+json", "application/json"]) {
      const response = await ask("{ viewer { email } homepage { title } }", user.token, accept);
      const body = (await response.json()) as {
        data: { viewer: { email: string }; homepage: null };
        errors: { extensions: { code: string } }[];
      };
      expect(response.status).toBe(200);
      expect(body.data).toEqual({ viewer: { email: user.email }, homepage: null });
      expect(body.errors.map((error) => error.extensions.code)).toEqual(["FORBIDDEN"]);
      expect(JSON.stringify(body)).not.toContain('"http"');
    }
  });

  it("keeps the errors' status when there is no data", async () => {
    const statuses: Record<string, number> = {};
    for (const accept of ["application/graphql-response+json", "application/json"]) {
      const response = await ask("{ projects(first: 1) { edges { cursor } } }", undefined, accept);
      const body = (await response.json()) as {
        data: null;
        errors: { extensions: { code: string } }[];
      };
      statuses[accept] = response.status;
      expect(body.data).toBeNull();
      expect(body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    }
    expect(statuses).toEqual({ "application/graphql-response+json": 401, "application/json": 401 });
  });
});
