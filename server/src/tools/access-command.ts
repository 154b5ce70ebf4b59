import { IdentityApi, RelationshipApi } from "@ory/client-fetch";
import { listSubjects, type SubjectSet } from "../auth/keto-tuples.ts";
import { oryConfiguration } from "../auth/ory.ts";
import { subjectSetFields, userSubject } from "../auth/vocabulary.ts";
import type { OryUrls } from "../config.ts";
import { type AppName, appNames, relationOf } from "../domain/app-access.ts";

export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Each access the command names, as the App tuples it stands for. */
const accesses: Record<string, { app: AppName; relation: string }[]> = {
  admin: appNames.map((app) => ({ app, relation: relationOf(app, "ADMIN") })),
  homepage: [{ app: "homepage", relation: relationOf("homepage", "ACCESS") }],
  graphiql: [{ app: "graphiql", relation: relationOf("graphiql", "ACCESS") }],
};

export const usage = `usage: npm run access -- <command>
  grant <email> <access>    give the person with this account the access
  revoke <email> <access>   take it away again
  list [email]              who holds each access directly (or what this person holds)
  help                      this text
<access> is one of:
  admin      administers access on the Access page: App:homepage#admins, App:graphiql#admins
  homepage   reads the welcome page: App:homepage#readers
  graphiql   is an integrator: App:graphiql#integrators
Ory is KRATOS_ADMIN_URL and KETO_READ_URL/KETO_WRITE_URL (or ORY_SDK_URL with ORY_API_KEY),
from the environment or .env; unset, the emulator of a running \`npm start\`.
Exit codes: 0 done, 1 no account uses the email, 64 bad usage, 69 Ory did not answer.`;

class UsageError extends Error {}

/** The Ory APIs the command calls, built from the configured URLs. */
function oryApis(ory: OryUrls, timeoutMs: number) {
  return {
    identities: new IdentityApi(oryConfiguration(ory.kratosAdmin, timeoutMs, ory.apiKey)),
    ketoRead: new RelationshipApi(oryConfiguration(ory.ketoRead, timeoutMs, ory.apiKey)),
    ketoWrite: new RelationshipApi(oryConfiguration(ory.ketoWrite, timeoutMs, ory.apiKey)),
  };
}

type Apis = ReturnType<typeof oryApis>;

/**
 * `npm run access`: grants and revokes App access straight in Keto, which is
 * how the first administrator is made (nobody can use the Access page yet).
 * Exit codes: 0 done (and for `help`), 1 no account uses the email, 64 bad usage.
 * Ory failing rejects; the caller reports it (exit 69, as sysexits' EX_UNAVAILABLE).
 */
export async function runAccessCommand(
  args: string[],
  ory: OryUrls,
  io: CommandIo,
  timeoutMs = 10_000,
): Promise<number> {
  const apis = oryApis(ory, timeoutMs);
  try {
    const [command, ...rest] = args;
    switch (command) {
      case "grant":
      case "revoke": {
        const [email, access] = expectArgs(rest, 2, "an email and an access");
        const tuples = accesses[access];
        if (!tuples) throw new UsageError(`unknown access "${access}"`);
        const person = await findPerson(apis, email);
        if (!person) {
          io.err(
            `No account uses ${email}. The person signs up first (the email must match their login), then run this again.`,
          );
          return 1;
        }
        for (const { app, relation } of tuples) {
          const tuple = { namespace: "App", object: app, relation };
          const changed =
            command === "grant"
              ? await grant(apis, tuple, person.id)
              : await revoke(apis, tuple, person.id);
          const verb = command === "grant" ? "granted" : "revoked";
          const unchanged = command === "grant" ? "already held" : "not held";
          io.out(
            `${changed ? verb : unchanged}: App:${app}#${relation} for ${person.email} (User:${person.id})`,
          );
        }
        return 0;
      }
      case "list": {
        const [email] = expectArgs(rest, rest.length === 0 ? 0 : 1, "at most one email");
        const person = email === undefined ? undefined : await findPerson(apis, email);
        if (person === null) {
          io.err(`No account uses ${email}.`);
          return 1;
        }
        await list(apis, io, person);
        return 0;
      }
      case "help":
      case "--help":
      case "-h":
        io.out(usage);
        return 0;
      default:
        throw new UsageError(command ? `unknown command "${command}"` : "missing command");
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`error: ${error.message}\n${usage}`);
    return 64;
  }
}

function expectArgs(args: string[], count: number, what: string): string[] {
  if (args.length !== count) throw new UsageError(`expected ${what}`);
  return args;
}

interface Person {
  id: string;
  email: string;
}

/** Kratos's identity whose login identifier is the email (as Kratos stores it, lowercase). */
async function findPerson(apis: Apis, email: string): Promise<Person | null> {
  const identifier = email.trim().toLowerCase();
  const [identity] = await apis.identities.listIdentities({ credentialsIdentifier: identifier });
  if (!identity) return null;
  const traits = identity.traits as { email?: string };
  return { id: identity.id, email: traits.email ?? identifier };
}

type AppTuple = { namespace: string; object: string; relation: string };

/** The user's subject set as Keto's list and delete filters spell it. */
const userSubjectQuery = (id: string) => subjectSetFields(userSubject(id));

/** Writes the tuple unless Keto holds it: Keto would keep a second copy. */
async function grant(apis: Apis, tuple: AppTuple, userId: string): Promise<boolean> {
  const held = await apis.ketoRead.getRelationships({ ...tuple, ...userSubjectQuery(userId) });
  if ((held.relation_tuples ?? []).length > 0) return false;
  await apis.ketoWrite.createRelationship({
    createRelationshipBody: {
      ...tuple,
      subject_set: userSubject(userId),
    },
  });
  return true;
}

async function revoke(apis: Apis, tuple: AppTuple, userId: string): Promise<boolean> {
  const held = await apis.ketoRead.getRelationships({ ...tuple, ...userSubjectQuery(userId) });
  if ((held.relation_tuples ?? []).length === 0) return false;
  await apis.ketoWrite.deleteRelationships({ ...tuple, ...userSubjectQuery(userId) });
  return true;
}

/** One line per relation and direct holder; people by email, groups by id (no database here). */
async function list(apis: Apis, io: CommandIo, only: Person | undefined) {
  const emails = new Map<string, string>();
  const nameOf = async (subject: SubjectSet): Promise<string> => {
    if (subject.namespace !== "User" || subject.relation !== "") {
      return `members of ${subject.namespace}:${subject.object}`;
    }
    let email = emails.get(subject.object);
    if (email === undefined) {
      const identity = await apis.identities
        .getIdentity({ id: subject.object })
        .catch(() => undefined);
      email = (identity?.traits as { email?: string } | undefined)?.email ?? "(no such account)";
      emails.set(subject.object, email);
    }
    return `${email} (User:${subject.object})`;
  };
  for (const app of appNames) {
    for (const relation of [relationOf(app, "ADMIN"), relationOf(app, "ACCESS")]) {
      const { subjects, complete } = await listSubjects(
        apis.ketoRead,
        { namespace: "App", object: app, relation },
        20,
      );
      const shown = only
        ? subjects.filter((subject) => subject.namespace === "User" && subject.object === only.id)
        : subjects;
      const label = `App:${app}#${relation}`.padEnd(26);
      if (shown.length === 0) io.out(`${label}(nobody)`);
      for (const subject of shown) io.out(`${label}${await nameOf(subject)}`);
      if (!complete) io.out(`${label}… more than this listing reads`);
    }
  }
}
