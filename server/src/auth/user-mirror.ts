import type { PrismaClient } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { enqueueTupleChanges } from "../outbox/outbox.ts";
import type { TupleChange } from "../outbox/tuples.ts";
import type { Viewer } from "./viewer.ts";

export interface UserMirrorOptions {
  /** Tuples every new user gets, written with their row (e.g. membership of Group:everyone). */
  welcomeTuples?: (userId: string) => TupleChange[];
  /**
   * Turns what was waiting for this person's email (shares made before they
   * had an account) into their grants; returns the tuple changes to queue.
   * Asked only once Kratos has verified the email, so nobody claims an
   * address they do not hold.
   */
  claimInvitations?: (
    tx: Prisma.TransactionClient,
    user: { id: string; email: string },
  ) => Promise<TupleChange[]>;
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
  const { welcomeTuples, claimInvitations, deliver, maxRemembered = 10_000 } = options;
  const written = new Map<string, string>();
  return async function mirror(viewer: Viewer): Promise<void> {
    const verified = hasVerifiedEmail(viewer);
    const fingerprint = `${viewer.email}\n${viewer.name}\n${verified}`;
    if (written.get(viewer.id) === fingerprint) return;
    const queued = await prisma.$transaction(async (tx) => {
      const existing = await tx.user.findUnique({ where: { id: viewer.id } });
      const fields = { email: viewer.email, name: viewer.name };
      if (existing) await tx.user.update({ where: { id: viewer.id }, data: fields });
      else await tx.user.create({ data: { id: viewer.id, ...fields } });
      const changes = [
        ...(existing ? [] : (welcomeTuples?.(viewer.id) ?? [])),
        ...((verified && (await claimInvitations?.(tx, viewer))) || []),
      ];
      await enqueueTupleChanges(tx, changes);
      return changes.length > 0;
    });
    if (queued) await deliver?.();
    written.delete(viewer.id);
    written.set(viewer.id, fingerprint);
    if (written.size > maxRemembered) written.delete(written.keys().next().value as string);
  };
}

export type UserMirror = ReturnType<typeof createUserMirror>;

function hasVerifiedEmail(viewer: Viewer): boolean {
  const email = viewer.email.toLowerCase();
  return (viewer.session.identity?.verifiable_addresses ?? []).some(
    (address) => address.verified && address.value.toLowerCase() === email,
  );
}
