import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { type OryEmulator, startOryEmulator } from "@app/ory-emulator";
import { IdentityApi, PermissionApi } from "@ory/client-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oryConfiguration } from "../auth/ory.ts";
import { repoRoot } from "../config.ts";
import { runAccessCommand } from "./access-command.ts";

/** `npm run access` against the emulator: Kratos finds the person, Keto holds the result. */
let emulator: OryEmulator;
let alice: { id: string; email: string };

beforeAll(async () => {
  emulator = await startOryEmulator({ ephemeralPorts: true });
  const identities = new IdentityApi(oryConfiguration(emulator.urls.kratosAdmin, 5_000));
  const identity = await identities.createIdentity({
    createIdentityBody: {
      schema_id: "default",
      traits: { email: "first.admin@example.test", name: "First Admin" },
    },
  });
  alice = { id: identity.id, email: "first.admin@example.test" };
});
afterAll(() => emulator?.close());

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAccessCommand(args, emulator.urls, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out, err };
}

async function allowed(object: string, relation: string): Promise<boolean> {
  const permissions = new PermissionApi(oryConfiguration(emulator.urls.ketoRead, 5_000));
  const answer = await permissions.checkPermission({
    namespace: "App",
    object,
    relation,
    subjectSetNamespace: "User",
    subjectSetObject: alice.id,
    subjectSetRelation: "",
  });
  return answer.allowed;
}

describe("npm run access", () => {
  it("makes the first administrator of both App objects, and takes it back", async () => {
    const granted = await run("grant", "First.Admin@example.test", "admin");
    expect(granted).toMatchObject({ code: 0, err: [] });
    expect(granted.out).toEqual([
      `granted: App:homepage#admins for ${alice.email} (User:${alice.id})`,
      `granted: App:graphiql#admins for ${alice.email} (User:${alice.id})`,
    ]);
    expect(await allowed("homepage", "administer")).toBe(true);
    expect(await allowed("graphiql", "administer")).toBe(true);
    expect(await allowed("homepage", "read")).toBe(false);

    const again = await run("grant", alice.email, "admin");
    expect(again.out.every((line) => line.startsWith("already held: "))).toBe(true);

    const listed = await run("list");
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(`App:homepage#admins       ${alice.email} (User:${alice.id})`);
    expect(listed.out).toContain("App:homepage#readers      (nobody)");

    const revoked = await run("revoke", alice.email, "admin");
    expect(revoked.code).toBe(0);
    expect(await allowed("homepage", "administer")).toBe(false);
    expect(await allowed("graphiql", "administer")).toBe(false);
    expect((await run("revoke", alice.email, "admin")).out[0]).toMatch(/^not held: /);
  });

  it("grants the welcome page and GraphiQL one at a time", async () => {
    expect((await run("grant", alice.email, "homepage")).code).toBe(0);
    expect(await allowed("homepage", "read")).toBe(true);
    expect(await allowed("graphiql", "use")).toBe(false);
    expect((await run("grant", alice.email, "graphiql")).code).toBe(0);
    expect(await allowed("graphiql", "use")).toBe(true);
    const mine = await run("list", alice.email);
    expect(mine.out.filter((line) => !line.endsWith("(nobody)"))).toEqual([
      `App:homepage#readers      ${alice.email} (User:${alice.id})`,
      `App:graphiql#integrators  ${alice.email} (User:${alice.id})`,
    ]);
  });

  it("says no account uses an unknown email, exit 1, and writes nothing", async () => {
    const result = await run("grant", "nobody@example.test", "admin");
    expect(result.code).toBe(1);
    expect(result.err[0]).toContain("No account uses nobody@example.test");
    expect(result.out).toEqual([]);
  });

  it.each([
    [["grant", "first.admin@example.test", "owner"], 'unknown access "owner"'],
    [["grant", "first.admin@example.test"], "expected an email and an access"],
    [["promote"], 'unknown command "promote"'],
    [[], "missing command"],
  ])("refuses %j with usage, exit 64", async (args, message) => {
    const result = await run(...args);
    expect(result.code).toBe(64);
    expect(result.err[0]).toContain(message);
    expect(result.err[0]).toContain("usage: npm run access");
  });

  it("prints its usage on help, exit 0", async () => {
    for (const help of ["help", "--help", "-h"]) {
      const result = await run(help);
      expect(result.code).toBe(0);
      expect(result.out.join("\n")).toContain("usage: npm run access");
    }
  });

  it("runs as a script against the configured Ory, with its exit codes", async () => {
    const script = path.join(repoRoot, "server/src/tools/access.ts");
    const tsx = path.join(repoRoot, "node_modules/.bin/tsx");
    const env = {
      PATH: process.env.PATH,
      KRATOS_PUBLIC_URL: emulator.urls.kratosPublic,
      KRATOS_ADMIN_URL: emulator.urls.kratosAdmin,
      KETO_READ_URL: emulator.urls.ketoRead,
      KETO_WRITE_URL: emulator.urls.ketoWrite,
    };
    const runScript = (...args: string[]) =>
      promisify(execFile)(tsx, [script, ...args], { env, cwd: repoRoot }).then(
        ({ stdout }) => ({ code: 0, stdout, stderr: "" }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
    await run("revoke", alice.email, "homepage");
    const granted = await runScript("grant", alice.email, "homepage");
    expect(granted).toMatchObject({ code: 0, stdout: expect.stringContaining("granted: ") });
    expect(await allowed("homepage", "read")).toBe(true);
    const unknown = await runScript("grant", "nobody@example.test", "homepage");
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining("No account uses") });
    await emulator.faults.set("kratos", { down: true });
    try {
      const unreachable = await runScript("grant", alice.email, "homepage");
      expect(unreachable).toMatchObject({
        code: 69,
        stderr: expect.stringContaining("Ory did not answer"),
      });
    } finally {
      await emulator.faults.clear();
    }
  });
});
