import { createHash } from "node:crypto";
import type { PrismaClient } from "../db/client.ts";
import { ValidationError } from "./failures.ts";

/** How long a key answers retries; older keys are swept and may be used again. */
export const idempotencyWindowMs = 24 * 60 * 60 * 1000;

/** Long enough to be unique when random, short enough to index; no spaces or quotes. */
const keyPattern = /^[A-Za-z0-9._:-]{8,128}$/;

/** A creation that may be retried: its key, and what makes a retry "the same request". */
export interface IdempotentRequest {
  key: string;
  operation: string;
  /** The validated input, ids decoded: equal input gives an equal fingerprint. */
  input: unknown;
}

/** Validates an optional `idempotencyKey` input field. */
export function idempotencyKey(value: string | null | undefined): string | undefined {
  if (value == null) return undefined;
  if (!keyPattern.test(value)) {
    throw new ValidationError([
      {
        path: ["input", "idempotencyKey"],
        message: "must be 8 to 128 characters: letters, digits, '.', '_', ':' or '-'",
      },
    ]);
  }
  return value;
}

export function fingerprintOf(request: IdempotentRequest): string {
  return createHash("sha256")
    .update(JSON.stringify([request.operation, request.input]))
    .digest("base64url");
}

/** The first run of this request, if the key is known and still in its window. */
export async function firstRun(prisma: PrismaClient, userId: string, request: IdempotentRequest) {
  const row = await prisma.idempotencyKey.findUnique({
    where: { userId_key: { userId, key: request.key } },
  });
  if (!row || row.createdAt.getTime() < Date.now() - idempotencyWindowMs) return null;
  if (row.operation !== request.operation || row.fingerprint !== fingerprintOf(request)) {
    throw new ValidationError([
      {
        path: ["input", "idempotencyKey"],
        message: "was already used for a different request; use a new key for new input",
      },
    ]);
  }
  return row;
}

/**
 * Deletes keys past their window. Runs before each keyed creation, so the
 * table holds at most a window's worth of keys without a separate job.
 */
export async function sweepExpiredKeys(prisma: PrismaClient): Promise<void> {
  await prisma.idempotencyKey.deleteMany({
    where: { createdAt: { lt: new Date(Date.now() - idempotencyWindowMs) } },
  });
}
