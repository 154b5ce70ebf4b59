import { PermissionApi } from "@ory/client";
import type { CheckOutcome, PermissionChecker } from "../src/auth/keto.ts";
import { oryConfiguration } from "../src/auth/ory.ts";

/**
 * The naive way to ask Keto: one `GET /relation-tuples/check/openapi` per
 * tuple, never the batch endpoint. Answers fail closed like the real checker,
 * so both modes return the same data.
 */
export function singleCheckChecker(ketoReadUrl: string, timeoutMs: number): PermissionChecker {
  const api = new PermissionApi(oryConfiguration(ketoReadUrl, timeoutMs));
  const checkOne = async (
    tuple: Parameters<PermissionChecker["check"]>[0][number],
  ): Promise<CheckOutcome> => {
    try {
      const { data } = await api.checkPermission({
        namespace: tuple.namespace,
        object: tuple.object,
        relation: tuple.relation,
        subjectId: tuple.subject_id,
        subjectSetNamespace: tuple.subject_set?.namespace,
        subjectSetObject: tuple.subject_set?.object,
        subjectSetRelation: tuple.subject_set?.relation,
      });
      return data.allowed;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  };
  return { check: (tuples) => Promise.all(tuples.map(checkOne)) };
}

/**
 * BASELINE ONLY: allows everything and never calls Keto. It exists to measure
 * what authorization costs, and is only ever built here in the bench: the
 * server's own start-up has no way to reach it.
 */
export const allowEverythingChecker: PermissionChecker = {
  check: async (tuples) => tuples.map(() => true),
};
