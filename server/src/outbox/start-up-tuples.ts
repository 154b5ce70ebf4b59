import { RelationshipApi } from "@ory/client-fetch";
import { describeOryFailure, oryConfiguration } from "../auth/ory.ts";
import type { OryUrls } from "../config.ts";
import type { PrismaClient } from "../db/client.ts";
import type { Logger } from "../log.ts";
import { enqueueTupleChanges } from "./outbox.ts";
import { queued } from "./rows.ts";
import { type insert, relationship } from "./tuples.ts";

type Insert = ReturnType<typeof insert>;

/**
 * Queues the tuples the API writes at every start (e.g. `App:homepage#readers`),
 * but only those Keto does not hold and the outbox has not queued already:
 * Keto stores a second copy of a tuple written twice, so a blind write would
 * add one more on every restart. When Keto cannot be asked, the tuple is
 * queued anyway (a duplicate is harmless to checks; a missing grant is not).
 */
export async function ensureStartUpTuples(
  prisma: PrismaClient,
  ory: Pick<OryUrls, "ketoRead" | "apiKey">,
  timeoutMs: number,
  log: Logger,
  tuples: Insert[],
): Promise<void> {
  const keto = new RelationshipApi(oryConfiguration(ory.ketoRead, timeoutMs, ory.apiKey));
  const missing: Insert[] = [];
  for (const change of tuples) {
    const tuple = relationship(change.namespace, change.object, change.relation, change.subject);
    // The outbox's columns and Keto's list filters share these names.
    const exactly = {
      namespace: tuple.namespace,
      object: tuple.object,
      relation: tuple.relation,
      subjectSetNamespace: tuple.subject_set?.namespace,
      subjectSetObject: tuple.subject_set?.object,
      subjectSetRelation: tuple.subject_set?.relation,
    };
    const waiting = await prisma.tupleOutbox.count({
      where: { ...queued, action: "INSERT", ...exactly },
    });
    if (waiting > 0) continue;
    try {
      const { relation_tuples: held } = await keto.getRelationships({ ...exactly, pageSize: 1 });
      if ((held ?? []).length > 0) continue;
    } catch (error) {
      log.warn(
        { tuple, cause: describeOryFailure(error) },
        "Keto could not say whether a start-up tuple exists; queueing it",
      );
    }
    missing.push(change);
  }
  await enqueueTupleChanges(prisma, missing);
}
