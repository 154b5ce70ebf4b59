import { describe, expect, it } from "vitest";
import { repoRoot } from "./config.ts";
import { startTestApi } from "./testing/api-harness.ts";
import { productionPlaceholders } from "./testing/production-env.ts";

/**
 * A real unexpected error: the table under `projects` is dropped while the
 * app runs, so Prisma fails with its own text, paths and stack frames.
 */
async function unexpectedErrorUnder(env: NodeJS.ProcessEnv) {
  const api = await startTestApi({ env });
  try {
    const user = await api.signUp("Unlucky");
    // Production runs others' operation text only for integrators; they get masked errors too.
    await api.grant({ namespace: "App", object: "graphiql", relation: "integrators" }, user.id);
    await api.db.prisma.$executeRawUnsafe('DROP TABLE "Project" CASCADE');
    const response = await api.app.fetch("http://api.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", "x-session-token": user.token },
      body: JSON.stringify({ query: "{ projects { edges { node { id } } } }" }),
    });
    return await response.text();
  } finally {
    await api.close();
  }
}

describe("unexpected errors", () => {
  it.each([
    ["unset", ""],
    ["production", "production"],
    ["test", "test"],
  ])("are masked with NODE_ENV %s", async (_label, nodeEnv) => {
    const body = await unexpectedErrorUnder({
      NODE_ENV: nodeEnv,
      ...productionPlaceholders,
    });
    expect(JSON.parse(body).errors).toEqual([
      {
        message: "Unexpected error.",
        locations: [{ line: 1, column: 3 }],
        path: ["projects"],
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      },
    ]);
    for (const internal of [repoRoot, "prisma", "Prisma", "does not exist", "    at "]) {
      expect(body).not.toContain(internal);
    }
  });

  it("carry their cause only when NODE_ENV=development is set explicitly", async () => {
    const body = await unexpectedErrorUnder({ NODE_ENV: "development" });
    const [error] = JSON.parse(body).errors;
    expect(error.extensions.code).toBe("INTERNAL_SERVER_ERROR");
    expect(error.extensions.originalError.message).toContain("does not exist");
  });
});
