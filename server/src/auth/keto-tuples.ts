import { RelationshipApi } from "@ory/client-fetch";
import type { Logger } from "../log.ts";
import { KetoUnavailableError } from "./keto.ts";
import { describeOryFailure, oryConfiguration } from "./ory.ts";

/** A subject as Keto stores it: `User:<id>` (empty relation) or `Group:<id>#members`. */
export interface SubjectSet {
  namespace: string;
  object: string;
  relation: string;
}

/** One tuple of a namespace, seen from its subject: which object, through which relation. */
export interface RelatedObject {
  object: string;
  relation: string;
}

export interface TupleLister {
  /**
   * Every tuple of `namespace` whose subject is exactly `subject`, across all
   * pages. Rejects with KetoUnavailableError when Keto cannot answer.
   */
  relatedTo(namespace: string, subject: SubjectSet): Promise<RelatedObject[]>;
}

/** Keto clamps larger pages to 500 (keysetpagination_v2), so asking for more saves nothing. */
const PAGE_SIZE = 500;

/**
 * Reads tuples through Keto's list API (`GET /relation-tuples`, read port).
 * `maxPages` bounds what one request spends on one subject's listing: past it
 * the rest is left out with a warning, and lists hold only what the API's own
 * grant mirror names beyond that point (docs/decisions/0014).
 */
export function ketoTupleLister(options: {
  ketoReadUrl: string;
  timeoutMs: number;
  log: Pick<Logger, "warn">;
  maxPages?: number;
  /** Ory Network's API key, sent as a bearer token. */
  apiKey?: string;
}): TupleLister {
  const api = new RelationshipApi(
    oryConfiguration(options.ketoReadUrl, options.timeoutMs, options.apiKey),
  );
  const maxPages = options.maxPages ?? 20;
  return {
    async relatedTo(namespace, subject) {
      const related: RelatedObject[] = [];
      let pageToken: string | undefined;
      for (let page = 0; page < maxPages; page += 1) {
        const { relation_tuples: tuples, next_page_token: next } = await api
          .getRelationships({
            namespace,
            subjectSetNamespace: subject.namespace,
            subjectSetObject: subject.object,
            subjectSetRelation: subject.relation,
            pageSize: PAGE_SIZE,
            pageToken,
          })
          .catch((error: unknown) => {
            throw new KetoUnavailableError(`Keto list failed: ${describeOryFailure(error)}`, {
              cause: error,
            });
          });
        for (const tuple of tuples ?? []) {
          related.push({ object: tuple.object, relation: tuple.relation });
        }
        if (!next) return related;
        pageToken = next;
      }
      options.log.warn(
        { namespace, subject, listed: related.length },
        "Keto listing cut short: the subject has more tuples than one request reads",
      );
      return related;
    },
  };
}
