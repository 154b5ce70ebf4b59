import { RelationshipApi } from "@ory/client-fetch";
import type { Logger } from "../log.ts";
import { KetoUnavailableError } from "./keto.ts";
import { describeOryFailure, oryConfiguration } from "./ory.ts";
import { subjectSetFields } from "./vocabulary.ts";

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
   * pages; `complete` is false when the listing was cut short. Rejects with
   * KetoUnavailableError when Keto cannot answer.
   */
  relatedTo(
    namespace: string,
    subject: SubjectSet,
  ): Promise<{ related: RelatedObject[]; complete: boolean }>;
  /**
   * Every subject Keto relates to `namespace:object#relation` directly (not
   * through groups), across all pages. Rejects with KetoUnavailableError.
   */
  subjectsOf(namespace: string, object: string, relation: string): Promise<SubjectSet[]>;
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
            ...subjectSetFields(subject),
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
        if (!next) return { related, complete: true };
        pageToken = next;
      }
      options.log.warn(
        { namespace, subject, listed: related.length },
        "Keto listing cut short: the subject has more tuples than one request reads",
      );
      return { related, complete: false };
    },
    async subjectsOf(namespace, object, relation) {
      const { subjects, complete } = await listSubjects(
        api,
        { namespace, object, relation },
        maxPages,
      );
      if (!complete) {
        options.log.warn(
          { namespace, object, relation, listed: subjects.length },
          "Keto listing cut short: the relation has more subjects than one request reads",
        );
      }
      return subjects;
    },
  };
}

/**
 * The subjects of one relation (`App:homepage#readers`), page by page, at most
 * `maxPages` pages; `complete` is false when more were left. Subjects given as
 * plain ids (`subject_id`) are not used by this API's model and are skipped.
 */
export async function listSubjects(
  api: RelationshipApi,
  tuple: { namespace: string; object: string; relation: string },
  maxPages: number,
): Promise<{ subjects: SubjectSet[]; complete: boolean }> {
  const subjects: SubjectSet[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const { relation_tuples: tuples, next_page_token: next } = await api
      .getRelationships({ ...tuple, pageSize: PAGE_SIZE, pageToken })
      .catch((error: unknown) => {
        throw new KetoUnavailableError(`Keto list failed: ${describeOryFailure(error)}`, {
          cause: error,
        });
      });
    for (const { subject_set: set } of tuples ?? []) {
      if (set)
        subjects.push({ namespace: set.namespace, object: set.object, relation: set.relation });
    }
    if (!next) return { subjects, complete: true };
    pageToken = next;
  }
  return { subjects, complete: false };
}
