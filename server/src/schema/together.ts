import DataLoader from "dataloader";

type Query = () => Promise<unknown>;

const loaders = new WeakMap<object, DataLoader<Query, unknown>>();

/**
 * Runs the queries that a request asks in the same tick side by side and
 * hands all their results back at the same moment. Sibling resolvers (each
 * project's documents, say) then take their next step together, so the
 * permission checks that follow leave in one Keto round for the whole level
 * instead of one round per query as each happens to finish.
 */
export function together<T>(context: object, query: () => Promise<T>): Promise<T> {
  let loader = loaders.get(context);
  if (!loader) {
    loader = new DataLoader<Query, unknown>(
      async (queries) =>
        Promise.all(queries.map((run) => run().catch((error: unknown) => toError(error)))),
      { cache: false },
    );
    loaders.set(context, loader);
  }
  return loader.load(query) as Promise<T>;
}

// DataLoader hands an Error result to its caller as a rejection.
const toError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
