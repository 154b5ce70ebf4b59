import type { PrismaClient } from "../db/client.ts";
import type { Viewer } from "./viewer.ts";

/**
 * Keeps a User row for every Kratos identity that signs in, so domain data can
 * join on it. Writes only when an identity is new or its traits changed since
 * this process last wrote it; the remembered set is bounded.
 */
export function createUserMirror(prisma: PrismaClient, maxRemembered = 10_000) {
  const written = new Map<string, string>();
  return async function mirror(viewer: Viewer): Promise<void> {
    const fingerprint = `${viewer.email}\n${viewer.name}`;
    if (written.get(viewer.id) === fingerprint) return;
    await prisma.user.upsert({
      where: { id: viewer.id },
      create: { id: viewer.id, email: viewer.email, name: viewer.name },
      update: { email: viewer.email, name: viewer.name },
    });
    written.delete(viewer.id);
    written.set(viewer.id, fingerprint);
    if (written.size > maxRemembered) written.delete(written.keys().next().value as string);
  };
}

export type UserMirror = ReturnType<typeof createUserMirror>;
