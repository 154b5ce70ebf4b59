import { pathToFileURL } from "node:url";
import { IdentityApi, RelationshipApi, type RelationshipPatch } from "@ory/client";
import { oryConfiguration } from "../server/src/auth/ory.ts";
import { loadConfig, type OryUrls } from "../server/src/config.ts";
import { openDatabase } from "../server/src/db/client.ts";
import type { PrismaClient } from "../server/src/generated/prisma/client.ts";
import { createLogger, type Logger } from "../server/src/log.ts";

/** The people `npm start` prints logins for. Passwords are demo-only. */
export const demoUsers = [
  {
    email: "alice@example.com",
    name: "Alice Example",
    password: "wonderland-tea-party",
    note: "sees the welcome page (member of Group:everyone)",
  },
  {
    email: "bob@example.com",
    name: "Bob Example",
    password: "builder-can-fix-it",
    note: "signed in, but no access to the welcome page",
  },
] as const;

/** The Keto object of the group whose members may read the welcome page. */
export const everyoneGroup = "everyone";

export interface SeedDependencies {
  prisma: PrismaClient;
  ory: OryUrls;
  log: Logger;
}

/**
 * Creates the demo identities in Kratos (if missing), mirrors them as users,
 * and writes their tuples to Keto. Safe to run again: every step is idempotent.
 */
export async function seedDemoData({ prisma, ory, log }: SeedDependencies) {
  const identities = new IdentityApi(oryConfiguration(ory.kratosAdmin, 10_000));
  const relationships = new RelationshipApi(oryConfiguration(ory.ketoWrite, 10_000));
  const ids = new Map<string, string>();

  for (const user of demoUsers) {
    const { data: found } = await identities.listIdentities({ credentialsIdentifier: user.email });
    const identity =
      found[0] ??
      (
        await identities.createIdentity({
          createIdentityBody: {
            schema_id: "default",
            traits: { email: user.email, name: user.name },
            credentials: { password: { config: { password: user.password } } },
          },
        })
      ).data;
    ids.set(user.email, identity.id);
    await prisma.user.upsert({
      where: { id: identity.id },
      create: { id: identity.id, email: user.email, name: user.name },
      update: {},
    });
  }

  const alice = ids.get("alice@example.com") as string;
  const patch: RelationshipPatch[] = [
    {
      action: "insert",
      relation_tuple: {
        namespace: "App",
        object: "homepage",
        relation: "readers",
        subject_set: { namespace: "Group", object: everyoneGroup, relation: "members" },
      },
    },
    {
      action: "insert",
      relation_tuple: {
        namespace: "Group",
        object: everyoneGroup,
        relation: "members",
        subject_set: { namespace: "User", object: alice, relation: "" },
      },
    },
  ];
  await relationships.patchRelationships({ relationshipPatch: patch });
  log.info({ users: demoUsers.length, tuples: patch.length }, "demo data seeded");
  return demoUsers.map(({ email, password, note }) => ({ email, password, note }));
}

// `npm run db:seed`: against the configured Ory, or a running `npm run emulator`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const db = await openDatabase(config);
  try {
    const logins = await seedDemoData({
      prisma: db.prisma,
      log,
      ory: config.ory ?? {
        kratosPublic: "http://127.0.0.1:4433",
        kratosAdmin: "http://127.0.0.1:4434",
        ketoRead: "http://127.0.0.1:4466",
        ketoWrite: "http://127.0.0.1:4467",
      },
    });
    for (const login of logins) console.log(`${login.email}  ${login.password}  (${login.note})`);
  } finally {
    await db.close();
  }
}
