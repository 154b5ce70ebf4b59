import type { PrismaClient } from "../db/client.ts";
import { enqueueTupleChanges } from "../outbox/outbox.ts";
import type { TupleChange } from "../outbox/tuples.ts";
import type { Viewer } from "./viewer.ts";

export interface UserMirrorOptions {
  /** Tuples every new user gets, written with their row (e.g. membership of Group:everyone). */
  welcomeTuples?: (userId: string) => TupleChange[];
  /** Sends queued tuples to Keto now, so the newcomer's first request already sees them. */
  deliver?: () => Promise<unknown>;
  maxRemembered?: number;
}

/**
 * Keeps a User row for every Kratos identity that signs in, so domain data can
 * join on it. Writes only when an identity is new or its traits changed since
 * this process last wrote it; the remembered set is bounded.
 */
export function createUserMirror(prisma: PrismaClient, options: UserMirrorOptions = {}) {
  const { welcomeTuples, deliver, maxRemembered = 10_000 } = options;
  const written = new Map<string, string>();
  return async function mirror(viewer: Viewer): Promise<void> {
    const fingerprint = `${viewer.email}\n${viewer.name}`;
    if (written.get(viewer.id) === fingerprint) return;
    const created = await prisma.$transaction(async (tx) => {
      const existing = await tx.user.findUnique({ where: { id: viewer.id } });
      const fields = { email: viewer.email, name: viewer.name };
      if (existing) {
        await tx.user.update({ where: { id: viewer.id }, data: fields });
        return false;
      }
      await tx.user.create({ data: { id: viewer.id, ...fields } });
      await enqueueTupleChanges(tx, welcomeTuples?.(viewer.id) ?? []);
      return true;
    });
    if (created && welcomeTuples) await deliver?.();
    written.delete(viewer.id);
    written.set(viewer.id, fingerprint);
    if (written.size > maxRemembered) written.delete(written.keys().next().value as string);
  };
}

export type UserMirror = ReturnType<typeof createUserMirror>;
