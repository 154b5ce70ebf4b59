import { PermissionApi, type Relationship } from "@ory/client-fetch";
import type { Logger } from "../log.ts";
import { describeOryFailure, errorBodyOf, httpStatusOf, oryConfiguration } from "./ory.ts";

/** One check's answer: allowed or not, or the reason Keto could not say. */
export type CheckOutcome = boolean | Error;

export interface PermissionChecker {
  /** Answers every tuple, in order. Never throws: failures are per-item Errors. */
  check(tuples: Relationship[]): Promise<CheckOutcome[]>;
  /**
   * Told of checks answered without `check`, from Keto's listing of the viewer's own tuples,
   * so that a shadow Keto (keto-shadow.ts) compares those answers too.
   */
  answeredElsewhere?(tuples: Relationship[], answers: CheckOutcome[]): void;
}

export interface KetoCheckerOptions {
  ketoReadUrl: string;
  /**
   * Tuples per batch call (KETO_BATCH_SIZE). A Keto whose `limit.max_batch_check_size` is
   * smaller says so, and its limit is used from then on.
   */
  batchSize: number;
  timeoutMs: number;
  log: Pick<Logger, "warn">;
  /** Ory Network's API key, sent as a bearer token. */
  apiKey?: string;
}

export class KetoUnavailableError extends Error {
  override name = "KetoUnavailableError";
}

/**
 * Checks through Keto's batch endpoint, in chunks sent in parallel. A Keto
 * without batch check (404: older than v0.14) gets parallel single checks.
 */
export function ketoPermissionChecker(options: KetoCheckerOptions): PermissionChecker {
  const api = new PermissionApi(
    oryConfiguration(options.ketoReadUrl, options.timeoutMs, options.apiKey),
  );
  let batchSupported = true;
  let batchSize = options.batchSize;

  const checkOne = singleCheck(api);

  async function checkChunk(tuples: Relationship[]): Promise<CheckOutcome[]> {
    if (!batchSupported) return Promise.all(tuples.map(checkOne));
    try {
      const { results } = await api.batchCheckPermission({
        batchCheckPermissionBody: { tuples },
      });
      return tuples.map((_, index) => {
        const result = results[index];
        if (!result) return new KetoUnavailableError("Keto returned fewer results than tuples");
        if (result.error) return new KetoUnavailableError(`Keto: ${result.error}`);
        return result.allowed;
      });
    } catch (error) {
      if (httpStatusOf(error) === 404) {
        batchSupported = false;
        return Promise.all(tuples.map(checkOne));
      }
      const limit = await batchLimitOf(error);
      // Only a limit below this chunk's size can help; each retry then sends smaller chunks.
      if (limit !== undefined && limit < tuples.length) {
        if (limit < batchSize) {
          options.log.warn(
            { ketoLimit: limit, KETO_BATCH_SIZE: options.batchSize },
            "Keto's limit.max_batch_check_size is below KETO_BATCH_SIZE: batch checks use Keto's limit from now on (raise it in keto.yml, or lower KETO_BATCH_SIZE)",
          );
          batchSize = limit;
        }
        return check(tuples);
      }
      const failure = unavailable(error);
      return tuples.map(() => failure);
    }
  }

  async function check(tuples: Relationship[]): Promise<CheckOutcome[]> {
    const chunks: Relationship[][] = [];
    for (let start = 0; start < tuples.length; start += batchSize) {
      chunks.push(tuples.slice(start, start + batchSize));
    }
    return (await Promise.all(chunks.map(checkChunk))).flat();
  }

  return { check };
}

/**
 * Keto's `limit.max_batch_check_size` when it refused a batch for being larger: a 400 whose
 * message is "batch exceeds max size of N" (REFERENCE.md, "Batch check").
 */
async function batchLimitOf(error: unknown): Promise<number | undefined> {
  if (httpStatusOf(error) !== 400) return undefined;
  const body = await errorBodyOf(error);
  const limit = Number(body?.match(/batch exceeds max size of (\d+)/)?.[1]);
  return Number.isInteger(limit) && limit >= 1 ? limit : undefined;
}

/** One tuple through `GET /relation-tuples/check/openapi`; errors come back as values. */
function singleCheck(api: PermissionApi) {
  return async (tuple: Relationship): Promise<CheckOutcome> => {
    try {
      const { allowed } = await api.checkPermission({
        namespace: tuple.namespace,
        object: tuple.object,
        relation: tuple.relation,
        subjectId: tuple.subject_id,
        subjectSetNamespace: tuple.subject_set?.namespace,
        subjectSetObject: tuple.subject_set?.object,
        subjectSetRelation: tuple.subject_set?.relation,
      });
      return allowed;
    } catch (error) {
      return unavailable(error);
    }
  };
}

/**
 * One Keto call per tuple, never the batch endpoint: what a Keto older than
 * v0.14 gets, and the naive baseline `npm run bench` compares against.
 */
export function ketoSingleCheckChecker(
  options: Omit<KetoCheckerOptions, "batchSize" | "log">,
): PermissionChecker {
  const checkOne = singleCheck(
    new PermissionApi(oryConfiguration(options.ketoReadUrl, options.timeoutMs, options.apiKey)),
  );
  return { check: (tuples) => Promise.all(tuples.map(checkOne)) };
}

function unavailable(error: unknown): KetoUnavailableError {
  return new KetoUnavailableError(`Keto check failed: ${describeOryFailure(error)}`, {
    cause: error,
  });
}
