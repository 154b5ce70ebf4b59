import { pathToFileURL } from "node:url";
import { IdentityApi } from "@ory/client-fetch";
import { oryConfiguration } from "../server/src/auth/ory.ts";
import { loadConfig, type OryUrls } from "../server/src/config.ts";
import { type Database, openDatabase } from "../server/src/db/client.ts";
import { createLogger, type Logger } from "../server/src/log.ts";
import { createOutboxDispatcher, enqueueTupleChanges } from "../server/src/outbox/outbox.ts";
import {
  everyoneGroup,
  groupMembers,
  insert,
  projectRef,
  type TupleChange,
  user,
} from "../server/src/outbox/tuples.ts";

/** The people `npm start` prints logins for. Passwords are demo-only. */
export const demoUsers = [
  {
    key: "alice",
    email: "alice@example.com",
    name: "Alice Example",
    password: "wonderland-tea-party",
    note: "sees the welcome page; owns Apollo and the Design team; administers access",
  },
  {
    key: "bob",
    email: "bob@example.com",
    name: "Bob Example",
    password: "builder-can-fix-it",
    note: "no welcome page; edits Apollo, owns his Workshop",
  },
  {
    key: "carol",
    email: "carol@example.com",
    name: "Carol Example",
    password: "carols-of-the-bells",
    note: "sees the welcome page; views Apollo through the Design team",
  },
] as const;

type DemoKey = (typeof demoUsers)[number]["key"];

export interface SeedDependencies {
  db: Database;
  ory: OryUrls;
  log: Logger;
}

/**
 * Demo identities in Kratos (created if missing) mirrored as users, the
 * welcome-page grants, and a small world of projects, documents and a group
 * with different roles. Safe to run again: identities are looked up first and
 * the world is only built once. Tuples go through the outbox like any write.
 */
export async function seedDemoData({ db, ory, log }: SeedDependencies) {
  const identities = new IdentityApi(oryConfiguration(ory.kratosAdmin, 10_000));
  const id = {} as Record<DemoKey, string>;
  for (const person of demoUsers) {
    const found = await identities.listIdentities({
      credentialsIdentifier: person.email,
    });
    const identity =
      found[0] ??
      (await identities.createIdentity({
        createIdentityBody: {
          schema_id: "default",
          traits: { email: person.email, name: person.name },
          credentials: { password: { config: { password: person.password } } },
          // Demo people own their example.com addresses: no verification banner for them.
          verifiable_addresses: [
            { value: person.email, via: "email", verified: true, status: "completed" },
          ],
        },
      }));
    id[person.key] = identity.id;
    await db.prisma.user.upsert({
      where: { id: identity.id },
      create: { id: identity.id, email: person.email, name: person.name },
      update: {},
    });
  }

  const alreadySeeded = await db.prisma.project.count({ where: { createdById: id.alice } });
  if (alreadySeeded === 0) await buildWorld(db, id);

  const outbox = createOutboxDispatcher({
    db,
    ketoWriteUrl: ory.ketoWrite,
    timeoutMs: 10_000,
    log,
  });
  const report = await outbox.deliver();
  if (report.error) throw new Error(`seed: Keto did not take the demo tuples: ${report.error}`);
  log.info({ users: demoUsers.length, tuples: report.delivered }, "demo data seeded");
  return demoUsers.map(({ email, password, note }) => ({ email, password, note }));
}

async function buildWorld(db: Database, id: Record<DemoKey, string>) {
  await db.prisma.$transaction(async (tx) => {
    const changes: TupleChange[] = [
      insert("App", "homepage", "readers", groupMembers(everyoneGroup)),
      // Alice explores the API in GraphiQL, production included.
      insert("App", "graphiql", "integrators", user(id.alice)),
      // Alice administers who may read the welcome page and who is an integrator.
      insert("App", "homepage", "admins", user(id.alice)),
      insert("App", "graphiql", "admins", user(id.alice)),
      insert("Group", everyoneGroup, "members", user(id.alice)),
      insert("Group", everyoneGroup, "members", user(id.carol)),
    ];

    const team = await tx.group.create({ data: { name: "Design team", createdById: id.alice } });
    await tx.groupMembership.createMany({
      data: [
        { groupId: team.id, userId: id.alice, role: "OWNER" },
        { groupId: team.id, userId: id.carol, role: "MEMBER" },
      ],
    });
    changes.push(
      insert("Group", team.id, "owners", user(id.alice)),
      insert("Group", team.id, "members", user(id.carol)),
    );

    const apollo = await tx.project.create({
      data: { name: "Apollo", description: "Getting to the moon and back.", createdById: id.alice },
    });
    await tx.projectGrant.createMany({
      data: [
        { projectId: apollo.id, userId: id.alice, role: "OWNER" },
        { projectId: apollo.id, userId: id.bob, role: "EDITOR" },
        { projectId: apollo.id, groupId: team.id, role: "VIEWER" },
      ],
    });
    changes.push(
      insert("Project", apollo.id, "owners", user(id.alice)),
      insert("Project", apollo.id, "editors", user(id.bob)),
      insert("Project", apollo.id, "viewers", groupMembers(team.id)),
    );

    const workshop = await tx.project.create({
      data: { name: "Workshop", description: "Bob's own corner.", createdById: id.bob },
    });
    await tx.projectGrant.create({
      data: { projectId: workshop.id, userId: id.bob, role: "OWNER" },
    });
    changes.push(insert("Project", workshop.id, "owners", user(id.bob)));

    const documents: [string, string, string, DemoKey][] = [
      [apollo.id, "Launch plan", "T-minus ten: everyone to their stations.", "alice"],
      [apollo.id, "Crew roster", "Commander, pilot, and whoever brings the snacks.", "bob"],
      [workshop.id, "Tool list", "Hammer, spanner, more spanners.", "bob"],
    ];
    for (const [projectId, title, body, author] of documents) {
      const document = await tx.document.create({
        data: { projectId, title, body, createdById: id[author] },
      });
      changes.push(
        insert("Document", document.id, "parents", projectRef(projectId)),
        insert("Document", document.id, "owners", user(id[author])),
      );
    }
    await enqueueTupleChanges(tx, changes);
  });
}

// `npm run db:seed`: against the configured Ory, or a running `npm run emulator`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const db = await openDatabase(config);
  try {
    const logins = await seedDemoData({
      db,
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
