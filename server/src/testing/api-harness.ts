import { randomUUID } from "node:crypto";
import { startOryEmulator } from "@app/ory-emulator";
import { FrontendApi, IdentityApi, type Relationship, RelationshipApi } from "@ory/client-fetch";
import { type App, createApp } from "../app.ts";
import { oryConfiguration } from "../auth/ory.ts";
import { userSubject } from "../auth/vocabulary.ts";
import { loadConfig } from "../config.ts";
import { type Database, openPglite, openPostgres } from "../db/client.ts";
import { createTestDatabase } from "../db/test-database.ts";
import { createLogger, type Logger } from "../log.ts";
import { createServices } from "../services.ts";

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
}

/** How a request proves who it is, as each kind of client does it. */
export type Auth = { token: string } | { bearer: string } | { cookie: string } | undefined;

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string } }[];
}

/**
 * The API wired as in production, on a fresh database, against the Ory
 * emulator on ephemeral ports; plus the few moves tests make as users.
 */
export async function startTestApi(
  options: {
    database?: "pg" | "pglite";
    env?: NodeJS.ProcessEnv;
    log?: Logger;
    /**
     * Ory as Ory Network serves it: one project URL (ORY_SDK_URL), whose admin and Keto
     * APIs require `requiredKey`; the API is configured with `sentKey` (ORY_API_KEY).
     */
    oryNetwork?: { requiredKey: string; sentKey: string };
    /** Another keto.yml (and so another permission model) for the emulator's Keto. */
    ketoConfig?: string;
  } = {},
) {
  const network = options.oryNetwork;
  const emulator = await startOryEmulator({
    ephemeralPorts: true,
    ...(options.ketoConfig ? { ketoConfig: options.ketoConfig } : {}),
    ...(network ? { apiKey: network.requiredKey, projectPort: 0 } : {}),
  });
  const config = loadConfig({
    LOG_LEVEL: "silent",
    NODE_ENV: "test",
    ...(network ? { ORY_SDK_URL: emulator.urls.project, ORY_API_KEY: network.sentKey } : {}),
    ...options.env,
  });
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const testDb = await createTestDatabase(options.database ?? "pglite");
  const db: Database =
    testDb.target.kind === "pg" ? openPostgres(testDb.target.url) : openPglite(testDb.target.db);
  // Ory settings in `env` (placeholders a production config needs) never replace the emulator.
  const ory = (network && config.ory) || emulator.urls;
  // The harness acts as the operator, so its own admin calls carry the key Ory expects.
  const operatorKey = network?.requiredKey;
  const build = (on: Database = db) => {
    const services = createServices({ config, log, db: on, ory });
    const app: App = createApp({
      ...services,
      config,
      health: { isAcceptingTraffic: () => true, isDatabaseReachable: () => on.isReachable() },
    });
    return { services, app };
  };
  let current = build();
  const identities = new IdentityApi(oryConfiguration(ory.kratosAdmin, 5_000, operatorKey));
  const frontend = new FrontendApi(oryConfiguration(ory.kratosPublic, 5_000));
  const relationships = new RelationshipApi(oryConfiguration(ory.ketoWrite, 5_000, operatorKey));
  const tupleReader = new RelationshipApi(oryConfiguration(ory.ketoRead, 5_000, operatorKey));

  /** Every tuple Keto holds (one page is plenty for a test's world). */
  async function listTuples(): Promise<Relationship[]> {
    const { relation_tuples } = await tupleReader.getRelationships({ pageSize: 500 });
    return relation_tuples ?? [];
  }

  const graphql = <T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    auth?: Auth,
  ) => graphqlOn<T>(current.app, query, variables, auth);

  async function graphqlOn<T = Record<string, unknown>>(
    app: App,
    query: string,
    variables: Record<string, unknown> = {},
    auth?: Auth,
  ): Promise<GraphQLResponse<T>> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (auth && "token" in auth) headers["x-session-token"] = auth.token;
    if (auth && "bearer" in auth) headers.authorization = `Bearer ${auth.bearer}`;
    if (auth && "cookie" in auth) headers.cookie = auth.cookie;
    const response = await app.fetch("http://api.test/graphql", {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  }

  /** A new identity in Kratos with a session token from a native login. */
  async function signUp(name = "Test User"): Promise<TestUser> {
    const email = `${randomUUID()}@example.test`;
    const password = `pw-${randomUUID()}`;
    const identity = await identities.createIdentity({
      createIdentityBody: {
        schema_id: "default",
        traits: { email, name },
        credentials: { password: { config: { password } } },
      },
    });
    return { id: identity.id, email, password, token: await login(email, password) };
  }

  /** A session token from Kratos's native login flow, as a mobile app or CLI gets one. */
  async function login(email: string, password: string): Promise<string> {
    const flow = await frontend.createNativeLoginFlow();
    const session = await frontend.updateLoginFlow({
      flow: flow.id,
      updateLoginFlowBody: { method: "password", identifier: email, password },
    });
    return session.session_token as string;
  }

  /** The `Cookie` header a browser holds after signing in through the browser flow. */
  async function browserCookie(user: TestUser): Promise<string> {
    const jar = new Map<string, string>();
    const remember = (response: Response) => {
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(";");
        const at = pair.indexOf("=");
        jar.set(pair.slice(0, at), pair.slice(at + 1));
      }
    };
    const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const start = await fetch(new URL("/self-service/login/browser", ory.kratosPublic), {
      headers: { accept: "application/json" },
    });
    remember(start);
    const flow = (await start.json()) as {
      id: string;
      ui: { nodes: { attributes: { name?: string; value?: unknown } }[] };
    };
    const csrf = flow.ui.nodes.find((node) => node.attributes.name === "csrf_token");
    const submit = await fetch(new URL(`/self-service/login?flow=${flow.id}`, ory.kratosPublic), {
      method: "POST",
      headers: {
        accept: "application/json",
        "content-type": "application/json",
        cookie: cookieHeader(),
      },
      body: JSON.stringify({
        method: "password",
        identifier: user.email,
        password: user.password,
        csrf_token: csrf?.attributes.value,
      }),
    });
    if (submit.status !== 200) throw new Error(`browser login failed: ${submit.status}`);
    remember(submit);
    return cookieHeader();
  }

  function asSubject(userId: string) {
    return { subject_set: userSubject(userId) };
  }

  async function grant(tuple: Omit<Relationship, "subject_id" | "subject_set">, userId: string) {
    await relationships.createRelationship({
      createRelationshipBody: { ...tuple, ...asSubject(userId) },
    });
  }

  /** Like a process restart: the old app and its dispatcher stop, a new one boots on the same data. */
  async function restart() {
    await current.app.dispose();
    await current.services.outbox.stop();
    current = build();
    current.services.outbox.start();
  }

  /**
   * A second API process on the same PostgreSQL database and Ory, with its own
   * connection pool, dispatcher and caches: what another replica would answer.
   */
  async function startReplica() {
    if (testDb.target.kind !== "pg") throw new Error("a replica needs a PostgreSQL test database");
    const replicaDb = openPostgres(testDb.target.url);
    const replica = build(replicaDb);
    return {
      graphql: <T = Record<string, unknown>>(
        query: string,
        variables: Record<string, unknown> = {},
        auth?: Auth,
      ) => graphqlOn<T>(replica.app, query, variables, auth),
      async close() {
        await replica.app.dispose();
        await replica.services.outbox.stop();
        await replicaDb.close();
      },
    };
  }

  return {
    get app() {
      return current.app;
    },
    get services() {
      return current.services;
    },
    restart,
    startReplica,
    db,
    emulator,
    graphql,
    signUp,
    login,
    browserCookie,
    grant,
    relationships,
    listTuples,
    async close() {
      await current.app.dispose();
      await current.services.outbox.stop();
      await db.close();
      await testDb.drop();
      await emulator.close();
    },
  };
}

export type TestApi = Awaited<ReturnType<typeof startTestApi>>;
