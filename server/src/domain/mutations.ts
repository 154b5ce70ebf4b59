import type { Context } from "../context.ts";
import { authzUnavailableBeforeWrite, isAuthzUnavailable } from "../errors.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { enqueueTupleChanges } from "../outbox/outbox.ts";
import type { TupleChange } from "../outbox/tuples.ts";
import { deliveryState, type PermissionChanges } from "./delivery.ts";
import { NotFoundError } from "./failures.ts";
import { grantedPermits } from "./granted-permits.ts";
import {
  fingerprintOf,
  firstRun,
  type IdempotentRequest,
  sweepExpiredKeys,
} from "./idempotency.ts";

export type { PermissionChanges };

type Tx = Prisma.TransactionClient;

/** What a mutation does, step by step; runMutation runs the steps in order. */
export interface MutationSteps<Checked, Result> {
  /**
   * Everything that may refuse before a write: lookups, permission checks,
   * input validation. Keto or Kratos failing here changes nothing.
   */
  check(): Promise<Checked>;
  /** The rows and the tuple changes that go with them, in one transaction. */
  write(tx: Tx, checked: Checked): Promise<{ result: Result; changes: TupleChange[] }>;
  /** For creations: a retry with the same key answers the first run's result. */
  idempotency?: IdempotentRequest & {
    idOf(result: Result): string;
    /** The first run's result by its id; null when it is gone since. */
    load(id: string): Promise<Result | null>;
    noun: string;
  };
}

export interface MutationOutcome<Result> {
  result: Result;
  /** Whether Keto already holds the tuple changes the mutation committed. */
  permissionChanges: PermissionChanges;
}

/**
 * The one way a mutation changes rows or tuples: check, then write rows and
 * tuple changes in one transaction, then deliver them to Keto, then refresh
 * the request's permissions (the viewer's own grants are known at once, so
 * the answer resolves even while Keto is away). The outcome says whether Keto
 * has the changes yet.
 */
export async function runMutation<Checked, Result>(
  context: Context,
  steps: MutationSteps<Checked, Result>,
): Promise<MutationOutcome<Result>> {
  const viewer = await context.viewer();
  if (!viewer) throw new Error("mutations declare the authenticated scope");
  const { idempotency } = steps;
  if (idempotency) {
    const replayed = await replay(context, viewer.id, steps);
    if (replayed) return replayed;
  }
  const checked = await steps.check().catch((error: unknown) => {
    throw isAuthzUnavailable(error) ? authzUnavailableBeforeWrite(error.cause) : error;
  });
  if (idempotency) await sweepExpiredKeys(context.prisma);
  let committed: { result: Result; ids: bigint[] };
  try {
    committed = await context.prisma.$transaction(async (tx) => {
      const { result, changes } = await steps.write(tx, checked);
      const ids = await enqueueTupleChanges(tx, changes);
      if (idempotency) {
        // The primary key makes a concurrent duplicate fail here and roll back its writes.
        await tx.idempotencyKey.create({
          data: {
            userId: viewer.id,
            key: idempotency.key,
            operation: idempotency.operation,
            fingerprint: fingerprintOf(idempotency),
            resultId: idempotency.idOf(result),
            tupleChangeIds: ids,
          },
        });
      }
      return { result, ids };
    });
  } catch (error) {
    if (!(idempotency && isUniqueViolation(error))) throw error;
    const replayed = await replay(context, viewer.id, steps);
    if (!replayed) throw error;
    return replayed;
  }
  return settle(context, viewer.id, committed.result, committed.ids);
}

/** The first run's result, when this is a retry of a keyed creation. */
async function replay<Checked, Result>(
  context: Context,
  userId: string,
  { idempotency }: MutationSteps<Checked, Result>,
): Promise<MutationOutcome<Result> | null> {
  if (!idempotency) return null;
  const first = await firstRun(context.prisma, userId, idempotency);
  if (!first) return null;
  const result = await idempotency.load(first.resultId);
  if (result === null) throw new NotFoundError(idempotency.noun);
  return settle(context, userId, result, first.tupleChangeIds);
}

/** Delivers, then answers for the viewer's own standing grants and reports Keto's state. */
async function settle<Result>(
  context: Context,
  userId: string,
  result: Result,
  ids: bigint[],
): Promise<MutationOutcome<Result>> {
  await context.deliverTupleChanges();
  const state = await deliveryState(context.prisma, ids);
  await context.rememberGranted(grantedPermits(state.standingGrants, userId));
  return { result, permissionChanges: state.permissionChanges };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
